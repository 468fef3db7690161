"""The signs as data: the file parses, every sign has its words in every language, bad data is refused."""

import pytest
from django.utils import translation

from tomoshibi.joboffers import wording
from tomoshibi.joboffers.signs import SignsError, default_signs, parse_catalogue

MINIMAL = {
    "version": "1",
    "sources": {"s": "a source"},
    "indicator": [{"id": "fee", "weight": 2, "sources": ["s"], "patterns": {"en": ["fee"]}}],
}


def test_the_bundled_signs_parse_and_cite_their_sources():
    signs = default_signs()
    assert len(signs.indicators) >= 15
    for sign in (*signs.indicators, *signs.combinations):
        assert sign.sources and set(sign.sources) <= set(signs.sources)


def test_every_sign_has_a_title_a_reason_and_a_question():
    ids = set(default_signs().sign_ids)
    assert set(wording.TITLES) == ids == set(wording.WHY) == set(wording.ASK)
    assert set(wording.LAW) <= ids


def in_language(language, text):
    with translation.override(language):
        return str(text)


def test_the_wording_of_every_sign_is_translated():
    texts = [*wording.TITLES.values(), *wording.WHY.values(), *wording.ASK.values(), *wording.LAW.values()]
    for language in ("ja", "vi", "tl", "th", "zh-hans", "km"):
        untranslated = [in_language("en", t) for t in texts if in_language(language, t) == in_language("en", t)]
        assert not untranslated, (language, untranslated)


def test_patterns_exist_in_the_languages_of_the_labelled_offers():
    languages = {language for sign in default_signs().indicators for language in sign.languages}
    assert {"ja", "en", "vi", "id", "tl", "th", "zh", "my", "ne"} <= languages


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"indicator": [{"id": "x", "weight": 1, "sources": ["nope"], "patterns": {"en": ["x"]}}]},
            "unknown or no sources",
        ),
        (
            {"indicator": [{"id": "x", "weight": 1, "sources": ["s"], "patterns": {"en": ["(unclosed"]}}]},
            "bad expression",
        ),
        ({"indicator": [{"id": "x", "weight": 1, "sources": ["s"], "facts": ["guess"]}]}, "unknown facts"),
        (
            {"indicator": [{"id": "x", "weight": 1, "sources": ["s"], "patterns": {"xx": ["x"]}}]},
            "unknown pattern languages",
        ),
        (
            {
                "indicator": [
                    {"id": "x", "weight": 1, "sources": ["s"], "needs_any": ["ghost"], "patterns": {"en": ["x"]}}
                ]
            },
            "unknown markers",
        ),
        ({"indicator": [{"id": "x", "weight": 0, "sources": ["s"], "patterns": {"en": ["x"]}}]}, "weight"),
    ],
)
def test_a_malformed_signs_file_is_refused_with_what_is_wrong(change, message):
    with pytest.raises(SignsError, match=message):
        parse_catalogue({**MINIMAL, **change})
