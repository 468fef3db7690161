"""The flow through the Django test client, with CSRF checks on, as a browser without JavaScript sees it."""

import base64
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tomoshibi.vault.keyring import COOKIE_NAME
from tomoshibi.vault.keyring import SESSION_FIELD as KEYRING_FIELD

from .conftest import CSRF_FIELD, Person
from .sealed import saved_state

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title(person):
    return TITLE.search(person.text()).group(1)


def answers_in_session(person):
    return (saved_state(person.client) or {}).get("answers", {})


def test_it_walks_to_ranked_contacts_with_one_tap_call_links(person):
    person.answer_all(prefecture="27", cards=["sex_for_money"], channels=["phone"])
    text = person.text()
    assert person.page.status_code == 200
    assert "<h1>Support for you</h1>" in text
    assert 'href="tel:%238891"' in text  # the one-stop centres' national number
    assert "support centre for victims of sexual violence in your prefecture" in text  # a reason, in plain words
    assert "What happens when you call" in text and "Your rights" in text


def test_it_keeps_every_answer_out_of_urls_titles_and_redirects(person):
    person.open()
    steps = [
        ("safety", {"safe": "no"}),
        ("emergency", {}),
        ("location", {"postal_code": "530-0001"}),
        ("age", {"age": "minor"}),
        ("situation", {"cards": ["images", "visa"]}),
        ("channel", {"channels": ["line"]}),
    ]
    for step, data in steps:
        response = person.post(step, **data)
        assert response.status_code == 303
        assert response["Location"] == "/en/help/"
        for value in ["530", "minor", "images", "visa", "line", "no"]:
            assert value not in title(person).lower().split()
    assert "530" not in person.text().split("<main")[0]  # nothing in the head or the language links


def test_it_keeps_no_answer_in_clear_in_the_session_table(person):
    person.answer_all(postal_code="530-0001", prefecture="", age="minor", cards=["images"], channels=["line"])
    (row,) = [session.get_decoded() for session in Session.objects.all()]
    sealed = row.pop(KEYRING_FIELD)
    for answer in ["5300001", "530-0001", "minor", "images", "line"]:
        assert answer not in json.dumps(row)  # nothing beside the sealed entries holds an answer
    # The sealed entries are ciphertext. (A random base64 text may contain "530" by chance, so the
    # check is on the decoded bytes, for the words of the saved state.)
    for entry in sealed.values():
        data = base64.urlsafe_b64decode(entry)
        assert b"postal_code" not in data and b"minor" not in data and b"5300001" not in data
    assert saved_state(person.client)["answers"]["postal_code"] == "5300001"  # the person's cookie opens it


def test_a_session_row_without_the_persons_cookie_opens_to_nothing(person):
    person.answer_all(age="minor")
    person.client.cookies.pop(COOKIE_NAME)
    person.open()
    assert "Are you safe right now?" in person.text()
    assert saved_state(person.client) is None


def test_it_sends_no_store_on_every_step(person):
    person.open()
    assert "no-store" in person.page["Cache-Control"]
    for step, data in [("safety", {"safe": "yes"}), ("location", {}), ("age", {}), ("situation", {}), ("channel", {})]:
        person.post(step, **data)
        assert "no-store" in person.page["Cache-Control"]
        assert "no-store" in person.last_post["Cache-Control"]


def test_it_refuses_an_answer_without_the_csrf_token(person):
    person.open()
    response = person.client.post(person.url, {"step": "safety", "action": "next", "safe": "no"})
    assert response.status_code == 403
    assert saved_state(person.client) is None


def test_it_shows_how_to_call_110_before_anything_else_when_not_safe(person):
    person.open()
    person.post("safety", safe="no")
    text = person.text()
    assert "<h1>Call 110 now</h1>" in text
    assert 'href="tel:110"' in text
    assert "free from any phone" in text and "Jiken desu" in text
    assert 'name="postal_code"' not in text


def test_it_puts_110_first_on_the_answer_page_for_a_person_in_danger(person):
    person.answer_all(safe="no", cards=["debt"])
    calls = re.findall(r'href="(tel:[^"]+)"', person.text().split("<main")[1])
    assert calls[0] == "tel:110" and calls.count("tel:110") == 1


def test_it_lets_every_question_be_skipped(person):
    person.open()
    for step in ("safety", "location", "age", "situation", "channel"):
        assert person.post(step, action="skip").status_code == 303
    assert "<h1>Support for you</h1>" in person.text()
    assert 'href="tel:' in person.text()
    assert answers_in_session(person) == {
        "safe": "",
        "postal_code": "",
        "prefecture": "",
        "age": "",
        "cards": [],
        "channels": [],
    }


def test_it_goes_back_and_shows_the_earlier_answer(person):
    person.open()
    person.post("safety", safe="unsure")
    person.post("location", prefecture="40")
    person.post("age", action="back")
    assert 'value="40" selected' in person.text()
    person.post("location", action="back")
    assert re.search(r'value="unsure" checked', person.text())


