"""Background work of the LINE channel: handling webhook events, forgetting old event ids."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from tomoshibi.core.tasks import every

# LINE redelivers an event for up to about a day; ids older than this cannot come back.
EVENT_IDS_KEPT = timedelta(days=7)
# An event still unhandled this long after it arrived lost its task (a crash, a failure): queue it again.
UNHANDLED_AFTER = timedelta(minutes=10)

logger = logging.getLogger(__name__)


@task()
def handle_line_events(event_ids: list[int]) -> int:
    """Handle the events of one webhook call, in their order. Arguments are ids only, never content."""
    from .handling import handle_pending

    return handle_pending(event_ids)


@every(timedelta(hours=6))
@task()
def forget_old_line_events() -> int:
    from .models import LineEvent, LineUnsent

    LineUnsent.objects.filter(created_at__lt=timezone.now() - EVENT_IDS_KEPT).delete()
    old = LineEvent.objects.filter(received_at__lt=timezone.now() - EVENT_IDS_KEPT)
    never_handled = old.filter(body_ciphertext__isnull=False).count()
    if never_handled:
        logger.warning("LINE events deleted without being handled: %d", never_handled)
    deleted, _by_model = old.delete()
    return deleted


@every(timedelta(hours=1))
@task()
def requeue_unhandled_line_events() -> int:
    """Queue again the events whose handling failed or whose task was lost; returns how many."""
    from .models import LineEvent

    waiting = LineEvent.objects.filter(
        body_ciphertext__isnull=False, received_at__lt=timezone.now() - UNHANDLED_AFTER
    ).values_list("pk", flat=True)
    event_ids = list(waiting[:500])
    if event_ids:
        handle_line_events.enqueue(event_ids)
    return len(event_ids)
