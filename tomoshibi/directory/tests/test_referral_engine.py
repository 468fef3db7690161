"""The referral engine's rules, one table row each, on the bundled directory (no database)."""

import dataclasses
from datetime import datetime

import pytest

from tomoshibi.directory.reach import Contact
from tomoshibi.directory.referral_engine import (
    AGES,
    CHANNELS,
    DANGERS,
    JST,
    SITUATIONS,
    ReferralError,
    ReferralRequest,
    languages_match,
    normalise_language,
    out_of_hours,
    parse_time,
    recommend,
)
from tomoshibi.directory.tests.fixture import engine_services

DIRECTORY = engine_services()
WEDNESDAY_NOON = datetime(2026, 3, 4, 12, 0, tzinfo=JST)
WEDNESDAY_NIGHT = datetime(2026, 3, 4, 23, 0, tzinfo=JST)
NEW_YEARS_EVE_NIGHT = datetime(2026, 12, 31, 23, 0, tzinfo=JST)
HOLIDAY_NOON = datetime(2026, 1, 12, 12, 0, tzinfo=JST)


def ask(services=DIRECTORY, **inputs):
    request = ReferralRequest(
        prefecture=inputs.get("prefecture"),
        age=inputs.get("age", "unknown"),
        gender=inputs.get("gender"),
        language=inputs.get("language", "ja"),
        situations=frozenset(inputs.get("situations", ())),
        danger=inputs.get("danger", "no"),
        channels=frozenset(inputs.get("channels", ())),
        at=inputs.get("at", WEDNESDAY_NOON),
    )
    return recommend(services, request)


def ids(recommendations):
    return [r.service.id for r in recommendations]


def by_id(recommendations):
    return {r.service.id: r for r in recommendations}


# (rule, inputs, services that must be listed, services that must not be listed)
INCLUSION = [
    ("danger puts 110 in", {"danger": "yes"}, ["nat-police-110"], []),
    ("unsure danger still lists 110", {"danger": "unsure"}, ["nat-police-110"], []),
    ("minors get 189", {"age": "minor"}, ["nat-189"], []),
    ("minors get services for minors", {"age": "minor"}, ["ngo-zoe-japan", "nat-moj-children-rights"], []),
    ("minors in Tokyo get Tokyo's youth NGOs", {"age": "minor", "prefecture": "13"}, ["ngo-colabo", "ngo-bond"], []),
    ("youth NGOs stay in their prefecture", {"age": "minor", "prefecture": "27"}, [], ["ngo-colabo", "ngo-bond"]),
    ("adults do not get minors-only lines", {"age": "adult"}, [], ["nat-189", "ngo-zoe-japan"]),
    ("unknown age gets 189 just in case", {"age": "unknown"}, ["nat-189"], ["ngo-zoe-japan"]),
    (
        "sexual violence gets the prefecture's centre and #8891",
        {"situations": ["sexual_violence"], "prefecture": "27"},
        ["osc-27-sachico", "nat-onestop-8891"],
        ["osc-13-sarc-tokyo"],
    ),
    (
        "sexual violence without a location gets #8891",
        {"situations": ["sexual_violence"]},
        ["nat-onestop-8891", "nat-police-8103"],
        [],
    ),
    (
        "minors-only centres are for minors",
        {"situations": ["sexual_violence"], "prefecture": "13"},
        [],
        ["osc-13-tokyo-child-hotline"],
    ),
    (
        "men's lines for men",
        {"situations": ["sexual_violence"], "prefecture": "32", "gender": "male"},
        ["osc-32-shimane-men"],
        [],
    ),
    (
        "men's lines not for women",
        {"situations": ["sexual_violence"], "prefecture": "32", "gender": "female"},
        ["osc-32-tanpopo"],
        ["osc-32-shimane-men", "nat-male-hotline"],
    ),
    (
        "men's and LGBTs line for another gender",
        {"situations": ["sexual_violence"], "prefecture": "14", "gender": "other"},
        ["osc-14-kanaline-men-lgbt"],
        ["nat-male-hotline"],
    ),
    ("image abuse adds PAPS and the IHC", {"situations": ["image_abuse"]}, ["ngo-paps", "nat-ihc"], []),
    ("coerced pornography adds PAPS and the IHC", {"situations": ["coerced_pornography"]}, ["ngo-paps", "nat-ihc"], []),
    ("forced sex work adds PAPS", {"situations": ["forced_sex_work"]}, ["ngo-paps", "nat-tokumei-dial"], []),
    ("host-club debt in Tokyo", {"situations": ["debt"], "prefecture": "13"}, ["pol-13-mpd-host-club-desk"], []),
    (
        "taken passports add the migrants' network",
        {"situations": ["documents_taken"]},
        ["ngo-smj", "nat-isa-info-center"],
        [],
    ),
    (
        "labour exploitation",
        {"situations": ["labour_exploitation"]},
        ["ngo-smj", "nat-isa-info-center", "nat-fresc"],
        [],
    ),
    ("visa worries", {"situations": ["visa_worry"]}, ["ngo-smj", "nat-isa-info-center"], []),
    ("a foreign language alone", {"language": "vi"}, ["ngo-smj", "nat-isa-info-center"], []),
    ("domestic violence", {"situations": ["domestic_violence"]}, ["nat-dv-plus", "nat-dv-navi-8008"], []),
    ("something else", {"situations": ["other"]}, ["nat-police-9110"], []),
    (
        "a woman gets her prefecture's women's centre",
        {"situations": ["domestic_violence"], "prefecture": "13", "gender": "female"},
        ["wc-13-tokyo"],
        ["nat-womens-8778"],
    ),
    (
        "#8778 where no women's centre is listed",
        {"situations": ["domestic_violence"], "prefecture": "23", "gender": "female"},
        ["nat-womens-8778"],
        [],
    ),
    (
        "women's centres not for men",
        {"situations": ["domestic_violence"], "prefecture": "13", "gender": "male"},
        [],
        ["wc-13-tokyo", "nat-womens-8778"],
    ),
    (
        "closed services never",
        {"situations": ["forced_sex_work"], "prefecture": "13", "age": "minor"},
        [],
        ["ngo-lighthouse"],
    ),
]


