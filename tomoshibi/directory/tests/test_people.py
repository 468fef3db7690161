"""Twelve people ask for help (GET /api/v1/referrals, as the pages and `tomoshibi refer` do).

For every person: each contact recommended has a link that works for its channel (a visit gives a
plain address), the channel the person chose leads wherever the service offers it, a closed contact
says when it opens, at most six services come first, and no service is recommended that nobody can
reach. Then the rules each person's situation calls for.
"""

import re

import pytest
from django.test import Client

from tomoshibi.directory.actions import do_import_bundled
from tomoshibi.directory.referral_engine import for_foreign_residents
from tomoshibi.directory.tests.fixture import engine_services

LINKS = {
    "phone": re.compile(r"^tel:(?:%23)?\d[\d-]*$"),
    "line": re.compile(r"^https://(?:line\.me|lin\.ee)/\S+$"),
    "web": re.compile(r"^https://\S+$"),
    "chat": re.compile(r"^https://\S+$"),
    "email": re.compile(r"^mailto:[^@\s]+@[^@\s]+$"),
}
CHOSEN = {
    "phone": {"phone"},
    "line": {"line"},
    "chat": {"chat", "web"},
    "email": {"email", "web"},
    "in_person": {"visit"},
}

PEOPLE = {
    "filipino_woman_in_osaka_at_0620_whose_passport_was_taken": {
        "postal_code": "530-0001",
        "age": "adult",
        "gender": "female",
        "lang": "tl",
        "situation": "documents_taken",
        "channel": "phone",
        "danger": "no",
        "at": "2026-03-04T06:20",
    },
    "girl_of_16_in_tokyo_in_jk_business": {
        "prefecture": "13",
        "age": "minor",
        "gender": "female",
        "lang": "ja",
        "situation": "forced_sex_work,sexual_violence",
        "channel": "line",
        "danger": "no",
        "at": "2026-03-06T22:00",
    },
    "woman_pressured_into_pornography": {
        "prefecture": "14",
        "age": "adult",
        "gender": "female",
        "lang": "ja",
        "situation": "coerced_pornography",
        "channel": "chat",
        "danger": "no",
        "at": "2026-03-03T14:00",
    },
    "adult_with_a_passport_problem": {
        "prefecture": "23",
        "age": "adult",
        "lang": "en",
        "situation": "documents_taken",
        "channel": "email",
        "danger": "no",
        "at": "2026-03-02T10:00",
    },
    "thai_woman_at_3am_on_a_holiday": {
        "prefecture": "01",
        "age": "adult",
        "gender": "female",
        "lang": "th",
        "situation": "domestic_violence",
        "channel": "phone",
        "danger": "unsure",
        "at": "2026-05-04T03:00",
    },
    "vietnamese_worker_who_cannot_leave": {
        "prefecture": "23",
        "age": "adult",
        "gender": "male",
        "lang": "vi",
        "situation": "labour_exploitation",
        "channel": "phone",
        "danger": "no",
        "at": "2026-03-04T20:00",
    },
    "khmer_speaker_worried_about_a_visa": {
        "prefecture": "10",
        "age": "unknown",
        "lang": "km",
        "situation": "visa_worry",
        "channel": "phone",
        "danger": "no",
        "at": "2026-03-07T11:00",
    },
    "man_in_shimane_after_sexual_violence": {
        "prefecture": "32",
        "age": "adult",
        "gender": "male",
        "lang": "ja",
        "situation": "sexual_violence",
        "channel": "phone",
        "danger": "no",
        "at": "2026-03-04T12:00",
    },
    "chinese_woman_whose_images_are_shared_on_new_years_eve": {
        "prefecture": "13",
        "age": "adult",
        "gender": "female",
        "lang": "zh",
        "situation": "image_abuse",
        "channel": "email",
        "danger": "no",
        "at": "2026-12-31T23:00",
    },
    "boy_in_osaka_with_something_else": {
        "postal_code": "542-0076",
        "age": "minor",
        "gender": "male",
        "lang": "ja",
        "situation": "other",
        "channel": "line",
        "danger": "no",
        "at": "2026-03-08T15:00",
    },
    "filipina_in_danger_on_new_years_night": {
        "prefecture": "14",
        "age": "adult",
        "gender": "female",
        "lang": "tl",
        "situation": "forced_sex_work",
        "channel": "phone",
        "danger": "yes",
        "at": "2027-01-01T02:00",
    },
    "indonesian_woman_with_a_debt_and_no_passport": {
        "prefecture": "40",
        "age": "adult",
        "gender": "female",
        "lang": "id",
        "situation": "debt,documents_taken",
        "channel": "email",
        "danger": "no",
        "at": "2026-03-02T09:30",
    },
}


def ask(person: str) -> dict:
    response = Client().get("/api/v1/referrals", PEOPLE[person])
    assert response.status_code == 200
    return response.json()


def everything(answer: dict) -> list[dict]:
    return answer["recommendations"] + answer["more"]


def ids(answer: dict) -> list[str]:
    return [item["service_id"] for item in everything(answer)]


@pytest.fixture
def shipped(db):
    """Only the bundled files, as `tomoshibi setup` loads them (no test contacts, no pending services)."""
    return do_import_bundled()


@pytest.mark.parametrize("person", PEOPLE)
def test_every_contact_recommended_can_be_used_now_or_says_when(directory, person):
    assert_every_contact_usable(person)


@pytest.mark.parametrize("person", PEOPLE)
def test_the_shipped_directory_alone_gives_every_person_usable_contacts(shipped, person):
    assert_every_contact_usable(person)


