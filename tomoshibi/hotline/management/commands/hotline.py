"""`tomoshibi hotline ...`: set up a desk, import lists of known addresses, manage partner keys."""

import re
import sys

from django.core.management.base import BaseCommand, CommandError

from tomoshibi.accounts.models import Organisation

from ...actions import do_create_desk, do_create_partner_key, do_import_known_hashes, do_revoke_partner_key
from ...canonical import url_hash
from ...models import HotlineDesk, PartnerKey

HEX_HASH = re.compile(r"[0-9a-fA-F]{64}")


def read_list(lines, *, as_urls: bool) -> list[str]:
    """Hashes from a list file (one a line; blank lines and # comments skipped); CommandError naming bad lines."""
    hashes, bad = [], []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0].strip() if not as_urls else line.strip()
        if not text or (as_urls and text.startswith("#")):
            continue
        try:
            hashes.append(url_hash(text) if as_urls else valid_hash(text))
        except ValueError:
            bad.append(number)
    if bad:
        shown = ", ".join(str(number) for number in bad[:20]) + (" ..." if len(bad) > 20 else "")
        expected = "an address (URL)" if as_urls else "a SHA-256 hash: 64 hexadecimal digits"
        raise CommandError(f"{len(bad)} line(s) are not {expected}: line {shown}. Nothing was imported.")
    return hashes


def valid_hash(text: str) -> str:
    if not HEX_HASH.fullmatch(text):
        raise ValueError(text)
    return text.lower()


def find_desk(slug: str | None) -> HotlineDesk:
    desks = HotlineDesk.objects.select_related("organisation")
    if slug:
        desk = desks.filter(organisation__slug=slug).first()
        if desk is None:
            raise CommandError(f"No hotline desk for an organisation {slug!r}. Existing: {desk_names(desks)}.")
        return desk
    if desks.count() != 1:
        raise CommandError(f"Say which desk with --desk (organisation slug). Existing: {desk_names(desks)}.")
    return desks.get()


def desk_names(desks) -> str:
    return ", ".join(desk.organisation.slug for desk in desks) or "none (create one with `hotline create-desk`)"


class Command(BaseCommand):
    help = "The reporting hotline: create-desk, import-hashes, partner-key, revoke-partner-key."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        desk = commands.add_parser("create-desk", help="Make an organisation a hotline that receives reports.")
        desk.add_argument("organisation", help="the organisation's slug")
        desk.add_argument("--contact-email", default="", help="printed on notices to hosting providers")
        desk.add_argument("--no-public", action="store_true", help="take reports from partners only")
        hashes = commands.add_parser("import-hashes", help="Import a list of known addresses' SHA-256 hashes.")
        hashes.add_argument("file", help="one hash per line (or with --urls one address per line); - for stdin")
        hashes.add_argument("--desk", help="organisation slug of the desk (needed when there are several)")
        hashes.add_argument("--list-name", help="name of the list, kept with each hash (default: the file name)")
        hashes.add_argument("--urls", action="store_true", help="the file holds addresses: canonicalise and hash them")
        key = commands.add_parser("partner-key", help="Create an API key for a trusted partner; shown once.")
        key.add_argument("name", help="the partner's name")
        key.add_argument("--desk", help="organisation slug of the desk (needed when there are several)")
        revoke = commands.add_parser("revoke-partner-key", help="Revoke a partner's API key.")
        revoke.add_argument("key_id", type=int)

    def handle(self, *args, subcommand, **options):
        handler = {
            "create-desk": self.create_desk,
            "import-hashes": self.import_hashes,
            "partner-key": self.partner_key,
            "revoke-partner-key": self.revoke_partner_key,
        }[subcommand]
        handler(**options)

    def create_desk(self, *, organisation, contact_email, no_public, **_options):
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation with the slug {organisation!r}.")
        if HotlineDesk.objects.filter(organisation=found).exists():
            raise CommandError(f"{found.name} is already a hotline desk.")
        do_create_desk(found, contact_email=contact_email, accepts_public_reports=not no_public)
        self.stdout.write(self.style.SUCCESS(f"{found.name} now receives reports."))

    def import_hashes(self, *, file, desk, list_name, urls, **_options):
        target = find_desk(desk)
        if file == "-":
            hashes = read_list(sys.stdin, as_urls=urls)
        else:
            try:
                with open(file, encoding="utf-8") as lines:
                    hashes = read_list(lines, as_urls=urls)
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        name = (list_name or ("stdin" if file == "-" else file.rsplit("/", 1)[-1]))[:100]
        result = do_import_known_hashes(target, hashes, list_name=name)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.added} hashes added to the list of {target.organisation.slug} "
                f"({result.already_known} already known); {result.reports_raised} open reports raised in priority."
            )
        )

    def partner_key(self, *, name, desk, **_options):
        key, secret = do_create_partner_key(find_desk(desk), name=name)
        self.stdout.write(f"Partner key {key.pk} for {name}. Give the partner this key; it is not shown again:")
        self.stdout.write(secret)

    def revoke_partner_key(self, *, key_id, **_options):
        key = PartnerKey.objects.select_related("desk__organisation").filter(pk=key_id, revoked_at__isnull=True).first()
        if key is None:
            raise CommandError(f"No active partner key {key_id}.")
        do_revoke_partner_key(key)
        self.stdout.write(self.style.SUCCESS(f"Partner key {key_id} ({key.name}) is revoked."))
