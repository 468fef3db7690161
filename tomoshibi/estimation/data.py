"""Capture-history tables: reading them from CSV or from one entry per person.

A capture-history table says, for each pattern of lists (who is on which
list), how many people have that pattern. The people on no list are never
observed: estimating how many they are is the point of the exercise.

Two CSV layouts are read:

* a table: one 0/1 column per list, then a last column named ``count``;
* one row per person: one 0/1 column per list and no ``count`` column.

Rows with the same pattern are summed (one row per person needs this, and a
table split over several rows means the same thing); the reader notes which
lines were merged so the command can say so.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from tomoshibi.estimation.texts import Note

MAX_LISTS = 10
COUNT_COLUMN = "count"
# Counts must be exact in a double (the fits use them as floats): above 2**53 whole numbers have gaps.
MAX_COUNT = 2**53
DIGITS_PAST_MAX = len(str(MAX_COUNT))
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
RESAVE = (
    "save it again as UTF-8 (in Excel: File, Save As, 'CSV UTF-8 (comma delimited)'; "
    "in LibreOffice: Save As, Text CSV, character set Unicode (UTF-8))"
)
# The published tables shipped with the package (see data/README.md): test fixtures and benchmark inputs.
PUBLISHED = Path(__file__).resolve().parent / "data"


class DataError(ValueError):
    """Bad input, located in its source: the message names the file and line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}: line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class CaptureTable:
    """Observed patterns (unique, in order of first appearance) and their counts."""

    lists: tuple[str, ...]
    patterns: NDArray[np.bool_]
    counts: NDArray[np.int64]
    source: str = "<data>"
    # Each a Note where this module writes it (so a report can give it in Japanese), read as English text.
    notes: tuple[str, ...] = field(default=())

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @property
    def cell_codes(self) -> NDArray[np.int64]:
        """Each pattern as a bit mask (list i is bit i): the index of its cell plus one."""
        weights = np.left_shift(1, np.arange(self.n_lists, dtype=np.int64))
        codes: NDArray[np.int64] = self.patterns.astype(np.int64) @ weights
        return codes

    def list_totals(self) -> NDArray[np.int64]:
        totals: NDArray[np.int64] = self.counts @ self.patterns.astype(np.int64)
        return totals

    def reordered(self, lists: Sequence[str]) -> CaptureTable:
        """The same table with its list columns in another order."""
        order = [self.lists.index(name) for name in lists]
        return CaptureTable(tuple(lists), self.patterns[:, order], self.counts, self.source, self.notes)


def published_table(name: str) -> CaptureTable:
    """One of the published tables in data/, by file name without .csv (for example "NewOrl")."""
    return read_csv(PUBLISHED / f"{name}.csv")


def table_from_rows(
    lists: Sequence[str], patterns: Iterable[Sequence[int]], counts: Iterable[int], source: str = "<data>"
) -> CaptureTable:
    """Build a table from patterns and counts, validating as the CSV reader does (lines counted from 2)."""
    header = [*lists, COUNT_COLUMN]
    rows = [[*map(str, pattern), str(count)] for pattern, count in zip(patterns, counts, strict=True)]
    return parse_rows(source, header, rows)


def table_from_people(lists: Sequence[str], people: Iterable[Iterable[str]], source: str = "<data>") -> CaptureTable:
    """Build a table from, for each person, the names of the lists they are on."""
    _check_header(source, list(lists))
    position = {name: i for i, name in enumerate(lists)}
    rows = []
    for line, on_lists in enumerate(people, start=2):
        pattern = ["0"] * len(lists)
        for name in on_lists:
            if name not in position:
                raise DataError(source, line, f"unknown list {name!r}; the lists are {', '.join(lists)}")
            pattern[position[name]] = "1"
        rows.append(pattern)
    return parse_rows(source, list(lists), rows)


