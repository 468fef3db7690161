from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tomoshibi.directory.actions import do_import_services, export_rows
from tomoshibi.directory.csvformat import FormatError, read_rows, write_rows


class Command(BaseCommand):
    help = "Support directory: `import FILE` loads or updates services from CSV; `export [FILE]` writes them back."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Create or update services from a directory CSV file.")
        load.add_argument("file", type=Path)
        dump = actions.add_parser("export", help="Write every service as CSV (to standard output without FILE).")
        dump.add_argument("file", type=Path, nargs="?")

    def handle(self, *args, action, file=None, **options):
        if action == "import":
            self.do_import(file, options["verbosity"])
        else:
            self.do_export(file)

    def do_import(self, path, verbosity):
        try:
            with path.open(encoding="utf-8", newline="") as stream:
                report = do_import_services(read_rows(stream))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}", returncode=2) from None
        except FormatError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.", returncode=2) from None
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, {report.unchanged} unchanged."
        )
        if verbosity > 1:
            for service_id in report.updated:
                self.stdout.write(f"updated: {service_id}")
        if report.missing:
            self.stderr.write(
                f"{len(report.missing)} services in the database are not in {path} and were kept: "
                + ", ".join(report.missing)
            )

    def do_export(self, path):
        rows = export_rows()
        if path is None:
            write_rows(rows, self.stdout)
            return
        with path.open("w", encoding="utf-8", newline="") as stream:
            write_rows(rows, stream)
        self.stdout.write(f"{len(rows)} services written to {path}.")
