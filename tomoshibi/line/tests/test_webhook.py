"""The whole path: LINE's signed webhook -> worker -> sealed inbox -> a counsellor's reply back to LINE.

LINE itself is the stand-in server of standin.py; events are signed with the
channel secret and accepted by the SDK's own validator.
"""

import pytest
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.models import Conversation, Message
from tomoshibi.core.variants import full_languages
from tomoshibi.line.models import LineChannel, LineContact, LineEvent, LineMessage
from tomoshibi.testing.personas import make_organisation, make_staff, post_form, signed_in_client

from . import events
from .conftest import SECRET_A, SECRET_B, TOKEN_A, TOKEN_B, connect, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
USER = "U4af4980629a1b2c3d4e5f6a7b8c9d0e1"
OTHER_USER = "U0000980629a1b2c3d4e5f6a7b8c9ffff"
FIRST = "Tulungan po ninyo ako, kinuha ng amo ko ang pasaporte ko"
PICTURE = b"\x89PNG\r\n\x1a\n" + b"picture of a contract" * 20


@pytest.fixture
def org(org_a, tmp_path, line_api):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    return org_a


def thread_page(staff, conversation) -> str:
    return staff.get(reverse("consultations:conversation", args=[conversation.pk])).content.decode()


def test_it_prints_the_webhook_address_and_keeps_the_secrets_encrypted(org_a, tmp_path, line_api):
    printed = connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    assert "/line/webhook/org-a/" in printed
    channel = LineChannel.objects.get()
    assert SECRET_A.encode() not in bytes(channel.secret_ciphertext)
    assert TOKEN_A.encode() not in bytes(channel.token_ciphertext)
    assert SECRET_A not in printed and TOKEN_A not in printed


def test_it_brings_text_image_and_unsend_from_line_into_the_inbox(org, counsellor, line_api):
    line_api.contents["m2"] = (PICTURE, "image/png")
    assert events.deliver(org.slug, SECRET_A, events.text(USER, FIRST, "m1")).status_code == 200
    assert events.deliver(org.slug, SECRET_A, events.media(USER, "image", "m2")).status_code == 200
    assert events.deliver(org.slug, SECRET_A, events.text(USER, "I will delete this one", "m3")).status_code == 200
    assert events.deliver(org.slug, SECRET_A, events.sticker(USER, "m4")).status_code == 200
    assert Message.objects.count() == 0  # the webhook only accepted: the worker does the work
    run_worker()
    assert events.deliver(org.slug, SECRET_A, events.unsend(USER, "m3")).status_code == 200
    run_worker()

    conversation = Conversation.objects.get()
    assert conversation.channel == "line" and conversation.language == "tl"
    assert Message.objects.count() == 3
    staff = signed_in_client(counsellor)
    inbox = staff.get(reverse("consultations:inbox", args=[org.slug])).content.decode()
    assert 'class="channel-mark">LINE<' in inbox
    page = thread_page(staff, conversation)
    assert FIRST in page and "I will delete this one" not in page and "(sticker)" in page
    attachment = LineMessage.objects.get(kind="image")
    assert PICTURE not in bytes(attachment.sealed_content)
    response = staff.get(reverse("line:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response.content == PICTURE and response["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="line.attachment_opened").count() == 1
    assert AuditEvent.objects.filter(action="line.unsent").count() == 1
    # The person was greeted once, in the language of the first message, with the language buttons.
    assert len(line_api.replies) == 1
    greeting = line_api.replies[0]
    assert greeting["replyToken"] == "reply-m1"
    assert "LY Corporation" in greeting["messages"][0]["text"] and "110" in greeting["messages"][0]["text"]
    buttons = greeting["messages"][-1]["quickReply"]["items"]
    assert len(buttons) == min(len(full_languages()), 13) and buttons[0]["action"]["data"] == "language=tl"


def test_it_sends_a_counsellors_reply_by_reply_token_then_by_push(org, counsellor, line_api):
    events.deliver(org.slug, SECRET_A, events.text(USER, FIRST, "m1"))
    events.deliver(org.slug, SECRET_A, events.text(USER, "Nandito pa po ako", "m2"))
    run_worker()
    conversation = Conversation.objects.get()
    staff = signed_in_client(counsellor)
    first = post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "Salamat, we are here."})
    assert first.status_code == 302 and "notice=delivered" in first["Location"]
    last_reply = line_api.replies[-1]
    assert last_reply["replyToken"] == "reply-m2"
    assert [message["text"] for message in last_reply["messages"]] == ["Salamat, we are here."]
    assert line_api.pushes == []
    post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "Are you safe now?"})
    assert [(push["to"], [m["text"] for m in push["messages"]]) for push in line_api.pushes] == [
        (USER, ["Are you safe now?"])
    ]
    retry_keys = [call.headers.get("X-Line-Retry-Key") for call in line_api.of("/v2/bot/message/push")]
    assert all(retry_keys)
    assert "Delivered on LINE." in thread_page(staff, conversation)