# (inputs, service, the reason it must carry)
REASONS_GIVEN = [
    ({"danger": "unsure"}, "nat-police-110", "danger_unsure"),
    ({"age": "unknown"}, "nat-189", "if_under_18"),
    ({"age": "minor"}, "nat-189", "child_abuse_hotline"),
    ({"situations": ["sexual_violence"], "prefecture": "27"}, "osc-27-sachico", "sexual_violence_centre_nearby"),
    ({"situations": ["sexual_violence"]}, "nat-police-8103", "police_sexual_crime_line"),
    ({"situations": ["sexual_violence"], "gender": "male", "prefecture": "32"}, "osc-32-shimane-men", "for_men"),
    ({"situations": ["image_abuse"]}, "nat-ihc", "report_online_content"),
    ({"situations": ["forced_sex_work"]}, "ngo-paps", "sexual_exploitation_support"),
    ({"situations": ["debt"], "prefecture": "13"}, "pol-13-mpd-host-club-desk", "host_club_debt"),
    ({"situations": ["visa_worry"]}, "ngo-smj", "migrant_support"),
    ({"situations": ["debt"], "prefecture": "21"}, "wc-21-gifu", "womens_centre"),
    ({"situations": ["sexual_violence"]}, "nat-womens-8778", "womens_centre"),
    ({"situations": ["visa_worry"]}, "nat-isa-info-center", "immigration_information"),
    ({"language": "km"}, "ngo-smj", "foreign_national"),
    ({"situations": ["labour_exploitation"]}, "nat-fresc", "foreign_residents_support"),
    ({"situations": ["domestic_violence"]}, "nat-dv-plus", "domestic_violence_support"),
    ({"situations": ["other"]}, "nat-police-9110", "police_consultation"),
    ({"situations": ["sexual_violence"], "prefecture": "40", "gender": "other"}, "osc-40-fukuoka", "lgbtq_friendly"),
    ({"situations": ["sexual_violence"], "prefecture": "05", "age": "minor"}, "osc-05-akita", "minors_not_stated"),
    ({"situations": ["image_abuse"], "language": "km"}, "ngo-paps", "languages_not_stated"),
    ({"situations": ["domestic_violence"], "language": "vi"}, "nat-dv-plus", "speaks_your_language"),
    ({"situations": ["domestic_violence"], "channels": ["chat"]}, "nat-dv-plus", "offers_your_channel"),
]


