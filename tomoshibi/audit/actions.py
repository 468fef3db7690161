"""State changes of the audit trail itself: deleting what is older than its retention period."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from tomoshibi.accounts.models import Organisation

from .events import record_event
from .models import Action, AuditEvent


def do_purge_old_audit_events(now=None) -> int:
    """Delete events older than AUDIT_RETENTION_DAYS; each organisation's trail records how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        old = AuditEvent.objects.filter(created_at__lt=cutoff)
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
