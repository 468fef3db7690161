"""A translation written into an HTML attribute cannot break out of it.

Neither `{% translate %}` nor `{% blocktranslate %}` escapes what it writes, and `{% translate "..." as name %}`
marks its result safe, so a translation with a double quote, written into `aria-label="..."` or
`data-text="..."`, would end the attribute early and turn the rest of the translation into markup. Every
message used inside a tag (between its `<` and `>`: in an attribute's value, alone or beside other text, or
as a name given with `as`) is read from the templates, and no catalogue may translate it with a character that
attributes must escape.
"""

import re
from pathlib import Path

import polib
from django.conf import settings

from tomoshibi.core import i18n

TRANSLATE = re.compile(r"""\{% (?:translate|trans) (["'])(.+?)\1(?: as (\w+))?[^%]*%\}""")
BLOCK = re.compile(r"\{% (?:blocktranslate|blocktrans)([^%]*)%\}(.*?)\{% endblocktrans(?:late)? %\}", re.DOTALL)
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
UNSAFE = re.compile(r"""["'<>&]""")


def inside_a_tag(text: str, position: int) -> bool:
    """Whether the position lies between a tag's `<` and `>` (where attributes are)."""
    return text.rfind("<", 0, position) > text.rfind(">", 0, position)


def block_msgid(options: str, content: str) -> str:
    content = content.split("{% plural %}")[0]
    if "trimmed" in options.split():
        content = " ".join(line.strip() for line in content.splitlines() if line.strip())
    return VARIABLE.sub(r"%(\1)s", content)


def attribute_msgids_in(text: str) -> set[str]:
    found = set()
    for match in TRANSLATE.finditer(text):
        name = match[3]
        uses = [use.start() for use in re.finditer(r"\{\{\s*" + name + r"\b", text)] if name else [match.start()]
        if any(inside_a_tag(text, use) for use in uses):
            found.add(match[2])
    found |= {block_msgid(m[1], m[2]) for m in BLOCK.finditer(text) if inside_a_tag(text, m.start())}
    return found


def attribute_msgids() -> set[str]:
    templates = (settings.BASE_DIR / "tomoshibi").glob("*/templates/**/*.html")
    return set().union(*(attribute_msgids_in(path.read_text("utf-8")) for path in templates))


def unsafe_translations(msgids: set[str], paths: list[Path]) -> list[tuple[str, str, str]]:
    return [
        (str(path), entry.msgid, entry.msgstr)
        for path in paths
        for entry in polib.pofile(str(path))
        if entry.msgid in msgids and UNSAFE.search(entry.msgstr)
    ]


def test_it_finds_every_way_a_message_reaches_an_attribute():
    template = (
        '<nav aria-label="{% translate "Pages" %}"><a title=\'{% trans "Next" %}: {{ n }}\'>'
        '{% translate "Details" as details %}<a aria-label="{{ details }}: x">{% translate "Body" %}</a>'
        '<mark title="{% blocktranslate trimmed with n=n %}\n  Sign {{ n }}\n{% endblocktranslate %}">'
        "{% blocktranslate %}Text {{ n }}{% endblocktranslate %}</mark></nav>"
    )
    assert attribute_msgids_in(template) == {"Pages", "Next", "Details", "Sign %(n)s"}


def test_no_translation_written_into_an_attribute_holds_a_quote_or_markup():
    msgids = attribute_msgids()
    assert {"Audit log", "Encoding…", "A4 poster", "Details, opening hours and source", "Sign %(numbers)s"} <= msgids
    assert unsafe_translations(msgids, list(i18n.catalogue_paths())) == []


def test_the_check_catches_a_translation_with_a_quote(tmp_path):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Audit log", msgstr='Le "journal"'))
    catalogue.save(str(tmp_path / "django.po"))
    assert unsafe_translations({"Audit log"}, [tmp_path / "django.po"]) == [
        (str(tmp_path / "django.po"), "Audit log", 'Le "journal"')
    ]