def test_it_keeps_the_answers_when_the_language_changes(person):
    person.open()
    person.post("safety", safe="yes")
    person.post("location", prefecture="13")
    person.open("/ja/help/")
    assert "質問 3 / 5" in person.text() and "18歳未満" in person.text()  # still the age question, now in Japanese
    person.language = "ja"
    person.post("age", age="adult")
    assert answers_in_session(person)["prefecture"] == "13"
    assert answers_in_session(person)["age"] == "adult"


def test_it_forgets_everything_on_start_again(person):
    person.answer_all(cards=["debt"])
    session_key = person.client.session.session_key
    person.post("answer", action="restart")
    assert "Are you safe right now?" in person.text()
    assert saved_state(person.client) is None
    assert person.client.session.session_key != session_key


def test_it_forgets_everything_on_quick_exit(person):
    person.open()
    person.post("safety", safe="no")
    person.post("emergency")
    person.post("location", prefecture="27")
    response = person.client.get("/exit/")
    assert response.status_code == 302
    person.open()
    assert "Are you safe right now?" in person.text()
    assert " checked" not in person.text()


def test_it_takes_the_posters_prefecture_but_drops_it_from_the_address(person):
    response = person.client.get("/en/help/?p=27")
    assert response.status_code == 303 and response["Location"] == "/en/help/"
    person.open()
    person.post("safety", action="skip")
    assert 'value="27" selected' in person.text()
    assert answers_in_session(person)["prefecture"] == ""  # a preset, not an answer
    person.post("location", action="skip")
    person.post("age", action="skip")
    person.post("situation", cards=["sex_for_money"])
    person.post("channel", action="skip")
    assert "support centre for victims of sexual violence in your prefecture" in person.text()


def test_it_ignores_a_preset_that_is_not_a_prefecture(person):
    for query in ("?p=99", "?p=abc", "?p="):
        response = person.client.get("/en/help/" + query)
        assert response["Location"] == "/en/help/"
    assert saved_state(person.client) is None


def test_it_refuses_an_unknown_postal_code_in_the_persons_language_and_keeps_the_rest(directory):
    person = Person("ja")
    person.open()
    person.post("safety", safe="unsure")
    response = person.post("location", postal_code="999-9999")
    assert response.status_code == 303 and response["Location"] == "/ja/help/"
    text = person.text()
    assert "郵便番号 9999999 が見つかりませんでした" in text
    assert 'value="999-9999"' in text  # what the person typed is still there
    assert 'aria-invalid="true"' in text
    assert answers_in_session(person)["safe"] == "unsure"
    person.open()
    assert "が見つかりませんでした" not in person.text()  # the error is shown once


def test_it_refuses_a_postal_code_of_the_wrong_length_and_a_conflicting_prefecture(person):
    person.open()
    person.post("safety", action="skip")
    person.post("location", postal_code="12345")
    assert "A postal code has 7 digits, for example 150-0001." in person.text()
    person.post("location", postal_code="150-0001", prefecture="27")
    assert "This postal code is in another prefecture." in person.text()


def test_it_never_keeps_words_typed_into_the_postal_code_box(person):
    person.open()
    person.post("safety", action="skip")
    token = CSRF_FIELD.search(person.text()).group(1)
    person.client.post(
        person.url,
        {"csrfmiddlewaretoken": token, "step": "location", "action": "next", "postal_code": "Room 5, 1-2-3 Shibuya"},
    )
    # The refused text waits in the session (until shown) only as the characters a postal code has.
    assert saved_state(person.client)["pending"]["postal_code"] == " 5 1-2-3 "
    person.open()
    assert "Shibuya" not in person.text()


def test_it_accepts_a_full_width_postal_code(person):
    person.open()
    person.post("safety", action="skip")
    person.post("location", postal_code="１５０－０００１")
    assert answers_in_session(person)["postal_code"] == "1500001"
    assert "How old are you?" in person.text()


def test_it_refuses_a_choice_that_was_not_offered(person):
    person.open()
    person.post("safety", safe="maybe")
    assert "Choose one of the options shown, or skip this question." in person.text()
    assert answers_in_session(person)["safe"] == ""


def test_it_speaks_to_a_child_as_a_child(person):
    person.open()
    person.post("safety", action="skip")
    person.post("location", action="skip")
    person.post("age", age="minor")
    text = person.text()
    assert "An adult gives you money or gifts for sex" in text
    assert "it is not your fault" in text
    person.post("situation", cards=["sex_for_money"])
    person.post("channel", action="skip")
    text = person.text()
    assert "You are not in trouble" in text
    assert text.index("a child under 18 who is paid for sex is the victim") < text.index("Consultation is free")
    assert 'href="tel:189"' in text


def test_it_links_to_an_anonymous_consultation_without_putting_answers_in_the_link(person):
    try:
        start = reverse("consultations:start")
    except NoReverseMatch:
        pytest.skip("The consultations app is not installed: the answer page does not link to it.")
    person.answer_all(age="minor", cards=["debt"])
    assert f'href="{start}"' in person.text()
    assert re.search(r'href="[^"]*\?[^"]*(minor|debt)', person.text()) is None


def test_it_answers_only_get_and_post(db):
    assert Client().put("/en/help/").status_code == 405
