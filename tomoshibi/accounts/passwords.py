"""The password validator that refuses guessable staff passwords (see strength.py).

Listed in AUTH_PASSWORD_VALIDATORS, so it applies wherever Django validates a
password: the invitation, the password change, `createplatformadmin`, and Django's
own `changepassword` and `createsuperuser` commands.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from . import strength


def guessable_message() -> str:
    return gettext(
        "This password is too easy to guess: it looks like common passwords, words, names or keyboard "
        "patterns that attackers try first, and it protects every message of your organisation. "
        "Use a passphrase instead: four or more unrelated words, such as words picked at random from "
        "a book, with spaces or dashes between them."
    )


def personal_details(user) -> list[str]:
    """What a guesser knows about this person: their address, names, organisations and this site."""
    details = ["tomoshibi", urlsplit(settings.SITE_URL).hostname or ""]
    if user is None:
        return details
    details += [getattr(user, name, "") or "" for name in ("username", "email", "first_name", "last_name")]
    return details + organisation_names(user)


def organisation_names(user) -> list[str]:
    """The organisations the person belongs to; for an account not yet saved, those it is joining."""
    pending = getattr(user, "joining_organisations", None)
    if pending is not None:
        return [text for organisation in pending for text in (organisation.name, organisation.slug)]
    if user.pk is None:
        return []
    rows = user.memberships.values_list("organisation__name", "organisation__slug")
    return [text for row in rows for text in row]


class GuessablePasswordValidator:
    """Refuse a password zxcvbn scores below 3, counting the person's own details as known words."""

    def validate(self, password: str, user=None) -> None:
        if strength.is_guessable(password, personal_details(user)):
            raise ValidationError(guessable_message(), code="password_too_guessable")

    def get_help_text(self) -> str:
        return gettext("A passphrase of four or more unrelated words is easy to remember and hard to guess.")
