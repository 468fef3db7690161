"""Which estimate a round may publish without giving away the cells its table hides.

Pure module (no Django). The published table hides every cell under SMALLEST_PUBLISHED, and a
pattern nobody has is no row at all, so each hidden cell is 1 or 2. Anyone can run the estimator
(its seed is public) on every 1/2 assignment of the hidden cells: if the published estimate or
interval matches only some of them, it tells which cells are 1 and which 2. So the published
figures are what every assignment gives alike: each figure rounded to whole people, else to two
significant figures, else to one, at the finest step at which all assignments agree; and no
estimate at all when some figure agrees at none of them, or when there are too many hidden cells
to try. What is published depends on the set of assignments only, never on which one is true:
even whether a model exists is said only when every assignment agrees on it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from tomoshibi.stats.suppression import SMALLEST_PUBLISHED

CaptureRows = Sequence[tuple[tuple[int, ...], int]]
Figures = tuple[float, float, float] | tuple[float, None, None]  # estimate, interval's lower and upper limit
Estimator = Callable[[CaptureRows], Figures | None]  # None: no model estimates this table

MOST_HIDDEN = 8  # 2**8 assignments, each one bootstrap: a few tens of seconds in the worker
SIGNIFICANT_DIGITS = (2, 1)

# Why the published figures carry no estimate (published.py words each for the reader).
NO_MODEL = "no_model"  # no assignment of the hidden cells gives an estimate
NOT_FIXED = "not_fixed"  # the assignments give figures that differ at every rounding tried
TOO_MANY_HIDDEN = "too_many_hidden"


def assignments(capture: CaptureRows) -> list[list[tuple[tuple[int, ...], int]]]:
    """Every table that shows as `capture` does once its cells under SMALLEST_PUBLISHED are hidden."""
    hidden = [index for index, (_pattern, count) in enumerate(capture) if count < SMALLEST_PUBLISHED]
    tables = []
    for values in itertools.product(range(1, SMALLEST_PUBLISHED), repeat=len(hidden)):
        table = list(capture)
        for index, value in zip(hidden, values, strict=True):
            table[index] = (capture[index][0], value)
        tables.append(table)
    return tables


def hidden_cells(capture: CaptureRows) -> int:
    return sum(1 for _pattern, count in capture if count < SMALLEST_PUBLISHED)


def publishable(capture: CaptureRows, estimator: Estimator) -> dict[str, object]:
    """{"estimate": e, "interval": [lower, upper] or None} fit to publish, or {"withheld": why}."""
    if hidden_cells(capture) > MOST_HIDDEN:
        return {"withheld": TOO_MANY_HIDDEN}
    found = [estimator(table) for table in assignments(capture)]
    if all(figures is None for figures in found):
        return {"withheld": NO_MODEL}
    if any(figures is None for figures in found):
        return {"withheld": NOT_FIXED}
    common = [agreed([figures[place] for figures in found if figures is not None]) for place in range(3)]
    if any(value is False for value in common):
        return {"withheld": NOT_FIXED}
    estimate, lower, upper = common
    return {"estimate": estimate, "interval": None if lower is None or upper is None else [lower, upper]}


def agreed(values: Sequence[float | None]) -> float | None | bool:
    """The one value all of `values` round to at the finest step tried; None if all are None; False if none."""
    if all(value is None for value in values):
        return None
    if any(value is None or not math.isfinite(value) for value in values):
        return False
    numbers = [float(value) for value in values if value is not None]
    for step in steps(max(abs(number) for number in numbers)):
        rounded = {round_to(number, step) for number in numbers}
        if len(rounded) == 1:
            return rounded.pop()
    return False


def steps(largest: float) -> list[float]:
    """Whole people, then SIGNIFICANT_DIGITS of the largest value (its magnitude sets one step for all)."""
    magnitude = math.floor(math.log10(largest)) if largest >= 1 else 0
    return [1.0, *(float(10 ** max(0, magnitude - digits + 1)) for digits in SIGNIFICANT_DIGITS)]


def round_to(value: float, step: float) -> float:
    """`value` to the nearest multiple of `step`, halves up (as people read a rounded figure)."""
    return math.floor(value / step + 0.5) * step
