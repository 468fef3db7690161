from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tomoshibi.audit.models import Action, AuditEvent
from tomoshibi.consultations.actions import (
    do_close_conversation,
    do_create_case,
    do_start_conversation,
    do_update_case,
)
from tomoshibi.consultations.models import Case, Conversation, Message
from tomoshibi.consultations.retention import delete_expired
from tomoshibi.consultations.tasks import delete_expired_consultations
from tomoshibi.core.tasks import PERIODIC

pytestmark = pytest.mark.django_db


def conversation_in(org, body="words"):
    conversation, _receipt, _key = do_start_conversation(
        org.organisation, body=body, language="ja", age_group="adult", danger="no", situations=[]
    )
    return conversation


def closed_days_ago(conversation, days, user):
    do_close_conversation(conversation, acting_user=user)
    Conversation.objects.filter(pk=conversation.pk).update(closed_at=timezone.now() - timedelta(days=days))


def test_it_deletes_closed_conversations_older_than_the_retention_period_and_records_it(org_a, counsellor):
    old, recent, still_open = conversation_in(org_a), conversation_in(org_a), conversation_in(org_a)
    closed_days_ago(old, 91, counsellor.user)
    closed_days_ago(recent, 89, counsellor.user)
    assert delete_expired() == 1
    assert set(Conversation.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not Message.objects.filter(conversation_id=old.pk).exists()
    event = AuditEvent.objects.get(action=Action.RETENTION_DELETED)
    assert event.target_id == str(old.pk) and event.actor_name == "system" and event.organisation == org_a.organisation
    assert event.old_values == {"retention_days": 90}


def test_it_follows_each_organisations_own_period(org_a, org_b, counsellor):
    org_b.organisation.retention_days = 7
    org_b.organisation.save()
    in_a, in_b = conversation_in(org_a), conversation_in(org_b)
    closed_days_ago(in_a, 10, counsellor.user)
    closed_days_ago(in_b, 10, counsellor.user)
    delete_expired()
    assert list(Conversation.objects.values_list("pk", flat=True)) == [in_a.pk]


def test_it_keeps_a_closed_conversation_while_its_case_is_open(org_a, counsellor):
    conversation = conversation_in(org_a)
    do_create_case(conversation, acting_user=counsellor.user)
    closed_days_ago(conversation, 200, counsellor.user)
    assert delete_expired() == 0 and Conversation.objects.exists()


def test_it_deletes_a_case_closed_long_ago_and_then_its_closed_conversation(org_a, counsellor):
    open_conversation, closed_conversation = conversation_in(org_a), conversation_in(org_a)
    for conversation in (open_conversation, closed_conversation):
        case = do_create_case(conversation, acting_user=counsellor.user)
        do_update_case(case, needs=[], status="closed", assigned_to=None, acting_user=counsellor.user)
    Case.objects.update(closed_at=timezone.now() - timedelta(days=100))
    closed_days_ago(closed_conversation, 100, counsellor.user)
    assert delete_expired() == 2
    assert list(Conversation.objects.values_list("pk", flat=True)) == [open_conversation.pk]
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task, as in production
def test_it_runs_every_hour_on_the_worker(org_a, counsellor):
    name = f"{delete_expired_consultations.func.__module__}.{delete_expired_consultations.func.__name__}"
    assert PERIODIC[name].interval == timedelta(hours=1)
    conversation = conversation_in(org_a)
    closed_days_ago(conversation, 365, counsellor.user)
    call_command("worker", "--batch", verbosity=0)
    assert not Conversation.objects.exists()
    assert AuditEvent.objects.filter(action=Action.RETENTION_DELETED).count() == 1