def test_it_shows_a_failed_send_and_sends_it_again(org, counsellor, line_api):
    events.deliver(org.slug, SECRET_A, events.text(USER, FIRST, "m1"))
    run_worker()
    conversation = Conversation.objects.get()
    staff = signed_in_client(counsellor)
    line_api.push_status = 429
    response = post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "Hello again"})
    assert "notice=undelivered" in response["Location"]
    page = staff.get(response["Location"]).content.decode()
    assert "monthly message limit is reached" in page and "Send again" in page
    line_api.push_status = 200
    failed = LineMessage.objects.get(kind="reply")
    again = post_form(staff, reverse("line:retry", args=[failed.pk]))
    assert "notice=delivered" in again["Location"]
    failed.refresh_from_db()
    assert failed.delivery == "sent" and failed.attempts == 2
    assert [push["to"] for push in line_api.pushes] == [USER, USER]


def test_it_sends_a_reply_whose_answer_was_lost_only_once_when_sent_again(org, counsellor, line_api):
    events.deliver(org.slug, SECRET_A, events.text(USER, FIRST, "m1"))
    run_worker()
    conversation = Conversation.objects.get()
    staff = signed_in_client(counsellor)
    line_api.lose_push_answers = True  # LINE delivers, but its answer never arrives
    response = post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "Are you safe?"})
    assert "notice=undelivered" in response["Location"]
    line_api.lose_push_answers = False
    failed = LineMessage.objects.get(kind="reply")
    again = post_form(staff, reverse("line:retry", args=[failed.pk]))
    assert "notice=delivered" in again["Location"]
    failed.refresh_from_db()
    assert failed.delivery == "sent" and failed.attempts == 2
    keys = [call.headers.get("X-Line-Retry-Key") for call in line_api.of("/v2/bot/message/push")]
    assert len(keys) == 2 and keys[0] == keys[1]
    assert line_api.accepted_retry_keys == keys[:1]  # the person got one copy


def test_it_drops_a_message_unsent_before_it_arrived_only_for_the_person_who_unsent_it(org, line_api):
    from tomoshibi.line.identity import user_hash
    from tomoshibi.line.models import LineUnsent

    events.deliver(org.slug, SECRET_A, events.text(USER, FIRST, "m1"), events.text(OTHER_USER, FIRST, "o1"))
    run_worker()
    events.deliver(org.slug, SECRET_A, events.unsend(USER, "m2"), events.text(USER, "Sent by mistake", "m2"))
    events.deliver(org.slug, SECRET_A, events.text(OTHER_USER, "Same id, another person", "m2"))
    run_worker()
    assert LineMessage.objects.filter(kind="text").count() == 3  # m1, o1, and the other person's m2
    assert Message.objects.filter(line__kind="text").count() == 3
    tombstone = LineUnsent.objects.get()
    assert tombstone.contact.user_hash == user_hash(org.organisation, USER)
    assert "m2" not in tombstone.line_id_hash and len(tombstone.line_id_hash) == 64
    assert AuditEvent.objects.filter(action="line.unsent").count() == 1


def test_it_says_when_the_person_blocked_the_account_and_stops_replies(org, counsellor, line_api):
    events.deliver(org.slug, SECRET_A, events.follow(USER), events.text(USER, FIRST, "m1"))
    events.deliver(org.slug, SECRET_A, events.unfollow(USER))
    run_worker()
    conversation = Conversation.objects.get()
    staff = signed_in_client(counsellor)
    assert "blocked this LINE account" in thread_page(staff, conversation)
    response = post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "Are you there?"})
    assert "notice=undelivered" in response["Location"]
    assert line_api.pushes == []
    assert LineMessage.objects.get(kind="reply").failure == "blocked"


def test_it_refuses_a_bad_or_missing_signature_and_stores_nothing(org, line_api):
    body_event = events.text(USER, FIRST, "m1")
    wrong = events.deliver(org.slug, SECRET_A, body_event, signed="bm90IHRoZSByaWdodCBzaWduYXR1cmU=")
    missing = events.deliver(org.slug, SECRET_A, body_event, signed="")
    other_secret = events.deliver(org.slug, SECRET_B, body_event)
    assert (wrong.status_code, missing.status_code, other_secret.status_code) == (400, 400, 400)
    run_worker()
    assert LineEvent.objects.count() == 0 and Conversation.objects.count() == 0 and LineContact.objects.count() == 0
    assert LineChannel.objects.get().bad_signatures == 3
    assert line_api.calls == []


