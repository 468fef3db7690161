"""Helpers for form error messages shared by the apps."""

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _joined_labels(choices) -> str:
    return " / ".join(str(label) for _value, label in choices)


# Evaluated when the message is shown, in the language of that request, never at import.
joined_labels = lazy(_joined_labels, str)


def choice_errors(choices, *, required=None) -> dict:
    """A choice field's error messages that name the valid choices, in the language of the request."""
    values = joined_labels(choices)
    return {
        "required": required or _("Choose one of the options."),
        "invalid_choice": format_lazy(_("Choose one of: {values}."), values=values),
        "invalid_list": format_lazy(_("Choose from: {values}."), values=values),
    }
