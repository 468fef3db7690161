"""State changes of the audit trail itself: its export, and deleting what is older than its retention period."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from .events import record_event
from .models import HELD_RECORDS, Action, AuditEvent

# The columns of an exported audit log, in order.
AUDIT_COLUMNS = ["created_at", "actor_name", "action", "target_type", "target_id", "old_values", "new_values"]


def do_export_audit_log(organisation, *, acting_user) -> list[tuple]:
    """Every event of the organisation as AUDIT_COLUMNS rows, the export itself recorded among them."""
    with transaction.atomic():
        record_event(Action.AUDIT_EXPORTED, actor=acting_user, organisation=organisation)
        return list(AuditEvent.objects.filter(organisation=organisation).values_list(*AUDIT_COLUMNS))


def still_held(old) -> Q:
    """Events among `old` about a record in HELD_RECORDS that still exists.

    The apps holding such records register them (models.keep_trail_while_held): an open
    conversation may last years, and an organisation may keep closed ones for up to ten.
    """
    held = Q(pk__in=[])
    for label in sorted(HELD_RECORDS):
        model = apps.get_model(label)
        targets = set(old.filter(target_type=label).values_list("target_id", flat=True))
        existing = {str(pk) for pk in model.objects.filter(pk__in=targets).values_list("pk", flat=True)}
        held |= Q(target_type=label, target_id__in=existing)
    return held


def organisation_model():
    """The organisation model, known through the event's foreign key rather than imported from above."""
    return AuditEvent._meta.get_field("organisation").related_model


def do_purge_old_audit_events(now=None) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS, except about records still held;
    each organisation's trail records how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        old = AuditEvent.objects.filter(created_at__lt=cutoff)
        old = old.exclude(still_held(old))
        counts = list(old.values("organisation").annotate(deleted=Count("id")).order_by("organisation"))
        organisations = organisation_model().objects.in_bulk(
            [row["organisation"] for row in counts if row["organisation"]]
        )
        deleted, _by_model = old.delete()
        for row in counts:
            record_event(
                Action.AUDIT_PURGED,
                organisation=organisations.get(row["organisation"]),
                new={"deleted": row["deleted"], "before": cutoff.date().isoformat()},
            )
    return deleted