def assert_every_contact_usable(person: str) -> None:
    answer = ask(person)
    chosen = CHOSEN[PEOPLE[person]["channel"]]
    assert 0 < len(answer["recommendations"]) <= 6
    assert all(item["contacts"] for item in everything(answer))
    for item in everything(answer) + [{"contacts": answer["right_now"]}]:
        for contact in item["contacts"]:
            if contact["channel"] == "visit":
                assert contact["href"] is None and contact["address"]
            else:
                assert LINKS[contact["channel"]].match(contact["href"]), contact
            if contact["open_now"] is False:
                assert contact["next_open"].endswith("+09:00") and contact["status"] != "Closed now"
        offered = [c for c in item["contacts"] if c["channel"] in chosen]
        if offered and "service_id" in item:
            assert item["contacts"][0]["channel"] in chosen, item["service_id"]


@pytest.mark.parametrize("person", PEOPLE)
def test_no_service_is_recommended_that_nobody_can_reach(directory, person):
    unreachable = {s.id for s in engine_services() if not s.reach and s.kind != "one_stop_center"}
    assert not unreachable & set(ids(ask(person)))


def test_the_filipino_woman_gets_legal_help_and_the_24_hour_line_in_tagalog(directory):
    answer = ask("filipino_woman_in_osaka_at_0620_whose_passport_was_taken")
    found = {item["service_id"]: item for item in everything(answer)}
    assert {"nat-houterasu", "nat-houterasu-multilingual", "nat-isa-info-center"} <= set(found)
    immigration = " ".join(found["nat-isa-info-center"]["explanations"])
    assert "immigration" in immigration.lower() or "imigrasyon" in immigration.lower()
    isa_phone = found["nat-isa-info-center"]["contacts"][0]
    assert (isa_phone["channel"], isa_phone["open_now"]) == ("phone", False)
    assert isa_phone["next_open"] == "2026-03-04T08:30:00+09:00"
    assert "08:30" in isa_phone["status"] and "2" in isa_phone["status"] and "10" in isa_phone["status"]
    assert any("tl" in line["languages"] and line["open_24h"] for line in answer["right_now"])
    assert "nat-dv-plus" in {line["service_id"] for line in answer["right_now"]}


def test_the_immigration_centre_is_named_as_the_authority_that_can_be_asked_without_a_name(directory):
    answer = Client().get("/api/v1/referrals", {**PEOPLE["adult_with_a_passport_problem"]}).json()
    isa = next(item for item in everything(answer) if item["service_id"] == "nat-isa-info-center")
    text = " ".join(isa["explanations"])
    assert "the immigration authority itself" in text and "without giving your name" in text


def test_the_girl_in_tokyo_gets_line_links_and_no_services_for_foreign_residents(directory):
    answer = ask("girl_of_16_in_tokyo_in_jk_business")
    foreign = {s.id for s in engine_services() if for_foreign_residents(s)}
    assert not foreign & set(ids(answer))
    assert "nat-189" in ids(answer)
    line_links = [c["href"] for item in everything(answer) for c in item["contacts"] if c["channel"] == "line"]
    assert line_links and all(
        link.startswith("https://line.me/") or link.startswith("https://lin.ee/") for link in line_links
    )


def test_coerced_pornography_leads_to_8891_under_the_av_act(directory):
    found = {item["service_id"]: item for item in everything(ask("woman_pressured_into_pornography"))}
    assert "av_harm_one_stop" in found["nat-onestop-8891"]["reasons"]
    assert {"ngo-paps", "nat-ihc"} <= set(found)


def test_the_adult_with_a_passport_problem_gets_legal_help_and_no_child_rules(directory):
    answer = ask("adult_with_a_passport_problem")
    reasons = {reason for item in everything(answer) for reason in item["reasons"]}
    assert "legal_help" in reasons and "legal_help_in_your_language" in reasons
    assert not reasons & {"if_under_18", "child_abuse_hotline", "for_minors"}


def test_the_thai_woman_at_3am_on_a_holiday_is_shown_what_is_open(directory):
    answer = ask("thai_woman_at_3am_on_a_holiday")
    open_now = [
        c
        for item in everything(answer) + [{"contacts": answer["right_now"]}]
        for c in item["contacts"]
        if c["open_now"]
    ]
    assert open_now
    assert all("th" in line["languages"] and line["open_24h"] for line in answer["right_now"])


def test_the_police_card_says_interpreters_are_used(directory):
    answer = ask("filipina_in_danger_on_new_years_night")
    first = answer["recommendations"][0]
    assert first["service_id"] == "nat-police-110"
    assert "interpreters_available" in first["reasons"]
    assert first["contacts"][0]["href"] == "tel:110"


def test_the_indonesian_woman_is_sent_to_her_embassy_which_answers_e_mail(directory):
    found = {item["service_id"]: item for item in everything(ask("indonesian_woman_with_a_debt_and_no_passport"))}
    embassy = found["emb-id-tokyo"]
    assert "embassy_documents" in embassy["reasons"]
    assert embassy["contacts"][0]["href"].startswith("mailto:")


def test_a_japanese_boy_is_not_offered_services_for_foreign_residents(directory):
    foreign = {s.id for s in engine_services() if for_foreign_residents(s)}
    assert not foreign & set(ids(ask("boy_in_osaka_with_something_else")))


def test_more_than_six_wait_behind_more(directory):
    answer = Client().get("/api/v1/referrals", {**PEOPLE["girl_of_16_in_tokyo_in_jk_business"], "limit": "3"}).json()
    assert len(answer["recommendations"]) == 3 and answer["more"]
