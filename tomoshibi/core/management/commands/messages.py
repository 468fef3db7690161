from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tomoshibi.core import i18n

LANGUAGES_TO_EXTRACT = ["ja", "tl", "th", "km", "vi", "zh_Hans", "zh_Hant", "ko", "id", "ne", "my", "pt_BR", "es"]
# Easy Japanese (docs/i18n.md): public pages rewritten, everything else falls back to Japanese.
VARIANTS_TO_EXTRACT = ["ja_Easy"]


class Command(BaseCommand):
    help = "Translation catalogues: extract new strings, compile, and check that none is missing."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["extract", "fill-easy", "compile", "check"])

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action.replace('-', '_')}")(options["verbosity"])

    def do_extract(self, verbosity):
        call_command(
            "makemessages", locale=LANGUAGES_TO_EXTRACT + VARIANTS_TO_EXTRACT, no_obsolete=True, verbosity=verbosity
        )

    def do_fill_easy(self, verbosity):
        filled = i18n.fill_easy_japanese()
        if verbosity:
            self.stdout.write(f"Wrote the ordinary Japanese into {filled} easy-Japanese messages not yet rewritten.")

    def do_compile(self, verbosity):
        compiled = i18n.compile_catalogues()
        if verbosity:
            self.stdout.write(f"Compiled {len(compiled)} catalogues.")

    def do_check(self, verbosity):
        found = [p for po in i18n.catalogue_paths() for p in i18n.check_catalogue(po)] + i18n.missing_entries()
        violations = i18n.glossary_violations()
        if verbosity:
            for status in i18n.language_status(found, violations):
                self.stdout.write(str(status))
        problems = [str(p) for p in found] + [str(v) for v in violations]
        problems += [f"missing catalogue {m}" for m in i18n.missing_catalogues()]
        if problems:
            raise CommandError("Translation problems:\n" + "\n".join(problems))
        if verbosity:
            catalogues, data = len(i18n.catalogue_paths()), len(i18n.data_paths())
            self.stdout.write(f"{catalogues} catalogues complete and glossary-consistent, and {data} data files too.")
