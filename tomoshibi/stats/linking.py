"""A round's arithmetic: link the opened lists, then estimate from the capture table they give.

Pure module (no Django). Linking runs where the coordinator's key opened the lists, in memory; what
leaves it is only the capture table (how many people each pattern of lists holds) and, for each list,
the pairs of its own line numbers that look like one person. Estimating needs nothing but the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tomoshibi.estimation.analysis import Settings, run_analysis
from tomoshibi.estimation.data import CaptureTable, table_from_rows
from tomoshibi.estimation.estimate import NoValidModel, estimate
from tomoshibi.estimation.output import as_json
from tomoshibi.linkage.match import DEFAULT_THRESHOLD, Blocking, filters_from_base64, link
from tomoshibi.stats.disclosure import Figures, publishable

SEED = 1234
QUANTILES = (0.025, 0.5, 0.975)
REPORT_LANGUAGES = ("ja", "en")

CaptureRows = list[tuple[tuple[int, ...], int]]


@dataclass(frozen=True)
class OpenedList:
    name: str  # an identifier without ':' or ',' (the organisation's slug)
    lines: Sequence[int]
    clks: Sequence[str]


@dataclass(frozen=True)
class Linked:
    lists: tuple[str, ...]
    capture: CaptureRows
    # For each list in order: pairs of its own CSV line numbers that may be one person.
    duplicates: tuple[tuple[tuple[int, int], ...], ...]


def link_lists(lists: Sequence[OpenedList], threshold: float = DEFAULT_THRESHOLD) -> Linked:
    filters = [(opened.name, filters_from_base64(opened.clks, opened.name)) for opened in lists]
    linkage = link(filters, threshold, Blocking())
    duplicates: list[list[tuple[int, int]]] = [[] for _ in lists]
    for list_index, first, second, _similarity in linkage.duplicates:
        lines = lists[list_index].lines
        duplicates[list_index].append((lines[first], lines[second]))
    return Linked(
        tuple(opened.name for opened in lists),
        [(tuple(pattern), count) for pattern, count in linkage.capture_rows()],
        tuple(tuple(pairs) for pairs in duplicates),
    )


@dataclass(frozen=True)
class Estimated:
    figures: dict[str, object] | None  # `tomoshibi estimate --json`'s answer, sensitivity and diagnostics included
    reports: dict[str, str]  # language: the self-contained HTML report
    problem: str  # why there is no estimate, when there is none


def estimate_from(lists: Sequence[str], capture: CaptureRows, command: str) -> Estimated:
    """Estimate as `tomoshibi estimate` does (stepwise, 1,000 bootstrap replicates, sensitivity, diagnostics),
    once, and write the report in each language. figures["published"] is what may be published
    (disclosure.publishable), kept even when the table itself gives no estimate."""
    from tomoshibi.estimation.report import report_html  # matplotlib loads only here

    published = publishable(capture, lambda rows: estimate_of(lists, rows))
    try:
        analysis = run_analysis(table_of(lists, capture), Settings(seed=SEED), quantiles=QUANTILES)
    except NoValidModel as error:
        return Estimated({"published": published}, {}, str(error))
    reports = {language: report_html(analysis, language, command) for language in REPORT_LANGUAGES}
    return Estimated({**as_json(analysis), "published": published}, reports, "")


def table_of(lists: Sequence[str], capture: CaptureRows) -> CaptureTable:
    return table_from_rows(lists, [pattern for pattern, _ in capture], [count for _, count in capture], "round")


def estimate_of(lists: Sequence[str], capture: Sequence[tuple[tuple[int, ...], int]]) -> Figures | None:
    """The estimate and its bootstrap interval as the round computes them, or None where no model estimates."""
    try:
        found = estimate(table_of(lists, list(capture)), bootstrap=Settings().bootstrap, seed=SEED)
    except NoValidModel:
        return None
    return (found.total, *found.interval) if found.interval else (found.total, None, None)
