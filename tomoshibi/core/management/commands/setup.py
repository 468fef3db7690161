import importlib

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tomoshibi.linkage import dictionaries


def reference_data_loaders():
    """Each app may ship `reference_data.py` with `load(stdout, verbosity)`; it must be idempotent."""
    for app in apps.get_app_configs():
        if not app.name.startswith("tomoshibi."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.reference_data")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.reference_data":
                raise
            continue
        yield module.load


class Command(BaseCommand):
    help = "Prepare this installation: migrate, compile translations, export the encoder's tables, load reference data."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("messages", "compile", verbosity=verbosity)
        dictionaries.export()  # the in-browser encoder's tables, from the installed packages (docs/linkage.md)
        for load in reference_data_loaders():
            load(self.stdout, verbosity)
        self.stdout.write(self.style.SUCCESS(f"Ready: database {settings.DATABASES['default']['NAME']}"))
