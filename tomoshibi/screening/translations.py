"""Export and import one language of the screening and training texts, keyed by their English.

Pure module (no Django). A translator receives a JSON object English -> wording and sends it back;
the import writes one `xx = "..."` line into every language table of the TOML files, in the order
of the platform's languages, and leaves every comment, blank line and other line as it was. The
files are edited line by line (a TOML writer would reflow them); each written file is parsed again
and must hold exactly the data it held before plus the new wording.
"""

import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tomoshibi.screening.texts import LANGUAGES, SOURCE_LANGUAGE, ContentError

# One language's wording on one line: `zh-hans = "..."`. The data files write every text this way.
WORDING_LINE = re.compile(r'^(?P<code>[a-z]{2,3}(?:-[a-z]+)?) = (?P<value>".*")\s*$')


@dataclass
class LanguageTable:
    """A run of wording lines, one per language, that makes up one TOML table of a text."""

    lines: dict[str, int] = field(default_factory=dict)  # language code -> line index in the file
    values: dict[str, str] = field(default_factory=dict)

    @property
    def english(self) -> str:
        return self.values[SOURCE_LANGUAGE]


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    tables: int = 0
    missing: list[str] = field(default_factory=list)  # English texts the file gave no wording for


def data_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.rglob("*.toml"))


def normalised(text: str) -> str:
    """Whitespace as the content loader reads it: single spaces, none at the ends."""
    return " ".join(text.split())


def wording_line(line: str, codes: Iterable[str]) -> tuple[str, str] | None:
    match = WORDING_LINE.match(line)
    if not match or match["code"] not in codes:
        return None
    return match["code"], tomllib.loads(f"v = {match['value']}")["v"]


def language_tables(text: str, codes: Sequence[str] = LANGUAGES) -> list[LanguageTable]:
    """Every run of consecutive wording lines that includes the English source."""
    tables: list[LanguageTable] = []
    current = LanguageTable()
    for index, line in enumerate([*text.splitlines(), ""]):
        found = wording_line(line, codes)
        if found and found[0] not in current.lines:
            current.lines[found[0]], current.values[found[0]] = index, found[1]
            continue
        if SOURCE_LANGUAGE in current.lines:
            tables.append(current)
        current = LanguageTable()
        if found:  # a repeated code starts the next table
            current.lines[found[0]], current.values[found[0]] = index, found[1]
    return tables


def export_language(data_dir: Path, language: str, codes: Sequence[str] = LANGUAGES) -> dict[str, str]:
    """English -> the current wording in `language` ("" where there is none), for every text."""
    exported: dict[str, str] = {}
    for path in data_files(data_dir):
        for table in language_tables(path.read_text(encoding="utf-8"), codes):
            english = normalised(table.english)
            exported[english] = exported.get(english) or table.values.get(language, "")
    return exported


def toml_string(value: str) -> str:
    """A TOML basic string on one line (JSON escapes are valid TOML escapes)."""
    return json.dumps(normalised(value), ensure_ascii=False)


def insertion_line(table: LanguageTable, language: str, codes: Sequence[str]) -> int:
    """Where `language` goes: after the last present language that comes before it in `codes`."""
    rank = codes.index(language)
    before = [line for code, line in table.lines.items() if codes.index(code) < rank]
    return max(before) + 1 if before else min(table.lines.values())


def rewrite(text: str, language: str, wording: Mapping[str, str], codes: Sequence[str]) -> tuple[str, int]:
    """The file's text with `language` set in every table that `wording` translates; and how many."""
    lines = text.splitlines(keepends=True)
    inserts: list[tuple[int, str]] = []
    count = 0
    for table in language_tables(text, codes):
        translated = wording.get(normalised(table.english), "")
        if not translated.strip():
            continue
        count += 1
        new_line = f"{language} = {toml_string(translated)}\n"
        if language in table.lines:
            lines[table.lines[language]] = new_line
        else:
            inserts.append((insertion_line(table, language, codes), new_line))
    for index, new_line in sorted(inserts, reverse=True):
        lines.insert(index, new_line)
    return "".join(lines), count


def strip_language(data: object, language: str, codes: Sequence[str]) -> object:
    """The parsed data without `language` in any language table, to compare before and after."""
    if isinstance(data, dict):
        is_text = SOURCE_LANGUAGE in data and set(data) <= set(codes)
        return {k: strip_language(v, language, codes) for k, v in data.items() if not (is_text and k == language)}
    if isinstance(data, list):
        return [strip_language(item, language, codes) for item in data]
    return data


def check_rewrite(path: Path, before: str, after: str, language: str, codes: Sequence[str]) -> None:
    try:
        new = tomllib.loads(after)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: the import would make invalid TOML ({error}); nothing was written") from None
    if strip_language(new, language, codes) != strip_language(tomllib.loads(before), language, codes):
        raise ContentError(f"{path.name}: the import would change more than the {language} wording; nothing written")


def unknown_texts(data_dir: Path, wording: Mapping[str, str], codes: Sequence[str]) -> list[str]:
    known = set(export_language(data_dir, SOURCE_LANGUAGE, codes))
    return sorted(english for english in wording if normalised(english) not in known)


def import_language(
    data_dir: Path, language: str, wording: Mapping[str, str], codes: Sequence[str] = LANGUAGES
) -> ImportReport:
    """Write `language` into every table whose English `wording` translates; refuse unknown English."""
    if language not in codes or language == SOURCE_LANGUAGE:
        raise ContentError(f"{language!r} is not a language to translate into; valid: {list(codes)[1:]}")
    unknown = unknown_texts(data_dir, wording, codes)
    if unknown:
        raise ContentError(f"{len(unknown)} English texts are not in the data files: {unknown[:5]}; nothing written")
    keyed = {normalised(english): text for english, text in wording.items()}
    report = ImportReport()
    changed = {}
    for path in data_files(data_dir):
        before = path.read_text(encoding="utf-8")
        after, count = rewrite(before, language, keyed, codes)
        check_rewrite(path, before, after, language, codes)
        report.tables += count
        if after != before:
            changed[path] = after
    for path, after in changed.items():  # every file is checked before any is written
        path.write_text(after, encoding="utf-8")
        report.written.append(path)
    given = {english for english, text in keyed.items() if text.strip()}
    report.missing = sorted(set(export_language(data_dir, SOURCE_LANGUAGE, codes)) - given)
    return report
