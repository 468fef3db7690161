"""A translation written into an HTML attribute cannot break out of it.

`{% translate %}` does not escape what it writes, so a translation with a double quote, inside
`aria-label="{% translate '...' %}"` or `data-text="..."`, would end the attribute early and turn the
rest of the translation into markup. The message ids used that way are read from the templates, and no
catalogue may translate them with a character that attributes must escape.
"""

import re
from pathlib import Path

import polib
from django.conf import settings

from tomoshibi.core import i18n

IN_ATTRIBUTE = re.compile(r"""[\w-]+=(["'])\{% (?:translate|trans) (["'])(.+?)\2 %\}\1""")
UNSAFE = re.compile(r"""["'<>&]""")


def attribute_msgids() -> set[str]:
    templates = (settings.BASE_DIR / "tomoshibi").glob("*/templates/**/*.html")
    return {match[3] for path in templates for match in IN_ATTRIBUTE.finditer(path.read_text("utf-8"))}


def unsafe_translations(msgids: set[str], paths: list[Path]) -> list[tuple[str, str, str]]:
    return [
        (str(path), entry.msgid, entry.msgstr)
        for path in paths
        for entry in polib.pofile(str(path))
        if entry.msgid in msgids and UNSAFE.search(entry.msgstr)
    ]


def test_no_translation_written_into_an_attribute_holds_a_quote_or_markup():
    msgids = attribute_msgids()
    assert {"Audit log", "Encoding…"} <= msgids  # the search finds both kinds of quotes
    assert unsafe_translations(msgids, list(i18n.catalogue_paths())) == []


def test_the_check_catches_a_translation_with_a_quote(tmp_path):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Audit log", msgstr='Le "journal"'))
    catalogue.save(str(tmp_path / "django.po"))
    assert unsafe_translations({"Audit log"}, [tmp_path / "django.po"]) == [
        (str(tmp_path / "django.po"), "Audit log", 'Le "journal"')
    ]
