from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tomoshibi.directory.actions import do_import_services, export_contact_rows, export_rows
from tomoshibi.directory.checks import check_directory
from tomoshibi.directory.csvformat import (
    BUNDLED,
    CONTACT_COLUMNS,
    FormatError,
    contact_rows,
    iter_rows,
    read_rows,
    write_rows,
)


class Command(BaseCommand):
    help = (
        "Support directory: `import FILE` loads or updates services (and their contacts from contacts.csv beside it, "
        "or --contacts FILE); `export [FILE]` writes them back; `check` lists rows a maintainer must fix."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Create or update services from a directory CSV file.")
        load.add_argument("file", type=Path)
        load.add_argument("--contacts", type=Path, help="the contacts file (default: contacts.csv beside FILE)")
        dump = actions.add_parser("export", help="Write every service as CSV (to standard output without FILE).")
        dump.add_argument("file", type=Path, nargs="?")
        dump.add_argument("--contacts", type=Path, help="also write every contact to this file")
        check = actions.add_parser("check", help="List rows with no reachable contact, no source or an old check.")
        check.add_argument("--services", type=Path, default=BUNDLED)
        check.add_argument("--contacts", type=Path, help="default: contacts.csv beside the services file")
        check.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today in Japan)")

    def handle(self, *args, action, **options):
        if action == "import":
            self.do_import(options["file"], options["contacts"], options["verbosity"])
        elif action == "export":
            self.do_export(options["file"], options["contacts"])
        else:
            self.do_check(options["services"], options["contacts"], options["today"] or timezone.localdate())

    def do_import(self, path, contacts_path, verbosity):
        contacts_path = contacts_path or path.with_name("contacts.csv")
        try:
            with path.open(encoding="utf-8", newline="") as stream:
                rows = read_rows(stream)
            contacts = contact_rows(contacts_path) if contacts_path.exists() else None
            report = do_import_services(rows, contact_rows=contacts)
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}", returncode=2) from None
        except FormatError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.", returncode=2) from None
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, {report.unchanged} unchanged."
        )
        if report.contacts is not None:
            self.stdout.write(f"{report.contacts} contacts from {contacts_path}.")
        if verbosity > 1:
            for service_id in report.updated:
                self.stdout.write(f"updated: {service_id}")
        if report.missing:
            self.stderr.write(
                f"{len(report.missing)} services in the database are not in {path} and were kept: "
                + ", ".join(report.missing)
            )

    def do_export(self, path, contacts_path):
        rows = export_rows()
        if path is None:
            write_rows(rows, self.stdout)
        else:
            with path.open("w", encoding="utf-8", newline="") as stream:
                write_rows(rows, stream)
            self.stdout.write(f"{len(rows)} services written to {path}.")
        if contacts_path is not None:
            contacts = export_contact_rows()
            with contacts_path.open("w", encoding="utf-8", newline="") as stream:
                write_rows(contacts, stream, CONTACT_COLUMNS)
            self.stderr.write(f"{len(contacts)} contacts written to {contacts_path}.")

    def do_check(self, services_path, contacts_path, today):
        contacts_path = contacts_path or services_path.with_name("contacts.csv")
        try:
            problems = check_directory(list(iter_rows(services_path)), contact_rows(contacts_path), today)
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}", returncode=2) from None
        except FormatError as error:
            raise CommandError(f"{error}", returncode=2) from None
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problems in {services_path.name} and {contacts_path.name}.")
        self.stdout.write(f"No problems in {services_path.name} and {contacts_path.name}.")
