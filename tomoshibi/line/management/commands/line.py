"""`tomoshibi line ...`: connect an organisation's LINE Official Account, disconnect it, install its menu."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from linebot.v3.messaging import ApiException

from tomoshibi.accounts.models import Organisation

from ...actions import do_connect_line, do_disconnect_line, do_record_menus
from ...menu import install_menus
from ...models import LineChannel
from ...views import webhook_address


def organisation_named(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        names = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none"
        raise CommandError(f"No organisation {slug!r}. Existing: {names}.")
    return organisation


def read_secret(path: str, what: str) -> str:
    """A secret from a file (never from the command line, where the shell history would keep it)."""
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise CommandError(f"Cannot read the {what} file {path}: {error.strerror}.") from None
    if not value or any(character.isspace() for character in value):
        raise CommandError(f"The {what} file {path} must hold the {what} alone, on one line.")
    return value


class Command(BaseCommand):
    help = "The LINE channel: connect, disconnect, setup-menu."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        connect = commands.add_parser("connect", help="Connect (or reconnect) an organisation's LINE account.")
        connect.add_argument("organisation", help="the organisation's slug")
        connect.add_argument("--channel-secret-file", required=True, help="file holding the channel secret")
        connect.add_argument("--access-token-file", required=True, help="file holding the long-lived access token")
        disconnect = commands.add_parser("disconnect", help="Forget the account's secret and token.")
        disconnect.add_argument("organisation")
        menu = commands.add_parser("setup-menu", help="Install the rich menu: find help, talk to us, call 110.")
        menu.add_argument("organisation")

    def handle(self, *args, subcommand, organisation, **options):
        handler = {"connect": self.connect, "disconnect": self.disconnect, "setup-menu": self.setup_menu}[subcommand]
        handler(organisation_named(organisation), **options)

    def connect(self, organisation, *, channel_secret_file, access_token_file, **options):
        secret = read_secret(channel_secret_file, "channel secret")
        token = read_secret(access_token_file, "access token")
        do_connect_line(organisation, channel_secret=secret, access_token=token)
        self.stdout.write(f"Connected the LINE account of {organisation.name}; secret and token stored encrypted.")
        self.stdout.write("Paste this webhook address into the LINE Developers console and turn webhooks on:")
        self.stdout.write(f"  {webhook_address(organisation)}")
        self.stdout.write(f"Then install the menu: tomoshibi line setup-menu {organisation.slug}")

    def disconnect(self, organisation, **options):
        if not do_disconnect_line(organisation):
            raise CommandError(f"{organisation.slug} has no LINE account connected.")
        self.stdout.write(f"Disconnected the LINE account of {organisation.name}. Its conversations stay.")

    def setup_menu(self, organisation, **options):
        channel = LineChannel.objects.filter(organisation=organisation).first()
        if channel is None:
            raise CommandError(f"Connect a LINE account first: tomoshibi line connect {organisation.slug} ...")
        try:
            menus = install_menus(channel)
        except (ApiException, OSError) as error:
            raise CommandError(f"LINE refused the menu (status {getattr(error, 'status', '?')}).") from None
        do_record_menus(channel, menus)
        self.stdout.write(f"Installed the menu in {len(menus)} languages; Japanese is the default.")
