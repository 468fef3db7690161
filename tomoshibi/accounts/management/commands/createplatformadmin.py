import getpass
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from tomoshibi.accounts.actions import do_create_staff_account
from tomoshibi.accounts.forms import password_problems
from tomoshibi.accounts.provisioning import totp_instructions
from tomoshibi.accounts.totp import new_key


class Command(BaseCommand):
    help = "Create a platform admin (password and TOTP). Platform admins manage organisations and read no messages."

    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")

    def handle(self, *args, email, password_stdin=False, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}") from error
        if get_user_model().objects.filter(username=email).exists():
            raise CommandError(f"An account for {email} exists already.")
        password = self.read_password(options.get("stdin") or sys.stdin) if password_stdin else self.ask_password()
        problems = password_problems(password, get_user_model()(username=email, email=email))
        if problems:
            raise CommandError("Password refused: " + " ".join(problems))
        totp_key = new_key()
        do_create_staff_account(email=email, password=password, totp_key=totp_key, is_platform_admin=True)
        self.stdout.write(self.style.SUCCESS(f"Platform admin {email} created."))
        self.stdout.write(totp_instructions(email, totp_key))

    def read_password(self, stream) -> str:
        return stream.readline().rstrip("\n")

    def ask_password(self) -> str:
        first, second = getpass.getpass("Password: "), getpass.getpass("Password again: ")
        if first != second:
            raise CommandError("The two passwords differ.")
        return first
