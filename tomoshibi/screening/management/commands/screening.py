import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tomoshibi.screening import translations
from tomoshibi.screening.content import DATA_DIR
from tomoshibi.screening.texts import LANGUAGES, SOURCE_LANGUAGE, ContentError

TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


class Command(BaseCommand):
    help = (
        "Screening and training texts: `texts export --lang xx [FILE]` writes a JSON object English -> the "
        "current wording in xx; `texts import --lang xx FILE` writes a translator's JSON back into the TOML files."
    )

    def add_arguments(self, parser):
        parts = parser.add_subparsers(dest="part", required=True)
        texts = parts.add_parser("texts", help="Export or import one language of the texts.").add_subparsers(
            dest="action", required=True
        )
        export = texts.add_parser("export", help="English -> wording in the language ('' where there is none).")
        export.add_argument("file", type=Path, nargs="?", help="default: standard output")
        load = texts.add_parser("import", help="Set the language in every table the JSON file translates.")
        load.add_argument("file", type=Path)
        for action in (export, load):
            action.add_argument("--lang", required=True, choices=TRANSLATED)
            action.add_argument("--data", type=Path, default=DATA_DIR, help="the data folder (default: the bundled)")

    def handle(self, *args, action, lang, data, file, **options):
        if action == "export":
            self.do_export(data, lang, file)
        else:
            self.do_import(data, lang, file, options["verbosity"])

    def do_export(self, data, language, path):
        text = json.dumps(translations.export_language(data, language), ensure_ascii=False, indent=2) + "\n"
        if path is None:
            sys.stdout.write(text)
        else:
            path.write_text(text, encoding="utf-8")

    def do_import(self, data, language, path, verbosity):
        try:
            wording = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}", returncode=2) from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: not valid JSON ({error}). Nothing was imported.", returncode=2) from None
        if not isinstance(wording, dict) or not all(isinstance(v, str) for v in wording.values()):
            raise CommandError(
                f"{path}: expected a JSON object of English -> text. Nothing was imported.", returncode=2
            )
        try:
            report = translations.import_language(data, language, wording)
        except ContentError as error:
            raise CommandError(f"{path}: {error}", returncode=2) from None
        self.stdout.write(f"{language}: {report.tables} tables set in {len(report.written)} files.")
        for english in report.missing:
            self.stderr.write(f"missing {language} wording for: {english[:100]}")
        if report.missing:
            raise CommandError(f"{len(report.missing)} texts have no {language} wording.", returncode=1)
