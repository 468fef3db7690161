"""Figures published about the platform's work (a hotline's, referrals'), with small counts suppressed.

Pure module (no Django): counts below SMALLEST_SHOWN are never shown, nor can they be
worked out from the totals shown beside them (secondary suppression), and times are
summarised only over at least SMALLEST_SHOWN records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

SMALLEST_SHOWN = 3


def is_suppressed(count: int) -> bool:
    """1 and 2 are hidden; 0 is shown, since an empty cell names nobody."""
    return 0 < count < SMALLEST_SHOWN


def shown(count: int) -> int | None:
    """The count, or None where it must not be shown."""
    return None if is_suppressed(count) else count


@dataclass(frozen=True)
class Table:
    """A cross-table whose hidden cells are None, with its row and column totals."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def suppress_table(counts: Sequence[Sequence[int]]) -> Table:
    """Hide small cells, then enough further cells that no hidden one follows from the others.

    The table is read with its totals as an extended matrix, whose every row and column
    is one sum: a line with exactly one hidden entry would give it away by subtraction,
    so its smallest other shown non-zero entry is hidden too, until no line has one.
    """
    extended = _with_totals([list(row) for row in counts])
    hidden = [[is_suppressed(count) for count in row] for row in extended]
    while _protect_rows(extended, hidden) | _protect_columns(extended, hidden):
        pass
    shown_cells = [
        [None if hide else count for count, hide in zip(row, hides, strict=True)]
        for row, hides in zip(extended, hidden, strict=True)
    ]
    return Table(
        cells=[row[:-1] for row in shown_cells[:-1]],
        row_totals=[row[-1] for row in shown_cells[:-1]],
        column_totals=shown_cells[-1][:-1],
        total=shown_cells[-1][-1],
    )


def _with_totals(rows: list[list[int]]) -> list[list[int]]:
    width = len(rows[0]) if rows else 0
    with_row_totals = [[*row, sum(row)] for row in rows]
    return [*with_row_totals, [sum(row[column] for row in with_row_totals) for column in range(width + 1)]]


def _protect_rows(extended: list[list[int]], hidden: list[list[bool]]) -> bool:
    changed = False
    for values, hides in zip(extended, hidden, strict=True):
        changed = _protect_line(values, hides) or changed
    return changed


def _protect_columns(extended: list[list[int]], hidden: list[list[bool]]) -> bool:
    changed = False
    for column in range(len(extended[0])):
        hides = [row[column] for row in hidden]
        if _protect_line([row[column] for row in extended], hides):
            for row, hide in zip(hidden, hides, strict=True):
                row[column] = hide
            changed = True
    return changed


def _protect_line(values: list[int], hides: list[bool]) -> bool:
    """Hide one more entry when exactly one is hidden; True if it did."""
    if sum(hides) != 1:
        return False
    candidates = [index for index, value in enumerate(values) if value > 0 and not hides[index]]
    if not candidates:
        return False
    hides[min(candidates, key=lambda index: values[index])] = True
    return True


@dataclass(frozen=True)
class Durations:
    """Median and 90th percentile of a set of durations in hours, over `count` reports."""

    count: int
    median_hours: float
    p90_hours: float


def summarise_durations(seconds: Iterable[float]) -> Durations | None:
    """None when there are fewer than SMALLEST_SHOWN durations to summarise."""
    values = np.asarray([value for value in seconds if value >= 0], dtype=float)
    if len(values) < SMALLEST_SHOWN:
        return None
    hours = values / 3600.0
    return Durations(count=len(values), median_hours=float(np.median(hours)), p90_hours=float(np.percentile(hours, 90)))
