from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tomoshibi.core.variants import full_languages
from tomoshibi.help import posters


class Command(BaseCommand):
    help = (
        "Write the awareness posters: for each language and area, an A4 page to print (<area>-a4.html) "
        "and a phone-sized image (<area>-phone.svg), with a QR code that opens the help flow."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", required=True, type=Path, help="Folder to write into (one sub-folder per language)."
        )
        parser.add_argument(
            "--lang", action="append", dest="languages", help="Language code; repeat for several. Default: all."
        )
        parser.add_argument(
            "--prefecture", action="append", dest="areas", help="JIS code 01-47, or 'national'; repeat. Default: all."
        )
        parser.add_argument(
            "--site-url", default=None, help="Address the QR codes point to. Default: the SITE_URL setting."
        )

    def handle(self, *args, out, languages, areas, site_url, verbosity, **options):
        languages = self.checked(languages, [code for code, _name in full_languages()], "language")
        areas = self.checked(
            [a.zfill(2) if a.isdigit() else a for a in areas or []], posters.area_codes(), "prefecture"
        )
        written = posters.write_posters(out, languages, areas, site_url)
        if verbosity:
            self.stdout.write(f"Wrote {len(written)} files to {out} ({len(languages)} languages x {len(areas)} areas).")

    def checked(self, given, valid, what):
        unknown = [value for value in given or [] if value not in valid]
        if unknown:
            raise CommandError(f"Unknown {what}: {', '.join(unknown)}. Valid values: {', '.join(valid)}.")
        return list(given) if given else valid
