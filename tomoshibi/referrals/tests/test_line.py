"""A person writing on LINE has no receipt to consent with: the counsellor gives a contact, sent on LINE."""

import pytest
from django.urls import reverse

from tomoshibi.consultations.models import Conversation
from tomoshibi.line.tests import events
from tomoshibi.line.tests.conftest import SECRET_A, TOKEN_A, connect, run_worker
from tomoshibi.referrals.models import Referral, Status
from tomoshibi.testing.personas import post_form, signed_in_client

from .people import make_world

pytestmark = pytest.mark.django_db(transaction=True)
USER = "U4af4980629a1b2c3d4e5f6a7b8c9d0e1"


def test_a_line_conversation_gets_a_contact_on_line_and_never_a_proposal_to_share(line_api, tmp_path):
    world = make_world()
    connect(world.sender, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(world.sender.slug, SECRET_A, events.text(USER, "ช่วยด้วย ฉันต้องการที่พัก", "m1"))
    run_worker()
    conversation = Conversation.objects.get(organisation=world.sender.organisation)
    staff = signed_in_client(world.counsellor_a)
    url = reverse("referrals:propose", args=[conversation.pk])
    data = {"service": "ngo-hidamari", "kind": "share", "reason": "shelter", "summary": "needs a room"}
    refused = post_form(staff, url, data)
    assert refused.status_code == 400 and "another channel" in refused.content.decode()
    assert not Referral.objects.exists()

    given = post_form(staff, url, {**data, "kind": "contact", "summary": ""})
    assert given.status_code == 302 and "notice=delivered" in given["Location"]
    referral = Referral.objects.get()
    assert referral.status == Status.CONTACT_GIVEN and referral.summary_for_person is None
    sent = [message["text"] for call in [*line_api.replies, *line_api.pushes] for message in call["messages"]]
    assert any("06-1234-5678" in text and "Org hidamari" in text for text in sent), sent
