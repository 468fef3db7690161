"""The pieces of core/_field.html: a field's help and errors, tied to it for screen readers."""

from django import template

register = template.Library()


def help_id(field) -> str:
    # Django's own id for help text, which its field templates also point to.
    return f"{field.auto_id}_helptext"


def errors_id(field) -> str:
    return f"{field.auto_id}_errors"


@register.filter
def description_ids(field) -> str:
    """The ids of what describes the field (its help, then its errors), for aria-describedby."""
    ids = [help_id(field)] if field.help_text else []
    return " ".join([*ids, errors_id(field)] if field.errors else ids)


@register.filter
def described(field):
    """The field's widget pointing to its help and errors, and marked invalid while it has errors."""
    attrs = {"aria-describedby": description_ids(field)} if description_ids(field) else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
