"""Helpers for form error messages shared by the apps."""

from django.utils.functional import lazy


def _joined_labels(choices) -> str:
    return " / ".join(str(label) for _value, label in choices)


# Evaluated when the message is shown, in the language of that request, never at import.
joined_labels = lazy(_joined_labels, str)
