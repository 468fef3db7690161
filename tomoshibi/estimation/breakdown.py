"""Estimates by group (`--by COLUMN`): per prefecture, age group or nationality, and for everybody.

The file has one row per person (or per combination, with `count`) and one more column naming the group.
Each group is estimated on its own, with the same method, as if its rows were the whole file. A group is
too small to estimate, and said so rather than guessed, when it has fewer than MIN_PEOPLE people, fewer
than two lists with anybody on them, nobody on two lists at once (nothing to learn the overlaps from), or
no model that passes the checks. A group estimated from fewer than TRUSTED_PEOPLE people carries a note
that its figure is rough. A list nobody in the group is on is left out of that group's estimate, with a
note. The group estimates need not add up to the estimate for everybody: each has its own model. Rows
whose group cell is blank form a group of their own, shown as BLANK_GROUP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tomoshibi.estimation.data import (
    COUNT_COLUMN,
    CaptureTable,
    DataError,
    parse_count,
    parse_rows,
    read_text,
    split_rows,
)
from tomoshibi.estimation.estimate import Estimate, NoValidModel

MIN_PEOPLE = 10
TRUSTED_PEOPLE = 50
BLANK_GROUP = "(blank)"
Estimator = Callable[[CaptureTable], Estimate]


@dataclass(frozen=True)
class Group:
    name: str
    observed: int
    result: Estimate | None
    problem: str | None = None
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True)
class TooSmall:
    """A group with no table to estimate from: how many people it has, and why."""

    observed: int
    reason: str


def read_groups(path: str | Path, column: str) -> tuple[CaptureTable, dict[str, CaptureTable | TooSmall]]:
    """The whole table (the group column set aside) and each group's table, or why it has none."""
    text, notes = read_text(path)
    source = str(path)
    header, numbered, separator = split_rows(text, source)
    _check_group_column(source, header, numbered, column)
    position = header.index(column)
    rest = header[:position] + header[position + 1 :]
    groups: dict[str, list[tuple[int, list[str]]]] = {}
    for line, row in numbered:
        if len(row) != len(header):
            raise DataError(source, line, f"expected {len(header)} columns, found {len(row)}")
        if row[position].strip() == BLANK_GROUP:  # it would be counted with the blank cells, shown under that name
            raise DataError(source, line, f"the group {BLANK_GROUP} is how blank cells are shown: rename it")
        groups.setdefault(row[position].strip() or BLANK_GROUP, []).append((line, row[:position] + row[position + 1 :]))
    everybody = parse_rows(
        source, rest, [row for _, rows in groups.items() for _, row in rows], _all(groups), separator
    )
    tables = {name: _group_table(source, rest, rows, separator) for name, rows in sorted(groups.items())}
    return replace(everybody, notes=(*notes, *everybody.notes)), tables


def by_group(tables: dict[str, CaptureTable | TooSmall], estimator: Estimator) -> list[Group]:
    return [_estimate_group(name, table, estimator) for name, table in tables.items()]


def group_notes(group: Group) -> tuple[str, ...]:
    """The notes on a group's input, and a caution when it has fewer people than a figure can rest on."""
    if group.result is None:
        return ()
    notes = group.result.table.notes
    if group.observed < TRUSTED_PEOPLE:
        caution = (
            f"only {group.observed} people, fewer than about {TRUSTED_PEOPLE}: a rough figure, not to be relied on"
        )
        notes = (*notes, caution)
    return notes


def _check_group_column(source: str, header: list[str], numbered: list[tuple[int, list[str]]], column: str) -> None:
    """The group column must be there, and be neither the count nor, by mistake, a list column."""
    if column not in header:
        raise DataError(source, 1, f"--by {column!r} is not a column (columns: {', '.join(header)})")
    if column.lower() == COUNT_COLUMN:
        raise DataError(source, 1, f"--by {column!r} names the count column; give --by the column holding the groups")
    if _holds_only_flags(numbered, header.index(column)):
        _refuse_if_groups_elsewhere(source, header, numbered, column)


def _refuse_if_groups_elsewhere(
    source: str, header: list[str], numbered: list[tuple[int, list[str]]], column: str
) -> None:
    """--by naming a list column leaves the real group column among the lists: say so, not "must be 0 or 1"."""
    for name in header:
        if name != column and name.lower() != COUNT_COLUMN and not _holds_only_flags(numbered, header.index(name)):
            raise DataError(
                source,
                1,
                f"--by {column!r} names a list column (it holds only 0 and 1), and column {name!r} is not a list "
                f"(it holds more than 0 and 1); give --by the column holding the groups, perhaps --by {name}",
            )


def _holds_only_flags(numbered: list[tuple[int, list[str]]], position: int) -> bool:
    return all(len(row) <= position or row[position].strip() in ("0", "1") for _, row in numbered)


def _all(groups: dict[str, list[tuple[int, list[str]]]]) -> list[tuple[int, list[str]]]:
    return [numbered for rows in groups.values() for numbered in rows]


def _group_table(
    source: str, lists: list[str], rows: list[tuple[int, list[str]]], separator: str
) -> CaptureTable | TooSmall:
    try:
        return parse_rows(source, lists, [row for _, row in rows], rows, separator)
    except DataError as error:
        if "nobody is on list" in error.problem or "every count is 0" in error.problem:
            return _without_empty_lists(source, lists, rows, separator)
        raise


def _without_empty_lists(
    source: str, lists: list[str], rows: list[tuple[int, list[str]]], separator: str
) -> CaptureTable | TooSmall:
    """The group's table without the lists nobody in it is on (a row with a count of 0 puts nobody on a list)."""
    has_count = lists[-1].lower() == COUNT_COLUMN
    names = lists[:-1] if has_count else lists
    people = [(line, row, parse_count(source, line, row[-1].strip()) if has_count else 1) for line, row in rows]
    used = [i for i in range(len(names)) if any(row[i].strip() == "1" and count for _, row, count in people)]
    if len(used) < 2:
        return TooSmall(sum(count for _, _, count in people), "fewer than two lists have anybody from this group")
    keep = [*used, len(names)] if has_count else used
    trimmed = [(line, [row[i] for i in keep]) for line, row, count in people if count and _on_any(row, used)]
    table = parse_rows(source, [lists[i] for i in keep], [row for _, row in trimmed], trimmed, separator)
    dropped = ", ".join(name for i, name in enumerate(names) if i not in used)
    return replace(table, notes=(*table.notes, f"nobody in this group is on {dropped}; estimated without it"))


def _on_any(row: list[str], lists: list[int]) -> bool:
    return any(row[i].strip() == "1" for i in lists)


def _estimate_group(name: str, table: CaptureTable | TooSmall, estimator: Estimator) -> Group:
    if isinstance(table, TooSmall):
        return Group(name, table.observed, None, f"too small to estimate: {table.reason}")
    problem = _too_small(table)
    if problem is not None:
        return Group(name, table.observed, None, f"too small to estimate: {problem}")
    try:
        return Group(name, table.observed, estimator(table))
    except NoValidModel:
        return Group(name, table.observed, None, "too small to estimate: no model passes the checks (too few overlaps)")


def _too_small(table: CaptureTable) -> str | None:
    if table.observed < MIN_PEOPLE:
        return f"{table.observed} people, fewer than {MIN_PEOPLE}"
    if not table.counts[table.patterns.sum(axis=1) >= 2].sum():
        return "nobody is on two lists at once, so the overlaps say nothing"
    return None
