from datetime import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tomoshibi.directory.models import Service
from tomoshibi.directory.referral_engine import JST, ReferralError
from tomoshibi.directory.referrals import prefecture_for_postal_code, referrals_for

NEW_YEARS_EVE_NIGHT = datetime(2026, 12, 31, 23, 0, tzinfo=JST)


def ids(recommendations):
    return [r.service.id for r in recommendations]


def test_it_finds_the_prefecture_of_a_postal_code():
    assert prefecture_for_postal_code("530-0001") == "27"
    assert prefecture_for_postal_code("〒１００−０００１") == "13"


@pytest.mark.parametrize("postal_code", ["999-9999", "12345", "abc-defg", "530-00011"])
def test_it_refuses_an_unknown_postal_code(postal_code):
    with pytest.raises(ReferralError) as error:
        prefecture_for_postal_code(postal_code)
    assert error.value.field == "postal_code"
    assert "530-0001" in str(error.value)


def test_it_refers_from_the_database(directory):
    found = referrals_for(
        postal_code="530-0001",
        age="minor",
        language="tl",
        situations=["image_abuse"],
        danger="no",
        at=NEW_YEARS_EVE_NIGHT,
    )
    assert ids(found)[0] == "nat-189"
    assert {"ngo-paps", "nat-ihc"} <= set(ids(found))


def test_it_sees_a_service_closed_in_the_database_at_once(directory):
    before = referrals_for(situations=["image_abuse"], at=NEW_YEARS_EVE_NIGHT)
    Service.objects.filter(pk="ngo-paps").update(status="closed")
    after = referrals_for(situations=["image_abuse"], at=NEW_YEARS_EVE_NIGHT)
    assert "ngo-paps" in ids(before)
    assert "ngo-paps" not in ids(after)


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"age": "child"}, "age"),
        ({"situations": ["trafficking"]}, "situation"),
        ({"danger": "maybe"}, "danger"),
        ({"channels": ["fax"]}, "channel"),
        ({"prefecture": "48"}, "prefecture"),
        ({"at": "31/12/2026 23:00"}, "at"),
        ({"language": "japanese!"}, "language"),
        ({"postal_code": "530-0001", "prefecture": "13"}, "prefecture"),
    ],
)
def test_it_names_the_bad_field(directory, inputs, field):
    with pytest.raises(ReferralError) as error:
        referrals_for(**inputs)
    assert error.value.field == field
    assert error.value.valid


def test_it_renders_the_list_with_call_links_and_reasons(directory):
    found = referrals_for(prefecture="13", situations=["sexual_violence"], danger="yes", at=NEW_YEARS_EVE_NIGHT)
    with translation.override("en"):
        html = render_to_string("directory/_recommendations.html", {"recommendations": found})
    assert html.index('href="tel:110"') < html.index('href="tel:03-5607-0799"')
    assert 'href="tel:%238891"' in html
    assert "You said you are in danger now." in html
    assert "Open 24 hours" in html
