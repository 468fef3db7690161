"""Background work of estimation rounds: the estimate after a run, and the retention of unrun lists.

The estimate is computed from the capture table alone (counts per pattern of lists), so the worker
needs no key and never sees an encoding: those were opened, linked and deleted in the coordinator's
request. The bootstrap, the sensitivity analyses and the two reports take several seconds.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from tomoshibi.core.tasks import every

from .actions import do_delete_stale_lists, do_keep_estimate
from .linking import estimate_from
from .models import Round, RoundStatus

COMMAND = "tomoshibi estimate capture.csv --bootstrap 1000 --seed 1234 --sensitivity --diagnostics --report report.html"


@task()
def estimate_round(round_id: str) -> bool:
    round_ = Round.objects.filter(pk=round_id, status=RoundStatus.ESTIMATING).first()
    if round_ is None:
        return False
    capture = [(tuple(pattern), count) for pattern, count in round_.capture]
    do_keep_estimate(round_, estimate_from(round_.lists, capture, COMMAND))
    return True


def unrun_days() -> int:
    return int(getattr(settings, "ROUND_LISTS_KEPT_DAYS", 30))


@every(timedelta(hours=1))
@task()
def delete_stale_lists() -> int:
    """Encoded lists of rounds still open ROUND_LISTS_KEPT_DAYS after their deadline are deleted."""
    cutoff = timezone.localdate() - timedelta(days=unrun_days())
    stale = Round.objects.filter(status=RoundStatus.OPEN, deadline__lt=cutoff)
    return sum(do_delete_stale_lists(round_) for round_ in stale.select_related("coordinating_organisation"))
