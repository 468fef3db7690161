"""The whole estimate of one table: the chosen model, the total, the people on no list, the interval."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from tomoshibi.estimation.bootstrap import R_COMPATIBLE, BootstrapPaths, BootstrapResult, bootstrap_paths
from tomoshibi.estimation.checks import CheckResult
from tomoshibi.estimation.data import CaptureTable
from tomoshibi.estimation.design import Layout
from tomoshibi.estimation.fit import fit_poisson
from tomoshibi.estimation.select import FIXED, STEPWISE, Engine, IntArray, Progress, Selection

# SparseMSE's default seed: with R's generator, the same replicates as estimatepopulation() by default.
DEFAULT_SEED = 1234


class NoValidModel(Exception):
    """No model that the method may use passes the existence and identifiability checks."""

    def __init__(self, model_name: str, result: CheckResult, fixed: bool, started: bool = True) -> None:
        self.model_name = model_name
        self.result = result
        if fixed:
            advice = "Choose another model, or let --method stepwise choose one."
        elif not started:
            advice = "Stepwise selection reached this model and cannot go on; try --method main or a --model."
        elif not result.converged:
            advice = "Stepwise selection starts from this model, so it cannot go on."
        else:
            advice = (
                "Stepwise selection starts from this model, so it cannot go on: the lists overlap too little, "
                "or one list holds everybody."
            )
        verdict = "fails the checks" if result.converged else "cannot be fitted"
        super().__init__(f"no estimate: the model {model_name} {verdict}: {result.describe()}. {advice}")


class ModelError(ValueError):
    """A model specification that does not fit the table's lists."""


@dataclass(frozen=True)
class Estimate:
    table: CaptureTable
    method: str
    pairs: tuple[tuple[str, str], ...]
    total: float
    bootstrap: BootstrapResult | None
    pthresh: float
    conditional: tuple[float, float]
    alpha: float
    seed: int
    generator: str
    # Stepwise selection's path: each pair added, in order, with its p-value at the step it entered.
    steps: tuple[tuple[str, float], ...] = ()

    @property
    def observed(self) -> int:
        return self.table.observed

    @property
    def dark_figure(self) -> float:
        return self.total - self.observed

    @property
    def model_names(self) -> list[str]:
        return [f"{first}:{second}" for first, second in self.pairs]

    @property
    def interval(self) -> tuple[float, float] | None:
        return self.bootstrap.bca if self.bootstrap is not None else None


def parse_model(spec: str | Sequence[str], lists: Sequence[str]) -> list[tuple[int, int]]:
    """Turn "A:B,C:D" (or ["A:B", "C:D"]) into pairs of list positions; ModelError says what is wrong."""
    names = [part.strip() for part in spec.split(",")] if isinstance(spec, str) else list(spec)
    pairs: list[tuple[int, int]] = []
    for name in filter(None, names):
        parts = [part.strip() for part in name.split(":")]
        if len(parts) != 2:
            raise ModelError(f"model term {name!r} is not of the form LIST:LIST (for example {lists[0]}:{lists[1]})")
        for part in parts:
            if part not in lists:
                raise ModelError(
                    f"the model names list {part!r}, which is not in the header (lists: {', '.join(lists)})"
                )
        first, second = sorted(lists.index(part) for part in parts)
        if first == second:
            raise ModelError(f"model term {name!r} pairs a list with itself")
        if (first, second) in pairs:
            raise ModelError(f"model term {name!r} is given twice")
        pairs.append((first, second))
    return pairs


def cell_counts(table: CaptureTable) -> tuple[IntArray, IntArray]:
    """The table's counts by cell of its layout, and the cell of each observed row."""
    rows = table.cell_codes - 1
    cells = np.zeros(2**table.n_lists - 1, dtype=np.int64)
    cells[rows] = table.counts
    return cells, rows


def estimate(
    table: CaptureTable,
    method: str = STEPWISE,
    model: Sequence[tuple[int, int]] = (),
    pthresh: float = 0.02,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    progress: Progress | None = None,
    generator: str = R_COMPATIBLE,
) -> Estimate:
    """Estimate the total population; with bootstrap > 0, also a BCa interval from that many replicates."""
    found = estimate_sweep(table, (pthresh,), method, model, bootstrap, seed, alpha, progress, generator)[pthresh]
    if isinstance(found, NoValidModel):
        raise found
    return found


