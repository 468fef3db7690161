"""The report's table of texts: every entry in every language, with the same placeholders."""

import re

import pytest

from tomoshibi.estimation.texts import LANGUAGES, TEXTS

PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_is_written_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    placeholders = {lang: set(PLACEHOLDER.findall(entry[lang])) for lang in LANGUAGES}
    assert placeholders["ja"] == placeholders["en"]
