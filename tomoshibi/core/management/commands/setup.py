from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepare this installation: migrate, create the cache table, compile translations, load reference data."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=max(verbosity - 1, 0))
        call_command("messages", "compile", verbosity=verbosity)
        for step in self.reference_data_steps():
            step(verbosity)
        self.stdout.write(self.style.SUCCESS(f"Ready: database {settings.DATABASES['default']['NAME']}"))

    def reference_data_steps(self):
        """Loaders of the reference data each app needs on first start."""
        return []
