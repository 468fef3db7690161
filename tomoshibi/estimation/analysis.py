"""One call from a capture table to everything a round of estimation shows: the figures and the report.

For a program that holds its lists in memory (an estimation round in a web application) rather than in a
CSV file: give it the lists, each combination's 0/1 pattern and its count, and it returns the `--json`
dictionary and the `--report` page, computed exactly as `tomoshibi estimate FILE --sensitivity
--diagnostics --report` computes them. Bad rows raise DataError (with the row and problem named); a table
no model can estimate raises NoValidModel. Both messages are fit to show to the person who sent the data.

    from tomoshibi.estimation.analysis import analyse_rows
    found = analyse_rows(["police", "ngo", "clinic"], [[1, 0, 0], [1, 1, 0], ...], [31, 3, ...], lang="ja")
    found.figures["estimate"], found.figures["interval"], found.report_html
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tomoshibi.estimation.bootstrap import R_COMPATIBLE
from tomoshibi.estimation.data import CaptureTable, table_from_rows
from tomoshibi.estimation.diagnostics import diagnose
from tomoshibi.estimation.estimate import DEFAULT_SEED, NoValidModel, estimate_sweep
from tomoshibi.estimation.output import Analysis, as_json
from tomoshibi.estimation.select import STEPWISE, Progress
from tomoshibi.estimation.sensitivity import PTHRESH_SWEEP, sensitivity

DEFAULT_REPLICATES = 1000


@dataclass(frozen=True)
class Settings:
    """How to estimate: the command's options of the same names (defaults as the command's)."""

    method: str = STEPWISE
    model: Sequence[tuple[int, int]] = ()  # list positions of the pairs of a fixed model
    pthresh: float = 0.02
    bootstrap: int = DEFAULT_REPLICATES
    seed: int = DEFAULT_SEED
    alpha: float = 0.05
    generator: str = R_COMPATIBLE


@dataclass(frozen=True)
class Report:
    figures: dict[str, object]  # what --json prints (with sensitivity and diagnostics)
    report_html: str  # what --report writes: one self-contained page


def run_analysis(
    table: CaptureTable,
    settings: Settings = Settings(),
    merges: Sequence[tuple[str, str]] = (),
    quantiles: Sequence[float] = (),
    with_sensitivity: bool = True,
    with_diagnostics: bool = True,
    progress: Progress | None = None,
) -> Analysis:
    """The estimate, and its sensitivity and diagnostics when asked for; NoValidModel when nothing estimates.

    With the sensitivity of a stepwise selection, the estimate and the whole threshold sweep come from one
    selection (and one bootstrap) at the sweep's highest threshold: the same figures as separate runs."""
    thresholds = [settings.pthresh]
    if with_sensitivity and settings.method == STEPWISE:
        thresholds = sorted({settings.pthresh, *PTHRESH_SWEEP})
    swept = estimate_sweep(
        table, thresholds, settings.method, settings.model, settings.bootstrap, settings.seed, settings.alpha,
        progress, settings.generator,
    )  # fmt: skip
    result = swept[settings.pthresh]
    if isinstance(result, NoValidModel):
        raise result
    found = sensitivity(result, merges, swept=swept) if with_sensitivity or merges else None
    return Analysis(result, found, quantiles, diagnose(result) if with_diagnostics else None)


def analyse_rows(
    lists: Sequence[str],
    patterns: Iterable[Sequence[int]],
    counts: Iterable[int],
    settings: Settings = Settings(),
    merges: Sequence[tuple[str, str]] = (),
    lang: str = "en",
    source: str = "<data>",
) -> Report:
    """From capture rows to the figures and the report page, in one call (see the module's docstring)."""
    from tomoshibi.estimation.report import report_html  # matplotlib loads only when a report is made

    table = table_from_rows(lists, patterns, counts, source)
    analysis = run_analysis(table, settings, merges)
    return Report(as_json(analysis), report_html(analysis, lang, _command(table, settings, merges, lang)))


def _command(table: CaptureTable, settings: Settings, merges: Sequence[tuple[str, str]], lang: str) -> str:
    """The command that reproduces the figures from the same rows saved as a CSV file named as `source`."""
    words = [table.source, "--method", settings.method, "--pthresh", f"{settings.pthresh:g}"]
    if settings.model:
        words += ["--model", ",".join(f"{table.lists[i]}:{table.lists[j]}" for i, j in settings.model)]
    words += ["--bootstrap", str(settings.bootstrap), "--seed", str(settings.seed), "--alpha", f"{settings.alpha:g}"]
    words += ["--rng", settings.generator, "--sensitivity", "--diagnostics", "--report", "report.html"]
    for first, second in merges:
        words += ["--merge", f"{first},{second}"]
    return "tomoshibi estimate " + shlex.join([*words, "--lang", lang])