def test_it_stores_a_redelivered_event_once(org, line_api):
    event = events.text(USER, FIRST, "m1")
    again = {**event, "deliveryContext": {"isRedelivery": True}}
    assert events.deliver(org.slug, SECRET_A, event).status_code == 200
    assert events.deliver(org.slug, SECRET_A, again).status_code == 200
    run_worker()
    assert events.deliver(org.slug, SECRET_A, again).status_code == 200
    run_worker()
    assert Message.objects.count() == 1 and LineEvent.objects.count() == 1
    assert LineEvent.objects.get().body_ciphertext is None  # handled: the encrypted body is gone


def test_it_never_lands_organisation_bs_webhook_in_as_inbox(org, counsellor, tmp_path, line_api):
    org_b = make_organisation("org-b")
    connect(org_b, SECRET_B, TOKEN_B, tmp_path)
    member_of_b = make_staff(org_b, Role.COUNSELLOR, "counsellor@b.example")
    assert events.deliver(org_b.slug, SECRET_B, events.text(OTHER_USER, "Only for B", "b1")).status_code == 200
    assert events.deliver(org_b.slug, SECRET_A, events.text(USER, "Signed by A", "a1")).status_code == 400
    run_worker()
    assert list(Conversation.objects.values_list("organisation__slug", flat=True)) == ["org-b"]
    inbox_of_a = signed_in_client(counsellor).get(reverse("consultations:inbox", args=[org.slug])).content.decode()
    assert "channel-mark" not in inbox_of_a
    page = thread_page(signed_in_client(member_of_b), Conversation.objects.get())
    assert "Only for B" in page


def test_it_answers_the_language_choice_and_the_talk_button_in_that_language(org, line_api):
    events.deliver(org.slug, SECRET_A, events.follow(USER))
    run_worker()
    events.deliver(org.slug, SECRET_A, events.postback(USER, "language=th"))
    events.deliver(org.slug, SECRET_A, events.postback(USER, "talk"))
    run_worker()
    contact = LineContact.objects.get()
    assert (contact.language, contact.language_chosen, contact.conversation.language) == ("th", True, "th")
    chosen_event = AuditEvent.objects.get(action="line.language_set")
    assert (chosen_event.actor_name, chosen_event.new_values) == ("person", {"language": "th", "chosen": True})
    follow_greeting, chosen, talk = line_api.replies
    assert follow_greeting["replyToken"] == "reply-follow" and "110" in follow_greeting["messages"][0]["text"]
    assert "LY Corporation" in chosen["messages"][0]["text"] and "110" in chosen["messages"][0]["text"]
    assert any("\u0e00" <= character <= "\u0e7f" for character in chosen["messages"][0]["text"])
    assert any("\u0e00" <= character <= "\u0e7f" for character in talk["messages"][0]["text"])


MANY_LANGUAGES = [(code, code) for code in ["ja", "en", "tl", "th", "km", "vi", "zh-hans", "zh-hant", "ko"]] + [
    (code, code) for code in ["id", "ne", "my", "pt-br", "es", "fr"]
]


def test_it_offers_more_languages_than_line_shows_buttons_page_by_page(org, line_api, settings):
    settings.LANGUAGES = MANY_LANGUAGES
    events.deliver(org.slug, SECRET_A, events.follow(USER))
    run_worker()
    first = line_api.replies[0]["messages"][-1]["quickReply"]["items"]
    assert len(first) == 13 and first[0]["action"]["data"] == "language=ja"  # the person's language leads
    assert first[-1]["action"]["data"] == "languages=1" and "displayText" not in first[-1]["action"]
    events.deliver(org.slug, SECRET_A, events.postback(USER, "languages=1"))
    run_worker()
    second = line_api.replies[1]["messages"][-1]["quickReply"]["items"]
    offered = [item["action"]["data"] for item in first[:-1] + second[:-1]]
    assert offered == [f"language={code}" for code, _name in MANY_LANGUAGES]
    assert second[-1]["action"]["data"] == "languages=0"  # and back to the first page
    events.deliver(org.slug, SECRET_A, events.postback(USER, "language=fr"))
    run_worker()
    assert LineContact.objects.get().language == "fr"
