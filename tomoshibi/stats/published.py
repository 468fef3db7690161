"""What each side sees of a round's result: the coordinator all of it; participants and the public the
published figures, in which every cell of the capture table under 3 says only "fewer than 3".

Pure module (no Django): it reads the round's stored fields. The published figures carry no total of
observed people, no list sizes and no sensitivity rows, each of which is a sum of cells and would let a
hidden cell be worked out by subtraction. Nor do they carry the estimate as computed: rerunning the
estimator on each 1/2 value of the hidden cells would tell which one gives it. They carry the figures
every such assignment gives alike, rounded as coarsely as needed, or none (disclosure.publishable,
computed in the worker and kept as figures["published"]); a round estimated before that was kept
publishes no estimate. Why there is none is published as a code (`withheld`), worded by the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tomoshibi.stats.disclosure import NOT_FIXED
from tomoshibi.stats.suppression import SMALLEST_PUBLISHED, published


@dataclass(frozen=True)
class Row:
    present: tuple[bool, ...]  # for each list, whether the people of this row are on it
    count: int | None  # None: fewer than SMALLEST_PUBLISHED (published figures only)


@dataclass(frozen=True)
class Variant:
    label: str
    estimate: float | None
    interval: tuple[float, float] | None


@dataclass(frozen=True)
class Result:
    lists: tuple[str, ...]
    rows: tuple[Row, ...]
    estimate: float | None
    interval: tuple[float, float] | None
    problem: str  # the estimator's own words (English), coordinator only
    withheld: str = ""  # published figures only: a disclosure code (NO_MODEL, NOT_FIXED, TOO_MANY_HIDDEN)
    observed: int | None = None  # coordinator only, as everything below
    dark_figure: float | None = None
    interval_given_model: tuple[float, float] | None = None
    model: tuple[str, ...] = ()
    chao_lower_bound: float | None = None
    without: tuple[Variant, ...] = ()
    thresholds: tuple[Variant, ...] = ()
    smallest_shown: int = SMALLEST_PUBLISHED


def _pair(value: Any) -> tuple[float, float] | None:
    return (float(value[0]), float(value[1])) if value and None not in value else None


def _rows(capture: Sequence[Sequence[Any]], suppress: bool) -> tuple[Row, ...]:
    return tuple(
        Row(tuple(bool(flag) for flag in pattern), published(count) if suppress else count)
        for pattern, count in capture
    )


def coordinator_result(fields: Mapping[str, Any], names: Mapping[str, str]) -> Result:
    """Everything: the full capture table, the estimate, its intervals, the model and the sensitivity."""
    figures: Mapping[str, Any] = fields["figures"] or {}
    extra: Mapping[str, Any] = figures.get("sensitivity") or {}
    return Result(
        lists=tuple(names.get(slug, slug) for slug in fields["lists"]),
        rows=_rows(fields["capture"], suppress=False),
        estimate=figures.get("estimate"),
        interval=_pair(figures.get("interval")),
        problem=fields["problem"],
        withheld=(figures.get("published") or {"withheld": NOT_FIXED}).get("withheld", ""),
        observed=sum(count for _pattern, count in fields["capture"]),
        dark_figure=figures.get("dark_figure"),
        interval_given_model=_pair(figures.get("interval_given_model")),
        model=tuple(figures.get("model") or ()),
        chao_lower_bound=figures.get("chao_lower_bound"),
        without=tuple(_variant(names.get(v["list"], v["list"]), v) for v in extra.get("without", ())),
        thresholds=tuple(_variant(str(v["pthresh"]), v) for v in extra.get("pthresh", ())),
    )


def _variant(label: str, found: Mapping[str, Any]) -> Variant:
    return Variant(label, found.get("estimate"), _pair(found.get("interval")))


def published_result(fields: Mapping[str, Any], names: Mapping[str, str]) -> Result:
    """The estimate, its interval and the capture table with every cell under SMALLEST_PUBLISHED hidden."""
    figures: Mapping[str, Any] = (fields["figures"] or {}).get("published") or {"withheld": NOT_FIXED}
    return Result(
        lists=tuple(names.get(slug, slug) for slug in fields["lists"]),
        rows=_rows(fields["capture"], suppress=True),
        estimate=figures.get("estimate"),
        interval=_pair(figures.get("interval")),
        problem="",
        withheld=figures.get("withheld", ""),
    )
