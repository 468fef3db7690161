"""The help flow's answer as contacts, and its rough edges: place names, rights by age, the 110 card, titles."""

import re

import pytest

from tomoshibi.help.places import prefecture_named

from .conftest import Person
from .sealed import saved_state

CHILD_RIGHT = "a child under 18 who is paid for sex is the victim"


@pytest.mark.parametrize(
    ("typed", "prefecture"),
    [
        ("Osaka", "27"),
        ("大阪", "27"),
        ("osaka-fu", "27"),
        ("大阪府", "27"),
        ("Ōsaka", "27"),
        ("Kyoto", "26"),
        ("京都府", "26"),
        ("Tokyo-to", "13"),
        ("東京都", "13"),
        ("kanagawa-ken", "14"),
        ("神奈川県", "14"),
        ("Yokohama", "14"),
        ("名古屋市", "23"),
        ("Shinjuku-ku", "13"),
        ("hokkaido", "01"),
        ("Hyougo", "28"),
        ("오사카", "27"),  # Korean
        ("가나가와현", "14"),
        ("도쿄도", "13"),
        ("홋카이도", "01"),  # 도 is part of the name, not a suffix to drop
        ("东京", "13"),  # Simplified Chinese
        ("鹿儿岛县", "46"),
        ("廣島縣", "34"),  # Traditional Chinese
        ("沖繩", "47"),
        ("टोकियो", "13"),  # Nepali
        ("တိုကျို", "13"),  # Burmese
    ],
)
def test_it_knows_prefectures_and_large_cities_by_name(typed, prefecture):
    assert prefecture_named(typed) == prefecture


def test_it_understands_a_place_typed_where_a_postal_code_is_asked(directory):
    person = Person("tl")
    person.open()
    person.post("safety", action="skip")
    person.post("location", postal_code="Osaka")
    assert saved_state(person.client)["answers"]["prefecture"] == "27"
    assert saved_state(person.client)["step"] == "age"


def test_it_explains_a_place_it_does_not_know_and_keeps_no_words(directory):
    person = Person("en")
    person.open()
    person.post("safety", action="skip")
    person.post("location", postal_code="Atlantis")
    assert "We could not find this place." in person.text()
    assert "Atlantis" not in person.text()
    assert "Atlantis" not in str(saved_state(person.client))


def test_it_shows_the_child_right_only_to_those_it_may_apply_to(directory):
    adult = Person("en")
    adult.answer_all(age="adult", cards=["documents"])
    assert CHILD_RIGHT not in adult.text()
    for age in ("minor", "unknown"):
        person = Person("en")
        person.answer_all(age=age, cards=["documents"])
        assert CHILD_RIGHT in person.text(), age


def test_the_110_card_says_the_police_use_interpreters(directory):
    person = Person("tl")
    person.open()
    person.post("safety", safe="no")
    assert "Gumagamit ng interpreter ang pulis" in person.text()
    assert "hindi nakalista" not in person.text()


def test_the_answer_opens_line_in_one_tap_and_says_when_closed_contacts_open(directory):
    person = Person("ja")
    person.answer_all(prefecture="13", age="minor", cards=["sex_for_money"], channels=["line"])
    text = person.text()
    assert re.search(r'<a class="button line" href="https://(?:line\.me|lin\.ee)/[^"]+"', text)
    assert "LINEで開く" in text


def test_the_consultation_pages_have_a_neutral_title(directory):
    person = Person("en")
    for url in ("/en/consult/", "/en/consult/start/", "/en/help/"):
        person.open(url)
        title = re.search(r"<title>(.*?)</title>", person.text(), re.S).group(1).strip()
        assert title == "Tomoshibi", url
