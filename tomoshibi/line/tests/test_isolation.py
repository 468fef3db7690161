"""The isolation matrix for the LINE channel's staff URLs, generated as consultations/tests/test_isolation.py.

Every role of organisation A (counsellor, supervisor, organisation admin, platform admin)
against each LINE staff URL aimed at organisation B: 404, nothing of B in the answer,
nothing of B changed. One test per pair.
"""

import pytest
from django.urls import reverse

from tomoshibi.consultations.actions import do_reply
from tomoshibi.consultations.tests.test_isolation import ROLES_OF_A, SECRET_OF_B, snapshot_of_b, staff_of_a, world_of_b
from tomoshibi.line import actions
from tomoshibi.line.client import Content, Sent
from tomoshibi.line.models import LineChannel, LineContact, LineMessage
from tomoshibi.testing.personas import post_form, signed_in_client
from tomoshibi.testing.urltable import matrix_endpoints

from .conftest import SECRET_B, TOKEN_B

pytestmark = pytest.mark.django_db
PICTURE_OF_B = SECRET_OF_B.encode() + b" in a picture"

# Generated from the URL table, as the consultations matrix (see core/tests/test_url_table.py).
NAMESPACES = ("line",)
ARGUMENTS = {
    "organisation_slug": lambda b: b["slug"],
    "line_message_id": lambda b: b["attachment"].pk,
}
VARIANTS = {"line:retry": [("", "", {"line_message_id": lambda b: b["failed"].pk})]}
ENDPOINTS = matrix_endpoints(NAMESPACES, ARGUMENTS, VARIANTS)
POST_DATA = {"channel_secret": "stolen-secret", "access_token": "stolen-token"}


def line_world_of_b():
    world = world_of_b()
    organisation = world["org"].organisation
    actions.do_connect_line(organisation, channel_secret=SECRET_B, access_token=TOKEN_B)
    contact, _new = actions.do_find_or_start_contact(organisation, "Ub0000000000000000000000000000001", language="th")
    picture = Content(PICTURE_OF_B, "image/png", len(PICTURE_OF_B))
    attachment = actions.do_receive_line_message(
        contact, body="", kind="image", line_message_id="b-1", reply_token=None, content=picture
    )
    reply = do_reply(contact.conversation, body=SECRET_OF_B, acting_user=world["member"].user)
    failed = actions.do_record_delivery(reply, sent=Sent(False, "quota"), acting_user=world["member"].user)
    return {**world, "attachment": attachment, "failed": failed}


def line_snapshot_of_b(world) -> dict:
    organisation = world["org"].organisation
    return {
        **snapshot_of_b(world),
        "channel": list(LineChannel.objects.filter(organisation=organisation).values()),
        "contacts": list(LineContact.objects.filter(organisation=organisation).values()),
        "line messages": list(LineMessage.objects.filter(message__conversation__organisation=organisation).values()),
    }


@pytest.mark.parametrize("role", ROLES_OF_A)
@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_it_hides_organisation_bs_line_account_from_organisation_a(role, name, method, url_name, args):
    world = line_world_of_b()
    client = signed_in_client(staff_of_a(role))
    before = line_snapshot_of_b(world)
    url = reverse(url_name, args=args(world))
    response = client.get(url) if method == "get" else post_form(client, url, POST_DATA)
    assert response.status_code == 404, (role, name, response.status_code)
    assert SECRET_OF_B.encode() not in response.content
    assert line_snapshot_of_b(world) == before