def read_csv(path: str | Path) -> CaptureTable:
    """Read a table or a one-row-per-person file; raise DataError on anything doubtful."""
    text, notes = read_text(path)
    table = parse_csv(text, str(path))
    return replace(table, notes=(*notes, *table.notes)) if notes else table


def read_text(path: str | Path) -> tuple[str, tuple[str, ...]]:
    """The file's text: UTF-8 (with or without BOM), or Shift-JIS as Excel in Japan saves it, which is noted."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(source, None, "no such file") from None
    except OSError as error:
        raise DataError(source, None, f"cannot be read ({error.strerror or error})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(source, data), (Note("read_utf16"),)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), (Note("read_shift_jis"),)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataError(source, line, f"is neither UTF-8 nor Shift-JIS text; {RESAVE}") from None


def _decode_utf16(source: str, data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        raise DataError(source, None, f"starts as UTF-16 text but is not; {RESAVE}") from None


def parse_csv(text: str, source: str = "<data>") -> CaptureTable:
    header, numbered, separator = split_rows(text, source)
    return parse_rows(source, header, [row for _, row in numbered], numbered, separator)


def split_rows(text: str, source: str = "<data>") -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """The header's names and the numbered non-blank rows, split at the separator the header uses."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise DataError(source, None, "the file is empty; expected a header line naming the lists")
    separator = detect_separator(first)
    try:
        rows = list(csv.reader(io.StringIO(old_mac_line_breaks(text)), delimiter=separator))
    except csv.Error as error:
        raise DataError(source, None, _csv_problem(error)) from None
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    header_line, header = numbered[0]
    if header_line != 1:
        raise DataError(source, header_line, "the header must be the first line")
    return [cell.strip() for cell in header], numbered[1:], separator


def old_mac_line_breaks(text: str) -> str:
    """A file whose lines all end in a lone CR, as Excel on classic Mac OS saved, with its breaks read as LF."""
    return text.replace("\r", "\n") if "\n" not in text else text


def _csv_problem(error: csv.Error) -> str:
    if "new-line" in str(error):  # a CR in a line that ends in LF
        return f"mixes line endings: a lone CR (as old Macs end lines) among LF or CRLF; {RESAVE}"
    return f"cannot be read as CSV ({error})"


