import re

import pytest
from django.urls import reverse

from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations import person_session, ratelimit
from tomoshibi.consultations.models import MAX_MESSAGE_LENGTH, ConsultationEvent, Conversation, Message
from tomoshibi.core import ratelimit as core_ratelimit
from tomoshibi.core.models import RateCounter
from tomoshibi.help.tests.sealed import seal_answers
from tomoshibi.testing.personas import come_back, person, post_form, receipt_from, start, write_first_message
from tomoshibi.vault import crypto

pytestmark = pytest.mark.django_db

FLAG_FIELDS = ("age_group", "danger", "situations")


def test_it_lists_the_organisations_that_take_web_consultations(org_a, org_b):
    org_b.organisation.accepts_web_consultations = False
    org_b.organisation.save()
    page = person().get(reverse("consultations:start")).content.decode()
    assert org_a.organisation.name in page and org_b.organisation.name not in page


def from_help_flow(age: str = "minor", safe: str = "no", cards: tuple = ("debt",)):
    """A person whose help-flow answers sit in their session, as the help flow leaves them."""
    client = person()
    seal_answers(client, safe=safe, age=age, cards=tuple(cards))
    return client


def addresses_in(page: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', page)


def test_it_lists_only_organisations_that_help_minors_for_a_minor(org_a, org_b):
    org_b.organisation.serves_minors = False
    org_b.organisation.save()
    page = from_help_flow(age="minor").get(reverse("consultations:start")).content.decode()
    assert org_a.organisation.name in page and org_b.organisation.name not in page


def test_it_never_puts_the_help_flow_answers_in_a_link_or_form_address(org_a, org_b):
    client = from_help_flow(age="minor", safe="no", cards=("debt", "documents"))
    start_page = client.get(reverse("consultations:start")).content.decode()
    write_page = client.get(reverse("consultations:write", args=[org_a.slug])).content.decode()
    addresses = addresses_in(start_page) + addresses_in(write_page)
    assert reverse("consultations:write", args=[org_a.slug]) in addresses
    assert f'action="{reverse("consultations:write", args=[org_a.slug])}"' in write_page
    for address in addresses:
        assert not any(part in address for part in ("?", "age=", "situation=", "danger=")), address


def test_it_carries_the_help_flow_answers_with_the_conversation(org_a):
    client = from_help_flow(age="minor", safe="no", cards=("debt",))
    write_url = reverse("consultations:write", args=[org_a.slug])
    page = client.get(write_url).content.decode()
    chosen = {name: re.findall(rf'name="{name}" value="(\w+)"[^>]*checked', page) for name in FLAG_FIELDS}
    response = post_form(client, write_url, {"body": "", **chosen})
    assert response.status_code == 302 and "?" not in response["Location"]
    conversation = Conversation.objects.get()
    assert (conversation.age_group, conversation.danger, conversation.situations) == ("minor", "yes", ["debt"])


def test_it_ignores_answers_put_in_the_url(org_a, org_b):
    org_b.organisation.serves_minors = False
    org_b.organisation.save()
    query = "?age=minor&danger=yes&situation=forced_sex_work"
    client = person()
    start_page = client.get(reverse("consultations:start") + query).content.decode()
    write_url = reverse("consultations:write", args=[org_a.slug])
    assert org_b.organisation.name in start_page and f'href="{write_url}"' in start_page
    write_page = client.get(write_url + query).content.decode()
    assert f'action="{write_url}"' in write_page
    assert not re.search(r'value="(minor|yes|forced_sex_work)"[^>]*checked', write_page)
    post_form(client, write_url + query, {"body": "", "age_group": "unknown", "danger": "unsure"})
    conversation = Conversation.objects.get()
    assert (conversation.age_group, conversation.danger, conversation.situations) == ("unknown", "unsure", [])


def test_it_commits_the_message_before_showing_the_receipt(org_a):
    client, receipt = start(org_a.slug, "Kailangan ko ng tulong", age_group="minor", danger="yes")
    digits = receipt.replace(" ", "")
    assert len(digits) == 16 and digits.isdigit()
    conversation = Conversation.objects.get()
    assert conversation.messages.count() == 1
    assert (conversation.age_group, conversation.danger, conversation.language) == ("minor", "yes", "en")
    sealed = conversation.messages.get().sealed_for_organisation
    assert crypto.unseal_text(org_a.private_key, sealed) == "Kailangan ko ng tulong"
    event = AuditEvent.objects.get(action=ConsultationEvent.CONVERSATION_STARTED, organisation=org_a.organisation)
    assert event.new_values == {"with_message": True}  # no profile of the person outlives the conversation


def test_it_opens_a_conversation_without_a_first_message(org_a):
    client, receipt = start(org_a.slug, "")
    assert Conversation.objects.get().messages.count() == 0
    assert "No messages yet" in client.get(reverse("consultations:thread")).content.decode()


def test_it_carries_situations_as_flags_and_refuses_values_outside_the_vocabulary(org_a):
    start(org_a.slug, "", situations=["debt", "visa_worry"])
    assert Conversation.objects.get().situations == ["debt", "visa_worry"]
    response = write_first_message(person(), org_a.slug, "kept text", age_group="child", situations=["money"])
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of: Under 18 / 18 or older / Age not said." in page
    assert "Choose one of: Sexual violence / " in page and "kept text" in page
    assert Conversation.objects.count() == 1


def test_it_takes_the_answers_of_the_help_flow_from_the_session(org_a):
    client = from_help_flow(age="minor", safe="no", cards=("debt",))
    page = client.get(reverse("consultations:write", args=[org_a.slug])).content.decode()
    assert re.search(r'value="minor"[^>]*checked', page)
    assert re.search(r'value="yes"[^>]*checked', page)
    assert re.search(r'value="debt"[^>]*checked', page)


def test_it_refuses_an_oversized_first_message_and_keeps_it(org_a):
    text = "x" * (MAX_MESSAGE_LENGTH + 1)
    response = write_first_message(person(), org_a.slug, text)
    assert response.status_code == 400
    assert f"{MAX_MESSAGE_LENGTH + 1} characters" in response.content.decode()
    assert text in response.content.decode()
    assert not Conversation.objects.exists()


def test_it_lets_the_person_come_back_with_the_receipt_and_write_more(org_a):
    _client, receipt = start(org_a.slug, "First message")
    client, response = come_back(receipt.replace(" ", "-"))
    assert response.status_code == 302 and response["Location"] == reverse("consultations:thread")
    assert "First message" in client.get(reverse("consultations:thread")).content.decode()
    sent = post_form(client, reverse("consultations:thread"), {"body": "Second message"})
    assert sent.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "First message" in page and "Second message" in page and "Your message is sent" in page


def test_it_refuses_an_empty_or_oversized_follow_up_and_keeps_the_text(org_a):
    client, _receipt = start(org_a.slug, "First message")
    empty = post_form(client, reverse("consultations:thread"), {"body": "   "})
    assert empty.status_code == 400 and "Write a message before sending." in empty.content.decode()
    long_text = "y" * (MAX_MESSAGE_LENGTH + 5)
    too_long = post_form(client, reverse("consultations:thread"), {"body": long_text})
    assert too_long.status_code == 400 and long_text in too_long.content.decode()
    assert Message.objects.count() == 1


def test_it_answers_a_wrong_receipt_like_a_receipt_with_a_wrong_ending(org_a):
    _client, receipt = start(org_a.slug, "secret")
    digits = receipt.replace(" ", "")
    same_start = digits[:6] + ("0000000000" if digits[6:] != "0000000000" else "1111111111")
    other_start = str((int(digits[:6]) + 1) % 1000000).zfill(6) + digits[6:]
    _c1, near = come_back(same_start)
    _c2, far = come_back(other_start)
    assert near.status_code == far.status_code == 400
    strip = lambda r: r.content.decode().replace(r.wsgi_request.META.get("CSRF_COOKIE", ""), "")  # noqa: E731
    assert "does not open a conversation" in near.content.decode()
    assert len(strip(near)) == len(strip(far))


def test_it_explains_a_receipt_that_is_not_sixteen_digits():
    _client, response = come_back("1234 5678")
    assert response.status_code == 400 and "A receipt has 16 digits" in response.content.decode()


def test_it_rate_limits_receipt_attempts_per_connection_without_storing_the_address(org_a):
    client = person()
    limit = ratelimit.RECEIPT_ATTEMPTS[0]
    # The connection's budget, then a few more tries at this one receipt (see core.ratelimit), no more.
    for _ in range(limit + core_ratelimit.TRIES_PER_RECEIPT):
        come_back("1234567890123456", client)
    _client, response = come_back("1234567890123456", client)
    assert response.status_code == 429 and "Too many tries" in response.content.decode()
    keys = list(RateCounter.objects.values_list("key", flat=True))
    limited = sorted(key.split(":")[2:] for key in keys if key.startswith("ratelimit:receipt:"))
    assert [len(parts[-1]) for parts in limited] == [32, 8, 32]  # the connection, the overflow, the receipt
    assert limited[1] == ["overflow"] and limited[2][0] == "receipt"
    assert all("127.0.0.1" not in key for key in keys)


def test_it_keeps_a_message_written_after_the_session_ended_and_sends_it_with_the_receipt(org_a):
    client, receipt = start(org_a.slug, "First")
    stored = client.session
    stored[person_session.FIELD] = {**stored[person_session.FIELD], "seen": 0}
    stored.save()
    response = post_form(client, reverse("consultations:thread"), {"body": "Written slowly"})
    assert response.status_code == 401 and "Written slowly" in response.content.decode()
    _client, back = come_back(receipt, client, body="Written slowly")
    assert back.status_code == 302
    assert "Written slowly" in client.get(reverse("consultations:thread")).content.decode()
    assert Message.objects.count() == 2


def test_it_leaves_the_conversation_on_this_device(org_a):
    client, _receipt = start(org_a.slug, "First")
    response = post_form(client, reverse("consultations:leave"))
    assert response.status_code == 302 and "notice=left" in response["Location"]
    assert client.get(reverse("consultations:thread")).status_code == 302


def test_it_keeps_the_receipt_out_of_the_session_and_the_database(org_a):
    client, receipt = start(org_a.slug, "First")
    digits = receipt.replace(" ", "")
    from django.contrib.sessions.models import Session

    for row in Session.objects.all():
        assert digits not in row.session_data and digits not in str(row.get_decoded())
    assert digits not in str(list(Conversation.objects.values()))


def test_it_stops_a_connection_opening_conversation_after_conversation(org_a):
    client = person()
    for _ in range(ratelimit.NEW_CONVERSATIONS[0]):
        receipt_from(write_first_message(client, org_a.slug, "again"), client)
    response = write_first_message(client, org_a.slug, "once more")
    assert "Too many new conversations" in response.content.decode() and "once more" in response.content.decode()


def test_it_shows_the_receipt_after_a_redirect_so_a_reload_opens_no_second_conversation(org_a):
    client = person()
    response = write_first_message(client, org_a.slug, "Once only")
    assert response.status_code == 302 and response["Location"] == reverse("consultations:receipt")
    first = receipt_from(client.get(response["Location"]))
    again = receipt_from(client.get(reverse("consultations:receipt")))
    assert first == again and Conversation.objects.count() == 1
    assert "Show my receipt number again" in client.get(reverse("consultations:thread")).content.decode()


def test_it_forgets_the_receipt_when_the_person_leaves(org_a):
    client, _receipt = start(org_a.slug, "bye")
    post_form(client, reverse("consultations:leave"))
    assert client.get(reverse("consultations:receipt"))["Location"] == reverse("consultations:home")


def test_it_does_not_show_a_receipt_to_someone_who_came_back_with_one(org_a):
    _client, receipt = start(org_a.slug, "hello")
    client, _response = come_back(receipt)
    assert client.get(reverse("consultations:receipt"))["Location"] == reverse("consultations:thread")
    assert "Show my receipt number again" not in client.get(reverse("consultations:thread")).content.decode()


def test_with_no_organisation_to_write_to_it_points_to_services_to_call(db):
    page = person().get(reverse("consultations:start")).content.decode()
    assert "No organisation takes written consultations here at the moment." in page
    assert 'href="/en/help/"' in page
