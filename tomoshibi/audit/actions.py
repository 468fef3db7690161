"""State changes of the audit trail itself: deleting what is older than its retention period."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from tomoshibi.accounts.models import Organisation

from .events import record_event
from .models import Action, AuditEvent

# Records whose trail is kept for as long as they exist, however old: who opened a conversation,
# a case or a report must stay answerable while it is held (an open conversation may last years,
# and an organisation may keep closed ones for up to ten).
HELD_RECORDS = ("consultations.conversation", "consultations.case", "hotline.report")


def still_held(old) -> Q:
    """Events among `old` about a record in HELD_RECORDS that still exists."""
    held = Q(pk__in=[])
    for label in HELD_RECORDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        targets = set(old.filter(target_type=label).values_list("target_id", flat=True))
        existing = {str(pk) for pk in model.objects.filter(pk__in=targets).values_list("pk", flat=True)}
        held |= Q(target_type=label, target_id__in=existing)
    return held


def do_purge_old_audit_events(now=None) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS, except about records still held;
    each organisation's trail records how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        old = AuditEvent.objects.filter(created_at__lt=cutoff)
        old = old.exclude(still_held(old))
        counts = list(old.values("organisation").annotate(deleted=Count("id")).order_by("organisation"))
        organisations = Organisation.objects.in_bulk([row["organisation"] for row in counts if row["organisation"]])
        deleted, _by_model = old.delete()
        for row in counts:
            record_event(
                Action.AUDIT_PURGED,
                organisation=organisations.get(row["organisation"]),
                new={"deleted": row["deleted"], "before": cutoff.date().isoformat()},
            )
    return deleted
