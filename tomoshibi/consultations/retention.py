"""Deleting what is kept too long: closed conversations and cases past their organisation's retention period."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tomoshibi.accounts.models import Organisation
from tomoshibi.audit.events import record_event
from tomoshibi.audit.models import Action

from .models import Case, CaseStatus, Conversation, ConversationStatus


def expired_conversations(organisation, cutoff):
    """Closed before the cutoff, and with no case, or a case also closed before the cutoff."""
    quiet_case = Q(case__isnull=True) | Q(case__status=CaseStatus.CLOSED, case__closed_at__lt=cutoff)
    return Conversation.objects.filter(
        quiet_case, organisation=organisation, status=ConversationStatus.CLOSED, closed_at__lt=cutoff
    )


def expired_cases(organisation, cutoff):
    """Cases closed before the cutoff whose conversation is still kept."""
    return Case.objects.filter(organisation=organisation, status=CaseStatus.CLOSED, closed_at__lt=cutoff)


def delete_for(organisation, now) -> int:
    cutoff = now - timedelta(days=organisation.retention_days)
    deleted = 0
    with transaction.atomic():
        for conversation in expired_conversations(organisation, cutoff).select_for_update(of=("self",)):
            record_deletion(organisation, conversation)
            conversation.delete()
            deleted += 1
        for case in expired_cases(organisation, cutoff).select_for_update(of=("self",)):
            record_deletion(organisation, case)
            case.delete()
            deleted += 1
    return deleted


def record_deletion(organisation, target) -> None:
    record_event(
        Action.RETENTION_DELETED,
        organisation=organisation,
        target=target,
        old={"retention_days": organisation.retention_days},
    )


def delete_expired(now=None) -> int:
    """Run for every organisation; returns how many conversations and cases were deleted."""
    now = now or timezone.now()
    return sum(delete_for(organisation, now) for organisation in Organisation.objects.all())
