from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tomoshibi.accounts.models import AccountsEvent
from tomoshibi.audit.actions import do_purge_old_audit_events
from tomoshibi.audit.events import record_event
from tomoshibi.audit.models import Action, AuditEvent
from tomoshibi.consultations.models import ConsultationEvent, Conversation
from tomoshibi.core.tasks import discover_periodic_tasks
from tomoshibi.testing.personas import start

pytestmark = pytest.mark.django_db


def event_aged(days: int, organisation=None) -> AuditEvent:
    with transaction.atomic():
        event = record_event(AccountsEvent.ORGANISATION_SETTINGS_CHANGED, organisation=organisation)
    AuditEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=days))
    return event


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_it_deletes_only_events_older_than_the_retention_period_and_says_so_to_each_organisation(org_a, org_b):
    old_a, old_b, old_platform = event_aged(31, org_a.organisation), event_aged(40, org_b.organisation), event_aged(31)
    kept = event_aged(29, org_a.organisation)
    assert do_purge_old_audit_events() == 3
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert kept.pk in remaining and not {old_a.pk, old_b.pk, old_platform.pk} & remaining
    purged = AuditEvent.objects.filter(action=Action.AUDIT_PURGED)
    assert sorted((e.organisation_id, e.new_values["deleted"]) for e in purged if e.organisation_id) == sorted(
        [(org_a.organisation.pk, 1), (org_b.organisation.pk, 1)]
    )
    assert purged.filter(organisation=None).get().actor_name == "system"


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_it_records_nothing_when_nothing_is_old_enough(org_a):
    event_aged(1, org_a.organisation)
    before = AuditEvent.objects.count()
    assert do_purge_old_audit_events() == 0
    assert AuditEvent.objects.count() == before


def test_the_worker_runs_it_every_day():
    periodic = discover_periodic_tasks()["tomoshibi.audit.tasks.purge_old_audit_events"]
    assert periodic.interval == timedelta(days=1)


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_it_keeps_the_trail_of_a_conversation_that_still_exists(org_a):
    _client, _receipt = start(org_a.slug, "Please help me.")
    conversation = Conversation.objects.get()
    with transaction.atomic():
        opened = record_event(
            ConsultationEvent.CONVERSATION_OPENED, organisation=org_a.organisation, target=conversation
        )
    AuditEvent.objects.filter(organisation=org_a.organisation).update(created_at=timezone.now() - timedelta(days=400))
    about_it = AuditEvent.objects.filter(target_type="consultations.conversation", target_id=str(conversation.pk))
    kept = set(about_it.values_list("pk", flat=True))
    assert opened.pk in kept and len(kept) >= 2  # started and opened
    do_purge_old_audit_events()
    assert set(about_it.values_list("pk", flat=True)) == kept
    conversation.delete()
    do_purge_old_audit_events()  # once the conversation is gone, its old trail may go
    assert not about_it.exists()