@pytest.mark.parametrize(("inputs", "service_id", "reason"), REASONS_GIVEN)
def test_it_gives_each_reason(inputs, service_id, reason):
    assert reason in by_id(ask(**inputs))[service_id].reasons


def test_it_never_says_a_service_takes_your_channel_when_there_is_nothing_to_use():
    # SMJ lists LINE among its channels but gives no LINE account: nothing can be opened.
    smj = by_id(ask(language="km", channels=["line"]))["ngo-smj"]
    assert "line" not in {state.contact.channel for state in smj.contacts}
    assert "offers_your_channel" not in smj.reasons
    # A one-stop centre without its own number is still reached by phone, through #8891.
    centre = by_id(ask(situations=["sexual_violence"], prefecture="03", channels=["phone"]))["osc-03-iwate"]
    assert centre.through == "nat-onestop-8891" and "offers_your_channel" in centre.reasons


def with_contact_hours(service_id, hours):
    """The directory with every contact of one service given other hours."""
    service = next(s for s in DIRECTORY if s.id == service_id)
    contacts = tuple(Contact(c.channel, c.value, c.languages, hours) for c in service.contacts)
    return [s for s in DIRECTORY if s.id != service_id] + [dataclasses.replace(service, contacts=contacts)]


def test_it_ranks_a_service_closed_now_lower_in_office_hours():
    services = with_contact_hours("nat-dv-plus", "mon 09:00-10:00")
    usual = ids(ask(situations=["domestic_violence"], age="adult"))
    closed_now = ids(ask(services, situations=["domestic_violence"], age="adult"))
    assert usual.index("nat-dv-plus") < usual.index("nat-dv-navi-8008")
    assert closed_now.index("nat-dv-navi-8008") < closed_now.index("nat-dv-plus")


@pytest.mark.parametrize(("rule", "inputs", "listed", "not_listed"), INCLUSION, ids=[row[0] for row in INCLUSION])
def test_it_applies_each_rule(rule, inputs, listed, not_listed):
    found = ids(ask(**inputs))
    assert set(listed) <= set(found), rule
    assert not set(not_listed) & set(found), rule


@pytest.mark.parametrize("situations", [["sexual_violence"], ["image_abuse"], ["labour_exploitation"], []])
def test_it_puts_110_first_in_danger(situations):
    assert ids(ask(danger="yes", situations=situations, age="minor"))[0] == "nat-police-110"


@pytest.mark.parametrize("prefecture", ["15", "17", "19", "20", "35", "45"])
def test_it_answers_8891_where_no_centre_is_listed(prefecture):
    found = ask(situations=["sexual_violence"], prefecture=prefecture)
    assert ids(found)[0] == "nat-onestop-8891"
    assert "no_centre_in_prefecture" in found[0].reasons


def test_it_puts_the_nearby_centre_before_8891_in_office_hours():
    found = ids(ask(situations=["sexual_violence"], prefecture="27"))
    assert found.index("osc-27-sachico") < found.index("nat-onestop-8891")


def without_contacts(service_id):
    """The directory with one service whose contacts are not listed (yet)."""
    service = next(s for s in DIRECTORY if s.id == service_id)
    return [s for s in DIRECTORY if s.id != service_id] + [dataclasses.replace(service, contacts=(), phone="")]


def test_it_reaches_a_centre_without_a_number_through_8891():
    services = without_contacts("osc-01-sacrach")
    sacrach = by_id(ask(services, situations=["sexual_violence"], prefecture="01"))["osc-01-sacrach"]
    assert sacrach.contacts[0].contact.value == "#8891"
    assert sacrach.contacts[0].contact.href == "tel:%238891"
    assert sacrach.through == "nat-onestop-8891"