def estimate_sweep(
    table: CaptureTable,
    thresholds: Sequence[float],
    method: str = STEPWISE,
    model: Sequence[tuple[int, int]] = (),
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
    progress: Progress | None = None,
    generator: str = R_COMPATIBLE,
) -> dict[float, Estimate | NoValidModel]:
    """`estimate` at each threshold (for methods other than stepwise the threshold changes nothing), with the
    selection run once, at the highest: each lower threshold's selection is a start of that one's path (see
    select.SelectionPath), for the data, every replicate and every jackknife sample alike. A threshold with
    no valid model gives its NoValidModel instead of an Estimate."""
    if not thresholds or not all(0 <= pthresh <= 1 for pthresh in thresholds):
        raise ValueError("pthresh must be between 0 and 1")
    if not 0 < alpha < 1:
        raise ValueError("alpha must be between 0 and 1")
    layout = Layout(table.n_lists)
    engine = Engine(layout, method, layout.model_from_pairs(list(model)), max(thresholds))
    cells, rows = cell_counts(table)
    engine.steps = []
    data = engine.run_path(cells)
    path_steps, engine.steps = engine.steps, None
    paths = None
    if bootstrap > 0 and not data.at(0.0).failed[0]:
        paths = bootstrap_paths(engine, table.counts, rows, bootstrap, seed, progress, generator)
    settings = _Settings(table, method, layout, cells, alpha, seed, generator)
    return {
        pthresh: _at_threshold(settings, engine, data.at(pthresh), path_steps, paths, pthresh) for pthresh in thresholds
    }


@dataclass(frozen=True)
class _Settings:
    table: CaptureTable
    method: str
    layout: Layout
    cells: IntArray
    alpha: float
    seed: int
    generator: str


def _at_threshold(
    settings: _Settings,
    engine: Engine,
    selection: Selection,
    path_steps: list[tuple[int, float]],
    paths: BootstrapPaths | None,
    pthresh: float,
) -> Estimate | NoValidModel:
    table, layout = settings.table, settings.layout
    failure = selection.failures[0]
    if failure is not None:
        failed = int(selection.models[0])
        return NoValidModel(
            _model_name(table, layout, failed), failure, settings.method == FIXED, failed == engine.model
        )
    total = float(selection.totals[0])
    chosen_model = int(selection.models[0])
    names = tuple(
        (table.lists[i], table.lists[j]) for i, j in (layout.pairs[k] for k in layout.model_pairs(chosen_model))
    )
    given_model = conditional_interval(layout, chosen_model, settings.cells, settings.alpha)
    taken = itertools.takewhile(lambda step: step[1] < pthresh, path_steps)
    steps = tuple((_pair_name(table, layout, pair), pvalue) for pair, pvalue in taken)
    intervals = paths.result(pthresh, total, settings.alpha) if paths is not None else None
    return Estimate(
        table, settings.method, names, total, intervals, pthresh, given_model, settings.alpha, settings.seed,
        settings.generator, steps,
    )  # fmt: skip


def conditional_interval(layout: Layout, model: int, cells: IntArray, alpha: float) -> tuple[float, float]:
    """The interval SparseMSE's estimatepopulation.0 reports, which takes the model as known.

    The log of the number of people on no list is the intercept; its standard error comes from the
    Fisher information of the fit. The limits are normal on that log scale, plus the people observed.
    It leaves out the uncertainty of choosing the model, which the bootstrap interval includes.
    """
    retained = layout.retained_cells(model, cells > 0)
    fit = fit_poisson(layout.design(model), layout.column_codes(model), cells, retained)
    design = layout.design(model)[retained[0]]
    active = np.any(design != 0, axis=0)
    design = design[:, active]
    information = design.T @ (fit.fitted[0, retained[0], None] * design)
    spread = float(np.sqrt(np.linalg.inv(information)[0, 0]))
    low, high = fit.beta[0, 0] + spread * ndtri(np.array([alpha / 2, 1 - alpha / 2]))
    observed = float(cells.sum())
    return observed + float(np.exp(low)), observed + float(np.exp(high))


def _pair_name(table: CaptureTable, layout: Layout, pair: int) -> str:
    first, second = layout.pairs[pair]
    return f"{table.lists[first]}:{table.lists[second]}"


def _model_name(table: CaptureTable, layout: Layout, model: int) -> str:
    if model == 0:
        return "with main effects only"
    pairs = [layout.pairs[k] for k in layout.model_pairs(model)]
    return " + ".join(f"{table.lists[i]}:{table.lists[j]}" for i, j in pairs)
