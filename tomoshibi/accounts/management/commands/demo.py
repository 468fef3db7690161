import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tomoshibi.accounts.actions import do_add_member_with_key, do_create_organisation, do_create_staff_account
from tomoshibi.accounts.links import absolute_url
from tomoshibi.accounts.models import Organisation, Role
from tomoshibi.accounts.provisioning import totp_instructions
from tomoshibi.accounts.totp import new_key

DEMO_SLUG = "demo"
DEMO_EMAIL = "counsellor@demo.invalid"


class Command(BaseCommand):
    help = "Create a demo support organisation and counsellor (DEBUG only) and print how to sign in."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo refuses to run with DEBUG off: it prints a password. Run it with DEBUG=1.")
        password = secrets.token_urlsafe(12)
        totp_key = new_key()
        with transaction.atomic():
            self.remove_previous_demo()
            organisation, recovery_key, private_key = do_create_organisation(
                name="Demo support organisation", slug=DEMO_SLUG, languages=["ja", "en", "tl"]
            )
            user, password_keys = do_create_staff_account(email=DEMO_EMAIL, password=password, totp_key=totp_key)
            do_add_member_with_key(organisation, user, Role.COUNSELLOR, private_key, password_keys)
        self.print_credentials(password, totp_key, recovery_key)

    def remove_previous_demo(self) -> None:
        """The demo is recreated each time; its old conversations go with it."""
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
        get_user_model().objects.filter(username=DEMO_EMAIL).delete()

    def print_credentials(self, password: str, totp_key: str, recovery_key: str) -> None:
        self.stdout.write(self.style.SUCCESS("Demo organisation and counsellor created."))
        self.stdout.write(f"Person's side:    {absolute_url('consultations:start')}")
        self.stdout.write(f"Counsellor login: {absolute_url('accounts:login')}")
        self.stdout.write(f"  e-mail:   {DEMO_EMAIL}\n  password: {password}")
        self.stdout.write(totp_instructions(DEMO_EMAIL, totp_key))
        self.stdout.write(f"Organisation recovery key (demo only): {recovery_key}")