def detect_separator(header: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab: the one the header line uses most."""
    counts = {separator: header.count(separator) for separator in SEPARATORS}
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def parse_rows(
    source: str,
    header: list[str],
    rows: list[list[str]],
    numbered: list[tuple[int, list[str]]] | None = None,
    separator: str = ",",
) -> CaptureTable:
    """A table from a header and rows of text cells, checked cell by cell (lines from `numbered`, else 2, 3, ...)."""
    has_count = bool(header) and header[-1].lower() == COUNT_COLUMN
    lists = header[:-1] if has_count else header
    _check_header(source, lists)
    line_numbers = [number for number, _ in numbered] if numbered else list(range(2, len(rows) + 2))
    merged: dict[tuple[int, ...], int] = {}
    first_line: dict[tuple[int, ...], int] = {}
    repeats: list[int] = []
    total = 0
    for line, row in zip(line_numbers, rows, strict=True):
        pattern, count = _parse_row(source, line, lists, row, has_count, separator)
        total = _added_within_max(source, line, total, count)
        if pattern in merged and has_count:
            repeats.append(line)
        first_line.setdefault(pattern, line)
        merged[pattern] = merged.get(pattern, 0) + count
    if not merged:
        raise DataError(source, None, "no data rows after the header")
    table = _assemble(source, lists, merged, repeats)
    _check_lists_used(table)
    return table


def _added_within_max(source: str, line: int, total: int, count: int) -> int:
    """The running total of the counts, refused at the line where it passes MAX_COUNT."""
    if total + count > MAX_COUNT:
        problem = f"the counts up to this line add up to more than 2^53 ({MAX_COUNT:,}), beyond exact counting"
        raise DataError(source, line, problem)
    return total + count


def _check_header(source: str, lists: list[str]) -> None:
    if len(lists) < 2:
        raise DataError(source, 1, f"found {len(lists)} list column(s); estimation needs at least two lists")
    if len(lists) > MAX_LISTS:
        raise DataError(source, 1, f"found {len(lists)} lists; at most {MAX_LISTS} are supported")
    for name in lists:
        if not name:
            raise DataError(source, 1, "a column has no name; every list needs a name in the header")
        if ":" in name or "," in name:
            raise DataError(source, 1, f"list name {name!r} contains ':' or ','; these separate names in models")
    duplicates = sorted({name for name in lists if lists.count(name) > 1})
    if duplicates:
        raise DataError(source, 1, f"list name(s) repeated in the header: {', '.join(duplicates)}")


def _parse_row(
    source: str, line: int, lists: list[str], row: list[str], has_count: bool, separator: str
) -> tuple[tuple[int, ...], int]:
    expected = len(lists) + (1 if has_count else 0)
    cells = [cell.strip() for cell in row]
    if len(cells) != expected:
        raise DataError(source, line, f"expected {expected} columns, found {len(cells)}{_separator_note(separator)}")
    pattern = tuple(_parse_flag(source, line, name, value) for name, value in zip(lists, cells, strict=False))
    if not any(pattern):
        raise DataError(source, line, "every list column is 0; people on no list are never observed, remove the row")
    count = parse_count(source, line, cells[-1]) if has_count else 1
    return pattern, count


def _parse_flag(source: str, line: int, name: str, value: str) -> int:
    if value not in ("0", "1"):
        raise DataError(source, line, f"column {name!r} is {value!r}; list columns must be 0 or 1")
    return int(value)


def parse_count(source: str, line: int, value: str) -> int:
    """A count cell as a whole number from 0 to MAX_COUNT; DataError naming the line otherwise."""
    if not value:
        raise DataError(source, line, "the count is missing; it must be a whole number, 0 or more")
    count = _whole_count(value)
    if count is None:
        raise DataError(source, line, f"the count {value!r} is not a whole number (0 or more)")
    if count < 0:
        raise DataError(source, line, f"the count {value} is negative; it must be 0 or more")
    if count > MAX_COUNT:
        raise DataError(
            source, line, f"the count {value} is larger than 2^53 ({MAX_COUNT:,}), beyond what can be counted exactly"
        )
    return count


def _whole_count(value: str) -> int | None:
    """ "12", and also "12.0" or "1.2e1" as spreadsheets write whole numbers; None for anything else.

    Read as a decimal, exactly: through a float, "4503599627370496.5" would round to a whole number.
    """
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    if number.adjusted() > DIGITS_PAST_MAX:  # past 2^53 anyway: no need to build a number of a billion digits
        return MAX_COUNT + 1 if number > 0 else -1
    return int(number)


def _separator_note(separator: str) -> str:
    """Name the separator the header used, so a file mixing separators is easy to see."""
    return f" (columns separated by {SEPARATOR_NAMES[separator]}, as in the header)"


def _assemble(source: str, lists: list[str], merged: dict[tuple[int, ...], int], repeats: list[int]) -> CaptureTable:
    patterns = np.array(list(merged), dtype=bool)
    counts = np.array(list(merged.values()), dtype=np.int64)
    notes: tuple[str, ...] = ()
    if repeats:
        shown = ", ".join(map(str, repeats))
        notes = (Note("repeated_rows", lines=shown),)
    return CaptureTable(tuple(lists), patterns, counts, source, notes)


def _check_lists_used(table: CaptureTable) -> None:
    if table.observed == 0:
        raise DataError(table.source, None, "every count is 0; there is nobody to estimate from")
    for name, total in zip(table.lists, table.list_totals(), strict=True):
        if total == 0:
            raise DataError(table.source, 1, f"nobody is on list {name!r}; remove that column")
