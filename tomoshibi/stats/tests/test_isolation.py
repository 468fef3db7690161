"""The isolation matrix for the estimation rounds' staff URLs, generated from the URL table as the others are.

Every kind of member of organisation A (counsellor, supervisor, admin, monitor, coordinator, platform
admin) against each round URL aimed at organisation B's round: B coordinates it and takes part in it,
with a list sent. 404, nothing of B's round in the answer, nothing of it changed. One test per pair.
"""

import pytest
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.tests.test_isolation import ROLES_OF_A, staff_of_a
from tomoshibi.stats.actions import do_open_round, do_submit_list
from tomoshibi.stats.encodings import read_encoded_list
from tomoshibi.stats.models import Participation, Round
from tomoshibi.testing.personas import make_organisation, make_staff, post_form, signed_in_client
from tomoshibi.testing.urltable import matrix_endpoints

from .rounds_world import encoded, round_fields

pytestmark = pytest.mark.django_db

TITLE_OF_B = "Only organisation B's round carries this title"
NAMESPACES = ("stats",)
ARGUMENTS = {
    "organisation_slug": lambda b: b["slug"],
    "round_id": lambda b: b["round"].pk,
    "language": lambda b: "en",
}
ENDPOINTS = matrix_endpoints(NAMESPACES, ARGUMENTS, {})
CSV = "family_name,given_name,date_of_birth,sex,nationality\nSato,Hanako,1990-04-12,F,JP\n"
POST_DATA = {
    "title": "stolen",
    "definition": "stolen",
    "period_from": "2026-01-01",
    "period_to": "2026-06-30",
    "deadline": "2099-01-01",
    "participants": [],
}


def world_of_b():
    """Organisation B coordinates a round in which B's partner (org-b-partner) and org-c take part.

    The round's pages are reached under the partner's slug, since a coordinating organisation never
    takes part in its own round."""
    org = make_organisation("org-b")
    coordinator = make_staff(org, Role.COORDINATOR, "coordinator@b.example")
    partner = make_organisation("org-b-partner")
    member = make_staff(partner, Role.ADMIN, "admin@b-partner.example")
    other = make_organisation("org-c")
    round_ = do_open_round(
        org.organisation, participants=[partner.organisation, other.organisation], acting_user=coordinator.user,
        **round_fields(title=TITLE_OF_B),
    )  # fmt: skip
    participation = Participation.objects.get(round=round_, organisation=partner.organisation)
    do_submit_list(participation, read_encoded_list(encoded(CSV)), acting_user=member.user)
    Round.objects.filter(pk=round_.pk).update(report_en="<p>report of B</p>", report_ja="<p>report of B</p>")
    return {"org": org, "slug": partner.slug, "round": round_}


def snapshot_of_b(world) -> dict:
    round_ = Round.objects.filter(pk=world["round"].pk).values().get()
    participations = list(Participation.objects.filter(round_id=round_["id"]).order_by("pk").values())
    return {"round": round_, "participations": participations, "audit": AuditEvent.objects.count()}


ROLES = [*ROLES_OF_A, "monitor", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_it_hides_organisation_bs_rounds_from_organisation_a(role, name, method, url_name, args):
    world = world_of_b()
    client = signed_in_client(staff_of_a(role))
    before = snapshot_of_b(world)
    url = reverse(url_name, args=args(world))
    response = client.get(url) if method == "get" else post_form(client, url, POST_DATA)
    assert response.status_code == 404, (role, name, response.status_code)
    assert TITLE_OF_B.encode() not in response.content and b"report of B" not in response.content
    assert snapshot_of_b(world) == before
