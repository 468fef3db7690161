"""What the person reads on LINE: the language guess, out-of-hours answers, what is never fetched."""

import pytest
from django.utils import timezone

from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.models import Conversation
from tomoshibi.directory.models import Service
from tomoshibi.directory.referral_engine import in_japan
from tomoshibi.line.guess import guess_language
from tomoshibi.line.models import LineContact, LineEvent, LineMessage

from . import events
from .conftest import SECRET_A, TOKEN_A, connect, run_worker

USER = "U5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"


@pytest.mark.parametrize(
    "text, language",
    [
        ("助けてください。パスポートを取られました", "ja"),
        ("ช่วยด้วย นายจ้างยึดพาสปอร์ตของฉัน", "th"),
        ("សូមជួយខ្ញុំផង", "km"),
        ("Xin hãy giúp tôi, chủ giữ hộ chiếu của tôi", "vi"),
        ("请帮帮我，老板拿走了我的护照", "zh-hans"),
        ("Tulungan po ninyo ako, kinuha ng amo ko ang pasaporte ko", "tl"),
        ("Please help me, my boss took my passport", "en"),
        ("🙏🙏", "ja"),
        ("도와주세요. 사장이 여권을 가져갔어요", "ko"),
        ("ကျေးဇူးပြု၍ ကူညီပါ", "my"),
        ("कृपया मलाई मद्दत गर्नुहोस्", "ne"),
        ("請幫幫我，老闆拿走了我的護照", "zh-hant"),
        ("Tolong bantu saya, majikan mengambil paspor saya", "id"),
        ("Ayúdame por favor, mi jefe me quitó el pasaporte", "es"),
        ("No tengo dinero y tengo miedo", "es"),
        ("Por favor me ajude, meu chefe pegou meu passaporte", "pt-br"),
        ("Socorro, não tenho dinheiro", "pt-br"),  # ã and á are not taken for Vietnamese tones
        ("Você pode me ajudar? Estou com medo", "pt-br"),  # nor ê for a Vietnamese letter
    ],
)
def test_it_guesses_the_language_of_a_first_message_from_its_letters(text, language):
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "text, supported, language",
    [
        ("請幫幫我", {"ja", "en", "zh-hans"}, "zh-hans"),  # the nearest written Chinese the platform offers
        ("请帮帮我", {"ja", "en", "zh-hant"}, "zh-hant"),
        ("도와주세요", {"ja", "en"}, "ja"),
        ("Tolong bantu saya", {"ja", "en"}, "en"),
        ("Tolong bantu saya", {"ja", "en", "id"}, "id"),
    ],
)
def test_it_guesses_only_a_language_the_platform_offers(text, supported, language):
    assert guess_language(text, supported) == language


def closed_hours_now() -> str:
    """Daily hours that are surely not now in Japan, closed on holidays (so never "unknown")."""
    hour = in_japan(timezone.now()).hour
    return ("daily 20:00-21:00" if hour < 12 else "daily 04:00-05:00") + "; closed holidays"


@pytest.mark.django_db(transaction=True)
def test_it_says_when_the_organisation_answers_and_which_24_hour_line_serves_now(org_a, tmp_path, line_api):
    common = {"kind": "ngo", "source_url": "https://example.org/", "status": "active"}
    own = Service.objects.create(id="org-a-entry", name_ja="団体A", name_en="Org A", hours=closed_hours_now(), **common)
    Service.objects.create(
        id="always-open",
        name_ja="24時間ライン",
        name_en="Always Open Line",
        phone="0120-000-000",
        is_24h=True,
        languages="ja;en;tl",
        **common,
    )
    organisation = org_a.organisation
    organisation.directory_service = own
    organisation.save(update_fields=["directory_service"])
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Please help me, my boss took my passport", "h1"))
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Is anyone there?", "h2"))
    run_worker()
    greeting, later = line_api.replies
    texts = [message["text"] for message in greeting["messages"]]
    assert "We are closed now" in texts[1] and own.hours in texts[1]
    assert "Always Open Line, 0120-000-000 (24 hours)" in texts[1] and "110" in texts[1]
    assert "We are closed now" in later["messages"][0]["text"] and later["replyToken"] == "reply-h2"


