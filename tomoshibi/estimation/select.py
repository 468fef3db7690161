"""Model selection and estimation for many count vectors at once (the data, jackknife and bootstrap samples).

Stepwise selection follows SparseMSE's `stepwisefit` (Chan, Silverman &
Vincent 2021): start from main effects; for each two-list interaction not
yet in the model, compare the number of people seen on both lists with its
Poisson distribution under the current fit (mean: the fitted count of the
cells containing both lists); its p-value is the smaller tail,
min(P(X <= n), P(X >= n)); add the interaction with the smallest p-value
(the first in pair order on a tie) among those whose model passes the
existence and identifiability checks, while that p-value is below the
threshold.

All count vectors move through the steps together: at each step those on
the same model are fitted in one batch, warm-started from their previous
coefficients, and only the candidates that could be chosen (p below the
threshold, best first) are checked, with results cached.

In a bootstrap sample a list can come out empty. SparseMSE fits main
effects anyway (R's glm drifts to the limit where that list's cells have
expected count zero, which is what is fitted here) and every interaction
then fails the existence check, so the sample keeps main effects. This
engine does the same, so that with the same samples it gives SparseMSE's
numbers; the methods "main" and "fixed" fit their model in that limit too.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import pdtr, pdtrc

from tomoshibi.estimation.checks import CheckCache, CheckResult, support_keys
from tomoshibi.estimation.design import BoolArray, FloatArray, Layout
from tomoshibi.estimation.fit import BatchFit, fit_poisson

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - only slower without it
    threadpool_limits = None

IntArray = NDArray[np.int64]
Progress = Callable[[int, int], None]

STEPWISE = "stepwise"
MAIN = "main"
FIXED = "fixed"
METHODS = (STEPWISE, MAIN, FIXED)
# p-values closer than this (relative) are the same p-value rounded differently: see choice_order.
TIE_TOLERANCE = 1e-12
# A fit that does not converge although its model passed the checks (see fit.py).
CHECKED_BUT_UNSETTLED = CheckResult(exists=True, identifiable=True, converged=False)


@dataclass
class Selection:
    """For each count vector: the model used, the estimated total, and why it failed if it did."""

    models: IntArray
    totals: FloatArray
    failures: list[CheckResult | None]

    @property
    def failed(self) -> BoolArray:
        return np.array([failure is not None for failure in self.failures], dtype=bool)


@dataclass
class SelectionPath:
    """Every count vector's whole way through a stepwise selection: the model and total after each fit, and
    the p-value with which the pair leading to that fit entered (-inf for the starting model).

    A lower threshold takes the same steps up to the first pair that entered with a p-value at or above it,
    then stops: at each step the pair chosen is the first in p-value order whose model passes the checks,
    so every pair ahead of it (smaller p-value) failed the checks, whatever the threshold. So one selection
    at the highest threshold of a sweep gives the selection at each lower one (`at`).
    """

    models: IntArray  # (count vectors, steps)
    totals: FloatArray
    entered: FloatArray
    lengths: IntArray  # fits made for each count vector
    failures: list[CheckResult | None]
    failed_at: IntArray  # the step whose fit failed, or the length when none did
    pthresh: float

    @classmethod
    def joined(cls, paths: list[SelectionPath], pthresh: float) -> SelectionPath:
        """The paths of several batches of count vectors (of one layout), in order."""
        if len(paths) == 1:
            return paths[0]
        width = max(path.entered.shape[1] for path in paths)
        return cls(
            np.concatenate([_widened(path.models, width, 0) for path in paths]),
            np.concatenate([_widened(path.totals, width, np.nan) for path in paths]),
            np.concatenate([_widened(path.entered, width, np.inf) for path in paths]),
            np.concatenate([path.lengths for path in paths]),
            [failure for path in paths for failure in path.failures],
            np.concatenate([path.failed_at for path in paths]),
            pthresh,
        )

    def at(self, pthresh: float) -> Selection:
        """The selection that stepwise selection with `pthresh` (at most the path's own) ends on."""
        if pthresh > self.pthresh:
            raise ValueError(f"a path selected at {self.pthresh:g} cannot give the selection at {pthresh:g}")
        within = np.arange(self.entered.shape[1]) < self.lengths[:, None]
        reached = np.logical_and.accumulate((self.entered < pthresh) & within, axis=1)
        last = np.maximum(reached.sum(axis=1) - 1, 0)
        rows = np.arange(len(last))
        failures = [
            failure if failure is not None and (self.lengths[row] == 0 or last[row] >= self.failed_at[row]) else None
            for row, failure in enumerate(self.failures)
        ]
        totals = np.where([failure is None for failure in failures], self.totals[rows, last], np.nan)
        return Selection(self.models[rows, last].copy(), totals, failures)


def _widened(steps: NDArray[np.generic], width: int, fill: float) -> NDArray[np.generic]:
    """Per-step values padded with `fill` to `width` steps (steps no path reached)."""
    return np.pad(steps, ((0, 0), (0, width - steps.shape[1])), constant_values=fill)


def single_threaded_blas() -> AbstractContextManager[object]:
    """Keep BLAS on one thread: these matrices are small, and on a busy machine OpenBLAS's threads
    waiting for each other made the bootstrap several times slower than one thread."""
    if threadpool_limits is None:
        return nullcontext()
    limits: AbstractContextManager[object] = threadpool_limits(limits=1, user_api="blas")
    return limits


class Engine:
    """Runs one estimation method over batches of cell count vectors of one layout."""

    def __init__(self, layout: Layout, method: str = STEPWISE, model: int = 0, pthresh: float = 0.02) -> None:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
        self.layout, self.method, self.pthresh = layout, method, pthresh
        self.model = model if method == FIXED else 0
        # The model a method starts from is fitted, in a bootstrap sample where a list is empty, without
        # that list; models the stepwise search would add are checked as SparseMSE checks them, so an
        # empty list rules them all out and the sample keeps main effects, exactly as in SparseMSE.
        self.start_checks = CheckCache(layout, drop_empty_lists=True)
        self.cache = CheckCache(layout, drop_empty_lists=False)
        # When a list, each pair added to the first count vector's model, with its p-value at that step.
        self.steps: list[tuple[int, float]] | None = None

    def run(self, counts: IntArray, progress: Progress | None = None) -> Selection:
        """Estimate from each row of `counts` (one count per cell, in layout order).

        `progress(finished, total)` is called after each step of the selection.
        """
        return self.run_path(counts, progress).at(self.pthresh)

    def run_path(self, counts: IntArray, progress: Progress | None = None) -> SelectionPath:
        """As `run`, keeping each count vector's path, which gives the selection at any lower threshold."""
        with single_threaded_blas():
            state = self._run(np.atleast_2d(counts), progress)
        return state.path(self.pthresh)

    def _run(self, counts: IntArray, progress: Progress | None) -> _State:
        state = _State(counts, support_keys(counts > 0), self.model, self.layout.n_pairs + 1)
        self.start_checks.prefill(state.models, state.keys, state.support)
        for row in range(len(counts)):
            result = self.start_checks.check(self.model, state.keys[row], state.support[row])
            if not result.passed:
                state.fail(row, result)
        while state.active.any():
            groups = {model: np.flatnonzero(state.active & (state.models == model)) for model in state.active_models()}
            for model, rows in groups.items():
                self._advance(state, model, rows)
            if progress is not None:
                progress(int((~state.active).sum()), len(counts))
        return state

    def _advance(self, state: _State, model: int, rows: IntArray) -> None:
        """Fit `model` to `rows`, record their estimates, then move each to its next model or stop it."""
        fit = self._fit(state, model, rows)
        if self.method == STEPWISE:
            self._choose_next(state, model, rows, fit)
        else:
            state.active[rows] = False

    def _fit(self, state: _State, model: int, rows: IntArray) -> BatchFit:
        columns = self._columns(model)
        started = state.started[rows].all()
        start = state.beta[np.ix_(rows, columns)] if started else None
        fit = fit_poisson(
            self.layout.design(model),
            self.layout.column_codes(model),
            state.counts[rows],
            self.layout.retained_cells(model, state.support[rows]),
            start,
        )
        state.beta[np.ix_(rows, columns)] = fit.beta
        state.started[rows] = True
        state.dark[rows] = np.exp(fit.beta[:, 0])
        for row in rows[~fit.converged]:
            state.fail(int(row), None)
        state.record(rows, model)
        return fit

    def _choose_next(self, state: _State, model: int, rows: IntArray, fit: BatchFit) -> None:
        observed = state.counts[rows] @ self.layout.pair_cells.T.astype(np.int64)
        expected = fit.fitted @ self.layout.pair_cells_float.T
        pvalues = self._pvalues(model, observed, expected)
        best = np.argmin(pvalues, axis=1)
        likely = np.where(pvalues[np.arange(len(rows)), best] < self.pthresh, model | (1 << best), model)
        self.cache.prefill(likely, [state.keys[row] for row in rows], state.support[rows])
        for position, row in enumerate(rows):
            if state.active[row]:
                pair = self._step(state, int(row), model, pvalues[position])
                if pair is not None and observed[position, pair] > 0:
                    # Warm start: the new coefficient's own maximum with the others held fixed.
                    gain = observed[position, pair] / expected[position, pair]
                    state.beta[row, 1 + self.layout.n_lists + pair] = np.log(gain)

    def _step(self, state: _State, row: int, model: int, pvalues: FloatArray) -> int | None:
        """Move the row to its next model and return the pair added, or stop it and return None."""
        for pair in choice_order(pvalues):
            if not pvalues[pair] < self.pthresh:
                break
            candidate = model | (1 << int(pair))
            if self.cache.check(candidate, state.keys[row], state.support[row]).passed:
                state.models[row] = candidate
                state.entered[row, state.lengths[row]] = pvalues[pair]
                if self.steps is not None and row == 0:
                    self.steps.append((int(pair), float(pvalues[pair])))
                return int(pair)
        state.active[row] = False
        return None

    def _pvalues(self, model: int, observed: IntArray, expected: FloatArray) -> FloatArray:
        """Smaller-tail Poisson p-value of each pair's overlap under the current fit; inf for pairs in the model."""
        lower = pdtr(observed, expected)
        upper = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
        pvalues: FloatArray = np.minimum(lower, upper)
        pvalues[:, self.layout.model_pairs(model)] = np.inf
        return pvalues

    def _columns(self, model: int) -> IntArray:
        """Positions of the model's coefficients in the full parameter vector (intercept, lists, all pairs)."""
        first_pair = 1 + self.layout.n_lists
        pairs = [first_pair + pair for pair in self.layout.model_pairs(model)]
        return np.array([*range(first_pair), *pairs], dtype=np.int64)


class _State:
    """Per-count-vector progress through the selection."""

    def __init__(self, counts: IntArray, keys: list[bytes], model: int, most_steps: int) -> None:
        n, layout_cells = counts.shape
        n_lists = int(np.log2(layout_cells + 1))
        self.counts = counts
        self.support: BoolArray = counts > 0
        self.keys = keys
        self.observed: FloatArray = counts.sum(axis=1).astype(np.float64)
        self.models: IntArray = np.full(n, model, dtype=np.int64)
        self.active: BoolArray = np.ones(n, dtype=bool)
        self.started: BoolArray = np.zeros(n, dtype=bool)
        n_params = 1 + n_lists + n_lists * (n_lists - 1) // 2
        self.beta: FloatArray = np.zeros((n, n_params))
        self.dark: FloatArray = np.full(n, np.nan)
        self.failures: list[CheckResult | None] = [None] * n
        self.path_models: IntArray = np.full((n, most_steps), model, dtype=np.int64)
        self.path_totals: FloatArray = np.full((n, most_steps), np.nan)
        self.entered: FloatArray = np.full((n, most_steps), np.inf)
        self.entered[:, 0] = -np.inf
        self.lengths: IntArray = np.zeros(n, dtype=np.int64)
        self.failed_at: IntArray = np.full(n, most_steps, dtype=np.int64)

    def fail(self, row: int, reason: CheckResult | None) -> None:
        self.active[row] = False
        self.dark[row] = np.nan
        self.failures[row] = reason if reason is not None else CHECKED_BUT_UNSETTLED
        self.failed_at[row] = self.lengths[row]

    def record(self, rows: IntArray, model: int) -> None:
        """Keep the fit just made for `rows` as the next step of their paths."""
        steps = self.lengths[rows]
        self.path_models[rows, steps] = model
        self.path_totals[rows, steps] = self.observed[rows] + self.dark[rows]
        self.lengths[rows] += 1

    def path(self, pthresh: float) -> SelectionPath:
        steps = max(int(self.lengths.max(initial=0)), 1)  # the paths' longest, so that long bootstraps stay small
        return SelectionPath(
            self.path_models[:, :steps], self.path_totals[:, :steps], self.entered[:, :steps], self.lengths,
            self.failures, np.minimum(self.failed_at, steps), pthresh,
        )  # fmt: skip

    def active_models(self) -> list[int]:
        return sorted({int(model) for model in self.models[self.active]})


def choice_order(pvalues: FloatArray) -> IntArray:
    """The pairs by p-value, smallest first, and in pair order among p-values that differ only by rounding.

    Pairs that play the same part in a table (a symmetric one, say) have the same p-value, but the fits
    that give it round differently in their last bits, alone or in a batch, warm-started or not; without a
    tolerance the choice between them, and so the model, would depend on that rounding."""
    order = np.lexsort((np.arange(len(pvalues)), pvalues))
    ranked = pvalues[order]
    starts_group = np.ones(len(order), dtype=bool)
    starts_group[1:] = ~np.isclose(ranked[1:], ranked[:-1], rtol=TIE_TOLERANCE, atol=0.0)
    chosen: IntArray = order[np.lexsort((order, np.cumsum(starts_group)))]
    return chosen
