"""A proposal is either expired or agreed to, never both, when the expiry job and the person meet.

Two database connections race on one proposal past its end: the expiry job's conditional UPDATE
and the consent's row lock (select_for_update) serialise them. Threads need a database they can
share: PostgreSQL (as in CI). SQLite's in-memory test database cannot be shared between threads,
and SQLite runs one writer at a time anyway, so there the property holds by construction.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.actions import do_start_conversation
from tomoshibi.referrals import actions
from tomoshibi.referrals.models import Referral, Status

from .people import SUMMARY, make_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def proposal_past_its_end():
    if connection.vendor == "sqlite":
        pytest.skip("threads cannot share SQLite's in-memory test database; CI runs this on PostgreSQL")
    world = make_world()
    conversation, _receipt, private_key = do_start_conversation(
        world.sender.organisation, body="help", language="th", age_group="adult", danger="no", situations=[]
    )
    referral = actions.do_propose_referral(
        conversation, service=world.shelter, reason="shelter", summary=SUMMARY, acting_user=world.counsellor_a.user
    )
    # Still open to the person (a consent checks the end), but the job looks a day ahead.
    return referral, private_key, timezone.now() + timedelta(days=actions.consent_days() + 1)


def in_other_connection(work) -> tuple[threading.Thread, list]:
    """Run `work` on its own database connection; its result (or its exception) lands in the list."""
    outcome: list = []

    def run():
        try:
            outcome.append(work())
        except actions.ReferralRefused as refused:
            outcome.append(refused)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def referral_events(referral) -> list[str]:
    return sorted(AuditEvent.objects.filter(target_id=str(referral.pk)).values_list("action", flat=True))


def test_a_consent_holding_the_row_wins_and_the_expiry_job_leaves_it_alone(proposal_past_its_end):
    referral, private_key, job_time = proposal_past_its_end
    with transaction.atomic():
        actions.do_consent_to_referral(referral, person_private_key=private_key)
        job, expired = in_other_connection(lambda: actions.do_expire_proposals(now=job_time))
        job.join(0.5)  # the job waits on the row the consent holds
    job.join()
    assert expired == [0]
    assert Referral.objects.get().status == Status.CONSENTED
    assert "referral.expired" not in referral_events(referral)


def test_an_expiry_holding_the_row_wins_and_a_late_consent_is_refused(proposal_past_its_end):
    referral, private_key, job_time = proposal_past_its_end
    with transaction.atomic():
        assert actions.do_expire_proposals(now=job_time) == 1
        consent, outcome = in_other_connection(
            lambda: actions.do_consent_to_referral(referral, person_private_key=private_key)
        )
        consent.join(0.5)  # the consent waits on the row the job holds
    consent.join()
    assert isinstance(outcome[0], actions.ReferralRefused)
    stored = Referral.objects.get()
    assert stored.status == Status.EXPIRED and stored.shared_for_receiver is None
    assert "referral.consented" not in referral_events(referral)
