"""What a published figure may show of a count, and of which days: closed months, rounded, nothing under 3.

Pure module (no Django). The platform's threshold is tomoshibi.core.figures.SMALLEST_SHOWN;
staff tables there show a zero, since an empty cell names nobody. A public page is
different: anyone can watch it from day to day and subtract what it showed yesterday. So
the public figures page follows three rules, each against one way of reading it:

- Closed periods only (`end_of_last_closed_month`): it counts everything up to the end of
  the last complete calendar month in Japan time and says so as a month, never as the
  first or last day anything was counted. Within a month no byte of it changes, so a
  daily watcher cannot tell on which day (or whether on any day) a screening or a
  training was counted.
- Nothing under SMALLEST_PUBLISHED, zero included (`published`): a cell says only "fewer
  than 3", so it cannot tell 0 from 1, nor show that a first screening has happened.
- Rounded to the nearest PUBLIC_BASE (`rounded`): from one month to the next a cell moves
  in steps of 5, so a change shows that some screenings were counted that month but not
  how many, and a person who knows of their own screening cannot find it in the table.
  No count of 3 or more is published as 0.

What the rules do not protect: a cell that changes between two months still tells that at
least one screening with that screen and level (or one completed training) was counted
during the month; a cell moving from "fewer than 3" to 5 tells that the total is now 3 to 7.
Whoever knows all but one of a month's screenings learns little from a step of 5, but a
month with a single screening for a rare screen can still be seen as a month with "some".
The page carries no totals (each is a sum of cells and would let a hidden cell be worked
out), and a hidden cell can be anything from 0 to 2 without changing any published value.
Nothing here protects against inflating the counts: that is the per-connection daily limit
in screening's actions.

Pages that publish once and never change (an estimation round's result) keep the default
base of 1: the threshold alone, no rounding.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from datetime import date, timedelta
from typing import TypeVar

from tomoshibi.core.figures import SMALLEST_SHOWN

SMALLEST_PUBLISHED = SMALLEST_SHOWN
PUBLIC_BASE = 5  # the public figures page rounds every count it shows to a multiple of this

Key = TypeVar("Key", bound=Hashable)


def end_of_last_closed_month(today: date) -> date:
    """The last day of the month before `today`'s: the published figures count every day up to it."""
    return today.replace(day=1) - timedelta(days=1)


def rounded(count: int, base: int = 1) -> int:
    """`count` to the nearest multiple of `base` (halves up); a count above 0 never shows as 0, but as `base`."""
    return max(base, base * ((count + base // 2) // base)) if count else 0


def published(count: int, base: int = 1) -> int | None:
    """The count to publish, rounded to `base`, or None where the page must say "fewer than SMALLEST_PUBLISHED"."""
    return rounded(count, base) if count >= SMALLEST_PUBLISHED else None


def published_row(counts: Iterable[int], base: int = 1) -> list[int | None]:
    """Each count of a row published on its own; a row carries no total, so no cell follows from the rest."""
    return [published(count, base) for count in counts]


def published_by(counts: Mapping[Key, int], keys: Iterable[Key], base: int = 1) -> list[int | None]:
    """The published count for each key in order, a key never counted being 0 (and so hidden)."""
    return published_row((counts.get(key, 0) for key in keys), base)
