"""The isolation matrix for the job-offer staff URLs, generated from the URL table as the others are.

Every kind of member of organisation A (counsellor, organisation admin, monitor, platform admin)
against each job-offer staff URL aimed at organisation B: 404, nothing of B in the answer, nothing of B
changed. One test per pair.
"""

import pytest
from django.urls import reverse

from tomoshibi.consultations.tests.test_isolation import ROLES_OF_A, SECRET_OF_B, snapshot_of_b, staff_of_a, world_of_b
from tomoshibi.joboffers.actions import do_save_offer_case
from tomoshibi.joboffers.checker import check_offer
from tomoshibi.joboffers.models import OfferCase
from tomoshibi.testing.personas import post_form, signed_in_client
from tomoshibi.testing.urltable import matrix_endpoints

pytestmark = pytest.mark.django_db

NAMESPACES = ("joboffers",)
ARGUMENTS = {
    "organisation_slug": lambda b: b["slug"],
    "case_id": lambda b: b["offer_case"].pk,
}
ENDPOINTS = matrix_endpoints(NAMESPACES, ARGUMENTS, {})
POST_DATA = {"text": "A stolen offer", "note": "stolen"}


def offers_world_of_b():
    world = world_of_b()
    check = check_offer(f"Factory job, fee 6,000 USD, we keep your passport. {SECRET_OF_B}")
    case = do_save_offer_case(world["org"].organisation, check, note=SECRET_OF_B, acting_user=world["member"].user)
    return {**world, "offer_case": case}


def offers_snapshot_of_b(world) -> dict:
    cases = OfferCase.objects.filter(organisation=world["org"].organisation).values()
    return {**snapshot_of_b(world), "offer cases": list(cases)}


# Every role may check job offers, so the supervisor adds nothing the admin does not: left out to keep the suite short.
ROLES = [role for role in ROLES_OF_A if role != "supervisor"] + ["monitor"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_it_hides_organisation_bs_job_offer_cases_from_organisation_a(role, name, method, url_name, args):
    world = offers_world_of_b()
    client = signed_in_client(staff_of_a(role))
    before = offers_snapshot_of_b(world)
    url = reverse(url_name, args=args(world))
    response = client.get(url) if method == "get" else post_form(client, url, POST_DATA)
    assert response.status_code == 404, (role, name, response.status_code)
    assert SECRET_OF_B.encode() not in response.content
    assert offers_snapshot_of_b(world) == before
