"""The glossary's known wrong variants, and the catalogue messages and data texts that use one.

Pure: no Django. `docs/glossary.md` is the one place the renderings and wrong variants are written;
both `tomoshibi messages check` and the glossary test read it through this module.
"""

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

WRONG_VARIANTS_HEADER = "| concept | language | wrong variant | why |"


@dataclass(frozen=True)
class WrongVariant:
    concept: str  # lower-case English, looked for in the message id
    language: str  # catalogue directory name: tl, zh_Hans...
    variant: str
    why: str


@dataclass(frozen=True)
class Violation:
    path: Path
    msgid: str
    wrong: WrongVariant

    def __str__(self) -> str:
        return (
            f"{self.path}: glossary: {self.wrong.concept!r} rendered as {self.wrong.variant!r} "
            f"({self.wrong.why}): {self.msgid[:70]!r}"
        )


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The cells of each row of the table that starts with `header`."""
    lines = markdown.splitlines()
    start = lines.index(header) + 2  # skip the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def wrong_variants(glossary: Path) -> list[WrongVariant]:
    rows = table_rows(glossary.read_text(encoding="utf-8"), WRONG_VARIANTS_HEADER)
    return [WrongVariant(concept.lower(), language, variant, why) for concept, language, variant, why in rows]


def locale_name(code: str) -> str:
    """The catalogue directory name of a language code, as Django names it: zh-hans -> zh_Hans, pt-br -> pt_BR."""
    language, _, region = code.lower().partition("-")
    if not region:
        return language
    return f"{language}_{region.title() if len(region) > 2 else region.upper()}"


def catalogue_language(path: Path) -> str:
    return path.parents[1].name  # <lang>/LC_MESSAGES/django.po


def violations(path: Path, wrong: list[WrongVariant]) -> list[Violation]:
    """Messages of one catalogue whose English names a concept and whose translation uses a wrong variant."""
    mine = [w for w in wrong if w.language == catalogue_language(path)]
    if not mine:
        return []
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        english = f"{entry.msgid} {entry.msgid_plural or ''}".lower()
        translated = " ".join([entry.msgstr, *entry.msgstr_plural.values()]).lower()
        found += [
            Violation(path, entry.msgid, w) for w in mine if w.concept in english and w.variant.lower() in translated
        ]
    return found


def language_tables(data: object) -> Iterator[dict[str, str]]:
    """Every table of wording by language in parsed TOML data: string values keyed by codes, English among them."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str) and all(isinstance(value, str) for value in data.values()):
            yield data
            return
        for value in data.values():
            yield from language_tables(value)
    elif isinstance(data, list):
        for item in data:
            yield from language_tables(item)


def data_violations(path: Path, wrong: list[WrongVariant]) -> list[Violation]:
    """Texts of one TOML data file (screening, training) whose wording in a language uses a wrong variant."""
    found = []
    for table in language_tables(tomllib.loads(path.read_text(encoding="utf-8"))):
        english = table["en"].lower()
        for w in wrong:
            translated = next((text for code, text in table.items() if locale_name(code) == w.language), "")
            if w.concept in english and w.variant.lower() in translated.lower():
                found.append(Violation(path, table["en"], w))
    return found