def with_service(service_id, **changes):
    """The directory with one service changed."""
    service = next(s for s in DIRECTORY if s.id == service_id)
    return [s for s in DIRECTORY if s.id != service_id] + [dataclasses.replace(service, **changes)]


WOMAN_IN_TOKYO = {"situations": ["domestic_violence"], "gender": "female", "prefecture": "13", "age": "adult"}


@pytest.mark.parametrize(
    "changes",
    [{"status": "closed"}, {"contacts": (Contact("phone", "not a number"),), "phone": ""}],
    ids=["closed", "no reachable contact"],
)
def test_it_offers_8778_when_the_prefectures_womens_centre_cannot_be_used(changes):
    assert "wc-13-tokyo" in ids(ask(**WOMAN_IN_TOKYO))
    found = by_id(ask(with_service("wc-13-tokyo", **changes), **WOMAN_IN_TOKYO))
    assert "wc-13-tokyo" not in found
    assert "womens_centre" in found["nat-womens-8778"].reasons


def test_it_answers_8891_when_the_prefectures_centre_is_closed():
    """(A one-stop centre with no contact of its own is still reached, through #8891.)"""
    services = [s for s in with_service("osc-13-sarc-tokyo", status="closed") if s.id != "osc-13-tokyo-child-hotline"]
    found = ask(services, situations=["sexual_violence"], prefecture="13", age="adult")
    assert "osc-13-sarc-tokyo" not in ids(found)
    assert "no_centre_in_prefecture" in by_id(found)["nat-onestop-8891"].reasons


@pytest.mark.parametrize("moment", [WEDNESDAY_NIGHT, NEW_YEARS_EVE_NIGHT, HOLIDAY_NOON])
def test_it_ranks_open_services_first_at_night_and_on_holidays(moment):
    found = ask(situations=["sexual_violence"], prefecture="01", at=moment)
    states = [r.open_now for r in found]
    order = {True: 0, None: 1, False: 2}
    assert [order[s] for s in states] == sorted(order[s] for s in states)
    assert by_id(found)["nat-onestop-8891"].open_now is True


def test_it_marks_open_services_at_night():
    found = by_id(ask(situations=["sexual_violence"], at=WEDNESDAY_NIGHT))
    assert "open_out_of_hours" in found["nat-onestop-8891"].reasons


def test_it_ranks_services_in_the_persons_language_higher():
    # Two services matched by the same rule, with the same (unknown) hours: only the language differs.
    services = with_contact_hours("nat-dv-plus", "")
    in_japanese = ids(ask(services, situations=["domestic_violence"], age="adult"))
    in_vietnamese = ids(ask(services, situations=["domestic_violence"], age="adult", language="vi"))
    assert in_japanese.index("nat-dv-navi-8008") < in_japanese.index("nat-dv-plus")
    assert in_vietnamese.index("nat-dv-plus") < in_vietnamese.index("nat-dv-navi-8008")


def test_it_marks_services_whose_languages_are_not_stated():
    found = by_id(ask(language="tl", situations=["image_abuse"]))
    assert found["ngo-paps"].languages_match is None
    assert "languages_not_stated" in found["ngo-paps"].reasons
    assert found["nat-isa-info-center"].languages_match is True
    assert "speaks_your_language" in found["nat-isa-info-center"].reasons


@pytest.mark.parametrize(
    ("languages", "language", "expected"),
    [
        ({"ja"}, "ja", True),
        ({"ja"}, "tl", None),
        (set(), "tl", None),
        ({"ja", "en"}, "tl", False),
        ({"ja", "tl"}, "tl", True),
    ],
)
def test_it_matches_languages(languages, language, expected):
    service = dataclasses.replace(DIRECTORY[0], languages=frozenset(languages))
    assert languages_match(service, language) is expected


def test_it_uses_the_preferred_channel_when_the_service_offers_it():
    found = by_id(ask(age="minor", prefecture="13", channels=["line"]))
    assert found["ngo-bond"].contacts[0].contact.channel == "line"
    assert found["ngo-bond"].contacts[0].contact.href.startswith("https://line.me/")
    assert "offers_your_channel" in found["ngo-bond"].reasons
    assert found["nat-189"].contacts[0].contact.channel == "phone"


