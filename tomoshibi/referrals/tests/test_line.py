"""A person writing on LINE is passed on in their own chat: they agree there, and the receiver writes there.

LINE's stand-in (line/tests/standin.py) records what reaches the person. A LINE user id belongs
to one provider's channels, so the receiving organisation writes through the sending
organisation's account, under its own name, as the proposal told the person.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tomoshibi.consultations.models import Conversation
from tomoshibi.core.tests.test_security import all_database_text
from tomoshibi.line.tests import events
from tomoshibi.line.tests.conftest import SECRET_A, TOKEN_A, connect, run_worker
from tomoshibi.referrals.models import Referral, Status
from tomoshibi.referrals.tasks import expire_referral_proposals
from tomoshibi.testing.personas import post_form

from .people import SUMMARY, make_world, propose, staff

pytestmark = pytest.mark.django_db(transaction=True)
USER = "U4af4980629a1b2c3d4e5f6a7b8c9d0e1"
STRANGER = "U0000000000000000000000000000beef"
SHELTER_REPLY = "We have a room for you tonight. Can you come to Tennoji station at 8?"


def sent_to_person(line_api) -> list[dict]:
    return [message for call in [*line_api.replies, *line_api.pushes] for message in call["messages"]]


def buttons(line_api) -> dict[str, str]:
    """{label: postback data} of the last question asked in the chat."""
    confirm = [m for m in sent_to_person(line_api) if m["type"] == "template"][-1]
    return {action["displayText"]: action["data"] for action in confirm["template"]["actions"]}


def person_on_line(world, tmp_path, text: str = "ช่วยด้วย ฉันต้องการที่พัก"):
    connect(world.sender, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(world.sender.slug, SECRET_A, events.text(USER, text, "m1"))
    run_worker()
    return Conversation.objects.get(organisation=world.sender.organisation)


def press(world, user: str, data: str) -> None:
    events.deliver(world.sender.slug, SECRET_A, events.postback(user, data))
    run_worker()


def test_a_person_on_line_agrees_in_their_chat_and_the_shelter_writes_to_them_there(line_api, tmp_path):
    world = make_world()
    conversation = person_on_line(world, tmp_path)
    a, b = staff(world.counsellor_a), staff(world.counsellor_b)
    proposed = propose(a, conversation)
    assert proposed.status_code == 302 and "notice=delivered" in proposed["Location"]
    referral = Referral.objects.get()
    assert referral.status == Status.PROPOSED and referral.summary_for_person is None

    # The person reads in their chat what would be shared, with whom, and how the receiver would write.
    texts = "\n".join(m.get("text", "") for m in sent_to_person(line_api))
    assert SUMMARY in texts and "Org hidamari" in texts and "Org sakura" in texts and "03-0000-0301" in texts
    answers = buttons(line_api)
    assert len(answers) == 2
    yes, no = answers.values()
    assert str(referral.pk) in yes and str(referral.pk) in no
    assert b.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404  # nothing before the yes

    # Someone else pressing the same data changes nothing: only the chat it was proposed in answers it.
    press(world, STRANGER, yes)
    assert Referral.objects.get().status == Status.PROPOSED
    press(world, USER, yes)
    referral.refresh_from_db()
    assert referral.status == Status.CONSENTED
    assert line_api.replies[-1]["replyToken"].startswith("reply-postback-")  # the person is told

    # The shelter reads the summary, accepts, and writes: it reaches the person's chat under its name.
    assert SUMMARY in b.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    post_form(b, reverse("referrals:accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED and referral.to_conversation.channel == "line"
    assert referral.sealed_channel_address is None  # moved to the relay, sealed to the shelter
    written = post_form(b, reverse("consultations:reply", args=[referral.to_conversation_id]), {"body": SHELTER_REPLY})
    assert "notice=delivered" in written["Location"]
    push = line_api.of(r"/v2/bot/message/push")[-1]
    assert push.json["to"] == USER and push.headers["Authorization"] == f"Bearer {TOKEN_A}"
    assert push.json["messages"][0]["text"] == f"[Org hidamari]\n{SHELTER_REPLY}"

    # What the person writes next in the chat reaches both organisations; neither reads the other's thread.
    events.deliver(world.sender.slug, SECRET_A, events.text(USER, "ฉันจะไปค่ะ", "m2"))
    run_worker()
    page_b = b.get(reverse("consultations:conversation", args=[referral.to_conversation_id])).content.decode()
    page_a = a.get(reverse("consultations:conversation", args=[conversation.pk])).content.decode()
    assert "ฉันจะไปค่ะ" in page_b and "ฉันจะไปค่ะ" in page_a and SHELTER_REPLY in page_b
    assert "Org sakura" in page_b  # the notice: in the chat with the sender's account
    assert a.get(reverse("consultations:conversation", args=[referral.to_conversation_id])).status_code == 404

    # The dump test's promise: no summary, reply, message or LINE user id in clear anywhere in the database.
    stored = all_database_text()
    for needle in (SUMMARY, SHELTER_REPLY, "ฉันจะไปค่ะ", USER):
        assert needle not in stored


def test_a_no_on_line_or_an_ended_proposal_erases_what_was_sealed_for_the_receiver(line_api, tmp_path):
    world = make_world()
    conversation = person_on_line(world, tmp_path)
    a = staff(world.counsellor_a)
    propose(a, conversation)
    refused = Referral.objects.get()
    assert refused.shared_for_receiver is not None and refused.sealed_channel_address is not None
    _yes, no = buttons(line_api).values()
    press(world, USER, no)
    refused.refresh_from_db()
    assert refused.status == Status.REFUSED
    assert refused.shared_for_receiver is None and refused.sealed_channel_address is None

    propose(a, conversation)
    ended = Referral.objects.exclude(pk=refused.pk).get()
    yes, _no = buttons(line_api).values()
    Referral.objects.filter(pk=ended.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_referral_proposals.call() == 1
    press(world, USER, yes)  # too late: refused, and the person is told
    ended.refresh_from_db()
    assert ended.status == Status.EXPIRED
    assert ended.shared_for_receiver is None and ended.sealed_channel_address is None
    assert line_api.replies[-1]["replyToken"].startswith("reply-postback-")
    receiver = staff(world.counsellor_b)
    for referral in (refused, ended):
        assert receiver.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_a_contact_only_on_line_is_sent_as_a_reply(line_api, tmp_path):
    world = make_world()
    conversation = person_on_line(world, tmp_path)
    given = propose(staff(world.counsellor_a), conversation, kind="contact", summary="")
    assert given.status_code == 302 and "notice=delivered" in given["Location"]
    referral = Referral.objects.get()
    assert referral.status == Status.CONTACT_GIVEN and referral.summary_for_person is None
    texts = [m.get("text", "") for m in sent_to_person(line_api)]
    assert any("03-0000-0301" in text and "Org hidamari" in text for text in texts), texts
