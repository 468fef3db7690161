"""Figures of referrals with small counts suppressed, and cases that record services and how they ended."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tomoshibi.consultations.actions import do_start_conversation
from tomoshibi.consultations.models import Case
from tomoshibi.referrals import figures
from tomoshibi.referrals.actions import (
    do_accept_referral,
    do_consent_to_referral,
    do_decline_referral,
    do_propose_referral,
)
from tomoshibi.testing.personas import make_platform_admin, post_form, signed_in_client

from .people import make_world, person_writes, staff

pytestmark = pytest.mark.django_db


def referral_answered(world, accept: bool):
    conversation, _receipt, key = do_start_conversation(
        world.sender.organisation, body="", language="th", age_group="adult", danger="no", situations=[]
    )
    user_a, user_b = world.counsellor_a.user, world.counsellor_b.user
    referral = do_propose_referral(
        conversation, service=world.shelter, reason="shelter", summary="s", acting_user=user_a
    )
    referral = do_consent_to_referral(referral, person_private_key=key)
    if accept:
        return do_accept_referral(referral, acting_user=user_b)
    return do_decline_referral(referral, reason="no_capacity", acting_user=user_b)


def test_it_counts_referrals_and_hides_counts_under_three():
    world = make_world()
    for _ in range(4):
        referral_answered(world, accept=True)
    referral_answered(world, accept=False)
    shelter_row = {label: cells for label, cells, _total in figures.made_by(world.sender.organisation).rows}
    # One decline is hidden, and so is the accepted count beside it, or the total would give it away.
    assert shelter_row["Shelter"][:2] == [None, None]
    for _ in range(2):
        referral_answered(world, accept=False)
    made = figures.made_by(world.sender.organisation)
    assert {label: cells for label, cells, _total in made.rows}["Shelter"][:2] == [4, 3]
    assert made.table.total == 7 and made.to_acceptance is not None and made.to_acceptance.count == 4
    received = figures.received_by(world.receiver.organisation)
    assert {label: cells for label, cells, _total in received.rows}["Shelter"][0] == 4


def test_it_shows_no_time_to_acceptance_over_fewer_than_three():
    world = make_world()
    referral_answered(world, accept=True)
    assert figures.made_by(world.sender.organisation).to_acceptance is None
    page = staff(world.counsellor_a).get(reverse("referrals:figures", args=[world.sender.slug])).content.decode()
    assert "fewer than 3" in page and "Referrals made" in page


def test_only_platform_admins_see_the_platform_figures():
    world = make_world()
    url = reverse("referrals:platform_figures")
    assert staff(world.counsellor_a).get(url).status_code == 404
    page = signed_in_client(make_platform_admin()).get(url)
    assert page.status_code == 200 and "All referrals on the platform" in page.content.decode()


def test_a_closed_case_says_which_services_it_gave_how_it_ended_and_why():
    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    a = staff(world.counsellor_a)
    post_form(a, reverse("consultations:create_case", args=[conversation.pk]))
    case = Case.objects.get()
    url = reverse("consultations:update_case", args=[case.pk])
    refused = post_form(a, url, {"status": "closed", "services": ["shelter", "legal"]})
    assert refused.status_code == 400 and "Say this when closing the case." in refused.content.decode()
    data = {"status": "closed", "services": ["shelter", "legal"], "outcome": "continued_elsewhere"}
    post_form(a, url, {**data, "closure_reason": "referred"})
    case.refresh_from_db()
    assert (case.services, case.outcome, case.closure_reason) == (
        ["shelter", "legal"],
        "continued_elsewhere",
        "referred",
    )
    post_form(a, url, {"status": "open", "services": ["shelter"], "outcome": "needs_met", "closure_reason": "other"})
    case.refresh_from_db()
    assert (case.outcome, case.closure_reason, case.closed_at) == ("", "", None)


def test_time_to_acceptance_runs_from_consent_to_the_answer():
    world = make_world()
    for hours in (1, 2, 3):
        referral = referral_answered(world, accept=True)
        type(referral).objects.filter(pk=referral.pk).update(consented_at=referral.answered_at - timedelta(hours=hours))
    assert figures.made_by(world.sender.organisation).to_acceptance.median_hours == pytest.approx(2.0)


def test_a_referral_goes_when_the_conversations_it_joined_have_gone():
    from tomoshibi.consultations.actions import do_delete_conversation
    from tomoshibi.referrals.models import Referral
    from tomoshibi.referrals.tasks import delete_orphaned_referrals

    world = make_world()
    referral = referral_answered(world, accept=True)
    do_delete_conversation(referral.from_conversation, acting_user=world.counsellor_a.user)
    assert delete_orphaned_referrals.call() == 0  # the receiver still talks with the person
    referral.refresh_from_db()
    assert referral.shared_for_receiver is not None
    do_delete_conversation(referral.to_conversation, acting_user=world.counsellor_b.user)
    assert delete_orphaned_referrals.call() == 1
    assert not Referral.objects.exists()
    for organisation in (world.sender.organisation, world.receiver.organisation):
        assert organisation.audit_events.filter(action="retention.deleted", target_id=str(referral.pk)).count() == 1
