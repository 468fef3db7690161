"""Burmese is served in Unicode: a Zawgyi-encoded translation would show as garbage on most phones."""

import re
import tomllib

import polib

from tomoshibi.core import glossary, i18n

# Zawgyi, the legacy Burmese font encoding, stores stacked consonants in U+1060-U+1097 (Mon, Shan and
# Karen letters in Unicode, which Burmese never writes) and the vowel sign E before its consonant.
ZAWGYI = re.compile(r"[\u1060-\u1097]|(?:^|[^\u1000-\u109f])\u1031")


def burmese_texts():
    for path in i18n.catalogue_paths():
        if path.parents[1].name == "my":
            yield from ((str(path), entry.msgstr) for entry in polib.pofile(str(path)) if entry.msgstr)
    for path in i18n.data_paths():
        yield from (
            (str(path), table.get("my", ""))
            for table in glossary.language_tables(tomllib.loads(path.read_text("utf-8")))
        )


def test_burmese_is_written_in_unicode_never_zawgyi():
    texts = list(burmese_texts())
    assert len(texts) > 300
    assert [(where, text[:40]) for where, text in texts if ZAWGYI.search(text)] == []
    assert ZAWGYI.search("\u1031\u1019\u1037") and not ZAWGYI.search("\u1019\u1031\u1037")  # ေမ့ (Zawgyi) vs မေ့
