"""What a published figure may show of a count: nothing under SMALLEST_PUBLISHED, zero included.

Pure module (no Django). The platform's threshold is tomoshibi.core.figures.SMALLEST_SHOWN;
staff tables there show a zero, since an empty cell names nobody. A public page is
different: anyone can watch it from day to day, and a cell turning from 0 to 1 would
announce that one screening (or one person in a round) has just been counted. So a
published cell says only "fewer than 3" until it reaches 3.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from tomoshibi.core.figures import SMALLEST_SHOWN

SMALLEST_PUBLISHED = SMALLEST_SHOWN

Key = TypeVar("Key", bound=Hashable)


def published(count: int) -> int | None:
    """The count to publish, or None where the page must say "fewer than SMALLEST_PUBLISHED"."""
    return count if count >= SMALLEST_PUBLISHED else None


def published_row(counts: Iterable[int]) -> list[int | None]:
    """Each count of a row published on its own; a row carries no total, so no cell follows from the rest."""
    return [published(count) for count in counts]


def published_by(counts: Mapping[Key, int], keys: Iterable[Key]) -> list[int | None]:
    """The published count for each key in order, a key never counted being 0 (and so hidden)."""
    return published_row(counts.get(key, 0) for key in keys)
