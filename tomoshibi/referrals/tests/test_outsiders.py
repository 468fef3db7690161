"""Two more outsiders for every staff URL of referrals, generated from the URL table.

The isolation matrix (consultations/tests/test_isolation.py) covers every role of another
organisation. Here: the organisation a proposal is meant for, before the person has agreed
(it must not learn that the proposal exists), and a visitor who is not signed in.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.referrals.models import Referral
from tomoshibi.testing.personas import post_form
from tomoshibi.testing.urltable import matrix_endpoints

from .people import SUMMARY, make_world, person_writes, propose, staff

pytestmark = pytest.mark.django_db

ARGUMENTS = {
    "organisation_slug": lambda w: w["sender"].slug,
    "conversation_id": lambda w: w["conversation"].pk,
    "referral_id": lambda w: w["referral"].pk,
}
ENDPOINTS = matrix_endpoints(("referrals",), ARGUMENTS, {})
POST_DATA = {"service": "ngo-hidamari", "kind": "share", "reason": "shelter", "summary": "x"}


def proposal_world() -> dict:
    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    propose(staff(world.counsellor_a), conversation)
    return {"world": world, "sender": world.sender, "conversation": conversation, "referral": Referral.objects.get()}


def snapshot() -> list:
    return sorted(Referral.objects.values_list("pk", "status", "to_conversation_id", "shared_for_receiver"))


def ask(client, method: str, url_name: str, args):
    url = reverse(url_name, args=args)
    return client.get(url) if method == "get" else post_form(client, url, POST_DATA)


@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_the_intended_receiver_learns_nothing_before_the_person_agrees(name, method, url_name, args):
    world = proposal_world()
    receiver = staff(world["world"].counsellor_b)
    before = snapshot()
    response = ask(receiver, method, url_name, args(world))
    assert response.status_code == 404, (name, response.status_code)
    assert SUMMARY not in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_sign_in(name, method, url_name, args):
    world = proposal_world()
    before = snapshot()
    response = ask(Client(enforce_csrf_checks=True), method, url_name, args(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), name
    assert snapshot() == before
