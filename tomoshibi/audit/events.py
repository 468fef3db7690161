"""record_event(): the one way to write the audit trail."""

from django.db import transaction

from .models import Action, AuditEvent

PERSON = "person"
SYSTEM = "system"
# Values are identifiers, flags and counts; a long string is a sign that
# someone is about to log what a person wrote, so it is refused.
MAX_VALUE_LENGTH = 120


class AuditMisuse(Exception):
    """record_event was called outside a transaction or with free text."""


def check_values(values: dict | None) -> dict:
    values = values or {}
    for key, value in values.items():
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if not isinstance(item, str | int | float | bool | type(None)):
                raise AuditMisuse(f"audit value {key!r} must be a scalar, not {type(item).__name__}")
            if isinstance(item, str) and len(item) > MAX_VALUE_LENGTH:
                raise AuditMisuse(f"audit value {key!r} is too long to be an identifier")
    return {key: list(value) if isinstance(value, tuple) else value for key, value in values.items()}


def actor_name_for(actor, default: str) -> str:
    return actor.get_username() if actor is not None else default


def record_event(
    action: Action,
    *,
    actor=None,
    actor_name: str = SYSTEM,
    organisation=None,
    target=None,
    old: dict | None = None,
    new: dict | None = None,
) -> AuditEvent:
    """Write an event in the caller's transaction, so it exists if and only if the change does."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditMisuse("record_event must run inside the transaction of the change it records")
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=actor_name_for(actor, actor_name),
        organisation=organisation,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        old_values=check_values(old),
        new_values=check_values(new),
    )