@pytest.mark.django_db(transaction=True)
def test_it_does_not_fetch_a_file_larger_than_the_limit_and_says_so(org_a, counsellor, tmp_path, line_api, settings):
    settings.LINE_MAX_CONTENT_BYTES = 1000
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    line_api.contents["f2"] = (b"x" * 5000, "video/mp4")
    events.deliver(
        org_a.slug,
        SECRET_A,
        events.media(USER, "file", "f1", fileName="contract.pdf", fileSize=50_000_000),
        events.media(USER, "video", "f2", duration=1000),
    )
    run_worker()
    assert not line_api.of(r"/v2/bot/message/f1/content")  # too large: not even asked for
    assert line_api.of(r"/v2/bot/message/f2/content")  # read, then dropped past the limit
    kept = LineMessage.objects.filter(kind__in=["file", "video"])
    assert kept.count() == 2 and not kept.filter(sealed_content__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_it_stops_waiting_for_content_line_does_not_send(org_a, tmp_path, line_api, monkeypatch):
    monkeypatch.setattr("tomoshibi.line.client.TIMEOUT", (1, 0.5))  # what production waits, made short
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    line_api.contents["s1"] = (b"\x89PNG picture", "image/png")
    line_api.content_delay = 3
    events.deliver(org_a.slug, SECRET_A, events.media(USER, "image", "s1"))
    run_worker()
    kept = LineMessage.objects.get()
    assert kept.kind == "image" and kept.sealed_content is None
    assert not LineEvent.objects.filter(body_ciphertext__isnull=False).exists()


@pytest.mark.django_db
def test_it_counts_a_line_conversation_as_only_itself_when_looking_for_the_same_person(org_a, org_b):
    from tomoshibi.consultations.actions import do_start_channel_conversation

    mine = do_start_channel_conversation(org_a.organisation, channel="line", language="ja")
    do_start_channel_conversation(org_b.organisation, channel="line", language="th")
    assert list(mine.same_person()) == [mine]
    assert Conversation.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_the_sdk_cannot_read_does_not_hold_up_the_next(org_a, tmp_path, line_api):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    unreadable = events.media(USER, "video", "u1")
    del unreadable["message"]["quoteToken"]
    events.deliver(org_a.slug, SECRET_A, unreadable, events.text(USER, "Please help me", "u2"))
    run_worker()
    assert list(LineMessage.objects.values_list("kind", flat=True)) == ["text"]
    assert not LineEvent.objects.filter(body_ciphertext__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_it_still_finds_the_person_and_their_messages_after_the_server_key_is_rotated(
    org_a, tmp_path, line_api, settings
):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Please help me", "r1"))
    run_worker()
    before = LineContact.objects.get().user_hash
    settings.VAULT_SERVER_KEY_FALLBACKS = [settings.VAULT_SERVER_KEY]
    settings.VAULT_SERVER_KEY = "a-new-server-key-for-the-rotation-test-0123456789"
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Are you there?", "r2"), events.unsend(USER, "r1"))
    run_worker()
    contact = LineContact.objects.get()
    assert contact.user_hash != before and Conversation.objects.count() == 1
    assert list(LineMessage.objects.values_list("message__conversation", flat=True)) == [contact.conversation_id]


def is_thai(text: str) -> bool:
    return any("\u0e00" <= character <= "\u0e7f" for character in text)


@pytest.mark.django_db(transaction=True)
def test_it_greets_a_thai_writer_again_in_thai_after_the_follow_greeting(org_a, tmp_path, line_api):
    own = Service.objects.create(
        id="org-a-entry",
        name_ja="団体A",
        name_en="Org A",
        hours=closed_hours_now(),
        kind="ngo",
        source_url="https://example.org/",
        status="active",
    )
    organisation = org_a.organisation
    organisation.directory_service = own
    organisation.save(update_fields=["directory_service"])
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(org_a.slug, SECRET_A, events.follow(USER))
    run_worker()
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "ช่วยด้วย นายจ้างยึดพาสปอร์ตของฉัน", "t1"))
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Hello?", "t2"))
    run_worker()
    contact = LineContact.objects.get()
    assert (contact.language, contact.language_chosen, contact.conversation.language) == ("th", False, "th")
    guessed = AuditEvent.objects.get(action="line.language_set")
    assert (guessed.actor_name, guessed.old_values["language"], guessed.new_values["language"]) == (
        "system",
        "ja",
        "th",
    )
    follow_greeting, thai_greeting, later = line_api.replies
    assert not is_thai(follow_greeting["messages"][0]["text"])
    assert thai_greeting["replyToken"] == "reply-t1"
    assert is_thai(thai_greeting["messages"][0]["text"]) and is_thai(thai_greeting["messages"][1]["text"])
    assert own.hours in thai_greeting["messages"][1]["text"]
    assert later["replyToken"] == "reply-t2" and is_thai(later["messages"][0]["text"])  # not guessed again


@pytest.mark.django_db(transaction=True)
def test_a_failing_event_does_not_stop_the_batch_and_the_sweep_handles_it_later(org_a, tmp_path, line_api, caplog):
    from datetime import timedelta

    from tomoshibi.line.tasks import forget_old_line_events, requeue_unhandled_line_events

    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(
        org_a.slug, SECRET_A, events.text(USER, "First, lost for a while", "w1"), events.text(USER, "Second", "w2")
    )
    first = LineEvent.objects.order_by("id").first()
    body = bytes(first.body_ciphertext)
    LineEvent.objects.filter(pk=first.pk).update(body_ciphertext=b"not an encrypted body")
    run_worker()
    assert LineMessage.objects.count() == 1  # the second arrived although the first failed
    assert "LINE events left for a later try: 1" in caplog.text and "lost for a while" not in caplog.text
    LineEvent.objects.filter(pk=first.pk).update(body_ciphertext=body)
    assert requeue_unhandled_line_events.call() == 0  # too recent: its own task may still run
    LineEvent.objects.filter(pk=first.pk).update(received_at=timezone.now() - timedelta(minutes=30))
    assert requeue_unhandled_line_events.call() == 1
    run_worker()
    assert LineMessage.objects.count() == 2
    assert not LineEvent.objects.filter(body_ciphertext__isnull=False).exists()
    events.deliver(org_a.slug, SECRET_A, events.text(USER, "Never handled", "w3"))
    LineEvent.objects.update(received_at=timezone.now() - timedelta(days=8))
    assert forget_old_line_events.call() == 3
    assert "LINE events deleted without being handled: 1" in caplog.text and "Never handled" not in caplog.text