def test_it_keeps_the_phone_number_beside_a_preferred_channel():
    dv_plus = by_id(ask(situations=["domestic_violence"], age="adult", channels=["chat"]))["nat-dv-plus"]
    channels = [(state.contact.channel, state.contact.value) for state in dv_plus.contacts]
    assert channels[0][0] == "chat" and ("phone", "0120-279-889") in channels


def test_it_adds_110_when_nothing_else_is_open():
    always_open_forms = {"ngo-smj", "nat-tokumei-dial"}
    services = [s for s in DIRECTORY if s.id not in always_open_forms]
    found = ask(services, situations=["labour_exploitation"], age="adult", at=WEDNESDAY_NIGHT)
    assert not any(r.open_now for r in found[:-1])
    assert ids(found)[-1] == "nat-police-110"
    assert found[-1].reasons[-1] == "fallback_always_open"


def test_it_does_not_add_the_fallback_when_something_is_open():
    found = ask(situations=["labour_exploitation"], age="adult", at=WEDNESDAY_NOON)
    assert "nat-police-110" not in ids(found)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 4, 8, 29, tzinfo=JST), True),
        (datetime(2026, 3, 4, 8, 30, tzinfo=JST), False),
        (datetime(2026, 3, 4, 17, 15, tzinfo=JST), True),
        (datetime(2026, 3, 7, 12, 0, tzinfo=JST), True),
        (HOLIDAY_NOON, True),
        (datetime(2026, 12, 29, 12, 0, tzinfo=JST), True),
        (datetime.fromisoformat("2026-03-04T03:00+00:00"), False),  # noon in Japan
    ],
)
def test_it_knows_office_hours(moment, expected):
    assert out_of_hours(moment) is expected


def test_it_converts_times_to_japan_time():
    assert parse_time("2026-12-31T14:00+00:00").hour == 23
    assert parse_time("2026-12-31T23:00").tzinfo is not None


@pytest.mark.parametrize(
    ("field", "inputs"),
    [
        ("age", {"age": "child"}),
        ("danger", {"danger": "maybe"}),
        ("situation", {"situations": ["trafficking"]}),
        ("channel", {"channels": ["fax"]}),
        ("gender", {"gender": "x"}),
        ("prefecture", {"prefecture": "00"}),
        ("language", {"language": "日本語"}),
    ],
)
def test_it_refuses_words_outside_the_vocabulary(field, inputs):
    with pytest.raises(ReferralError) as error:
        ask(**inputs)
    assert error.value.field == field
    assert error.value.valid
    assert field in str(error.value)


def test_it_refuses_a_malformed_time():
    with pytest.raises(ReferralError) as error:
        parse_time("tomorrow night")
    assert error.value.field == "at"


def test_it_publishes_the_vocabulary():
    assert AGES == ("minor", "adult", "unknown")
    assert DANGERS == ("yes", "no", "unsure")
    assert CHANNELS == ("phone", "chat", "line", "email", "in_person")
    assert set(SITUATIONS) == {
        "sexual_violence",
        "forced_sex_work",
        "debt",
        "documents_taken",
        "image_abuse",
        "coerced_pornography",
        "labour_exploitation",
        "visa_worry",
        "domestic_violence",
        "other",
    }


@pytest.mark.parametrize(
    ("site_language", "listed_as"),
    [("zh-hant", "zh"), ("zh-hans", "zh"), ("zh-TW", "zh"), ("pt-br", "pt"), ("pt-BR", "pt"), ("in", "id")]
    + [(code, code) for code in ["ko", "id", "ne", "my", "es"]],
)
def test_each_site_language_matches_the_services_that_speak_it(site_language, listed_as):
    assert normalise_language(site_language) == listed_as
    speaking = {s.id for s in DIRECTORY if listed_as in s.languages}
    matched = {r.service.id for r in ask(language=site_language) if "speaks_your_language" in r.reasons}
    assert matched and matched <= speaking
    assert [r.service.id for r in ask(language=site_language)] == [r.service.id for r in ask(language=listed_as)]
