"""Background work: saved job-offer cases are deleted after their organisation's retention period."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tomoshibi.accounts.models import Organisation
from tomoshibi.core.tasks import every

from .actions import do_delete_offer_case
from .models import OfferCase


def delete_expired_offer_cases_of(organisation, now) -> int:
    cutoff = now - timedelta(days=organisation.retention_days)
    with transaction.atomic():
        expired = list(OfferCase.objects.filter(organisation=organisation, saved_at__lt=cutoff).select_for_update())
        for case in expired:
            do_delete_offer_case(case, acting_user=None)
    return len(expired)


@every(timedelta(hours=1))
@task()
def delete_expired_offer_cases() -> int:
    """Saved job-offer cases older than each organisation's retention period, deleted with an audit event each."""
    now = timezone.now()
    return sum(delete_expired_offer_cases_of(organisation, now) for organisation in Organisation.objects.all())
