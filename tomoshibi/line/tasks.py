"""Background work of the LINE channel: handling webhook events, forgetting old event ids."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from tomoshibi.core.tasks import every

# LINE redelivers an event for up to about a day; ids older than this cannot come back.
EVENT_IDS_KEPT = timedelta(days=7)


@task()
def handle_line_events(event_ids: list[int]) -> int:
    """Handle the events of one webhook call, in their order. Arguments are ids only, never content."""
    from .handling import handle_pending

    return handle_pending(event_ids)


@every(timedelta(hours=6))
@task()
def forget_old_line_events() -> int:
    from .models import LineEvent

    deleted, _by_model = LineEvent.objects.filter(received_at__lt=timezone.now() - EVENT_IDS_KEPT).delete()
    return deleted
