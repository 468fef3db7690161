"""Bootstrap intervals as in SparseMSE's `estimatepopulation` (Chan, Silverman & Vincent 2021, section 3.3).

* Replicates: multinomial samples of the observed total over the observed
  rows, with probabilities proportional to their counts; the whole method,
  model selection included, is rerun on each.
* Acceleration: from the jackknife that removes one person from each
  observed row in turn, each row weighted by its count.
* BCa limits (DiCiccio & Efron 1996) and plain percentile limits, both from
  R's quantile type 8 (numpy's "median_unbiased"), as SparseMSE uses.

Replicates are drawn all at once, so a seed gives the same interval on any
machine. `estimate()` and the command draw them by default exactly as R draws
them after set.seed(seed) (generator="r", see rstream.py): the default seed
1234 then gives SparseMSE's own replicates. generator="numpy" draws them from
numpy's PCG64 generator seeded by `seed` instead (the same distribution,
other draws).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtr, ndtri

from tomoshibi.estimation.design import FloatArray
from tomoshibi.estimation.rstream import r_multinomial_samples
from tomoshibi.estimation.select import Engine, IntArray, Progress, SelectionPath

NUMPY = "numpy"
R_COMPATIBLE = "r"
GENERATORS = (NUMPY, R_COMPATIBLE)
# Replicates go through the selection together, this many at a time: enough to fill the array operations,
# few enough that ten lists (1,023 cells) stay within a few hundred megabytes.
CHUNK = 2500


@dataclass(frozen=True)
class BootstrapResult:
    replicates: FloatArray
    acceleration: float
    bias: float
    alpha: float
    failed: int
    bca: tuple[float, float] | None
    percentile: tuple[float, float] | None
    # The model each replicate's selection ended on (a bit mask over the layout's pairs; -1 with no estimate).
    models: IntArray

    @property
    def size(self) -> int:
        return len(self.replicates)


def draw_rows(row_counts: IntArray, size: int, seed: int, generator: str = NUMPY) -> IntArray:
    """`size` multinomial resamples of the observed rows' counts, one replicate per row of the result."""
    return _draw_rows(row_counts.astype(np.int64).tobytes(), size, seed, generator)


@lru_cache(maxsize=4)
def _draw_rows(row_counts: bytes, size: int, seed: int, generator: str) -> IntArray:
    """The draws for one table, seed and size, kept: the threshold sweep resamples the same table with the same
    seed at each threshold, and the R-compatible stream costs a second a thousand replicates to draw again.
    Read-only, since every caller shares the array."""
    counts = np.frombuffer(row_counts, dtype=np.int64)
    if generator == R_COMPATIBLE:
        draws = r_multinomial_samples(counts, size, seed)
    elif generator == NUMPY:
        total = int(counts.sum())
        draws = np.random.default_rng(seed).multinomial(total, counts / total, size=size)
    else:
        raise ValueError(f"unknown generator {generator!r}; use {NUMPY!r} or {R_COMPATIBLE!r}")
    draws.flags.writeable = False
    return draws


def as_cells(draws: IntArray, row_cells: IntArray, n_cells: int) -> IntArray:
    """Counts per observed row, spread over all the cells of the layout."""
    cells = np.zeros((len(draws), n_cells), dtype=np.int64)
    cells[:, row_cells] = draws
    return cells


def draw_replicates(
    row_counts: IntArray, row_cells: IntArray, n_cells: int, size: int, seed: int, generator: str = NUMPY
) -> IntArray:
    """`size` multinomial resamples of the observed rows, as counts per cell."""
    return as_cells(draw_rows(row_counts, size, seed, generator), row_cells, n_cells)


def jackknife_samples(row_counts: IntArray, row_cells: IntArray, n_cells: int) -> tuple[IntArray, IntArray]:
    """One sample per observed row with one person removed from it; and the rows they belong to."""
    rows = np.flatnonzero(row_counts > 0)
    samples = np.zeros((len(rows), n_cells), dtype=np.int64)
    samples[:, row_cells] = row_counts
    samples[np.arange(len(rows)), row_cells[rows]] -= 1
    return samples, rows


def acceleration(row_counts: IntArray, rows: IntArray, jackknife_totals: FloatArray) -> float:
    """SparseMSE's jackknife acceleration: each row's leave-one-out estimate counted as often as the row's count."""
    weights = row_counts[rows].astype(np.float64)
    residuals = weights @ jackknife_totals / weights.sum() - jackknife_totals
    spread = weights @ residuals**2
    if spread == 0:
        return 0.0
    return float(weights @ residuals**3 / (6 * spread**1.5))


def bca_limits(
    replicates: FloatArray, estimate: float, accel: float, alpha: float
) -> tuple[float, tuple[float, float] | None]:
    """Bias correction z0 and the BCa limits; no limits when every replicate falls on one side of the estimate."""
    below = float(np.mean(replicates < estimate))
    if below in (0.0, 1.0):
        return float("nan"), None
    z0 = float(ndtri(below))
    z = ndtri(np.array([alpha / 2, 1 - alpha / 2])) + z0
    levels = ndtr(z0 + z / (1 - accel * z))
    low, high = np.quantile(replicates, levels, method="median_unbiased")
    return z0, (float(low), float(high))


def replicate_quantiles(replicates: FloatArray, levels: list[float]) -> list[float] | None:
    """Quantiles of the bootstrap estimates (R's type 8, as the limits use); None when a replicate has no estimate."""
    if len(replicates) == 0 or np.isnan(replicates).any():
        return None
    return [float(value) for value in np.quantile(replicates, levels, method="median_unbiased")]


def percentile_limits(replicates: FloatArray, alpha: float) -> tuple[float, float]:
    low, high = np.quantile(replicates, [alpha / 2, 1 - alpha / 2], method="median_unbiased")
    return float(low), float(high)


def run_bootstrap(
    engine: Engine,
    row_counts: IntArray,
    row_cells: IntArray,
    estimate: float,
    size: int,
    seed: int,
    alpha: float,
    progress: Progress | None = None,
    generator: str = NUMPY,
) -> BootstrapResult:
    paths = bootstrap_paths(engine, row_counts, row_cells, size, seed, progress, generator)
    return paths.result(engine.pthresh, estimate, alpha)


@dataclass(frozen=True)
class BootstrapPaths:
    """The selection paths of every replicate and jackknife sample, which give the bootstrap at any threshold
    up to the engine's (see SelectionPath)."""

    replicates: SelectionPath
    jackknife: SelectionPath
    row_counts: IntArray
    jackknife_rows: IntArray

    def result(self, pthresh: float, estimate: float, alpha: float) -> BootstrapResult:
        """The bootstrap of the selection with threshold `pthresh`, whose estimate from the data is `estimate`."""
        selection = self.replicates.at(pthresh)
        totals, failed = selection.totals, selection.failed
        models = np.where(failed, -1, selection.models)
        leave_one_out = self.jackknife.at(pthresh)
        if failed.any() or leave_one_out.failed.any():
            return BootstrapResult(totals, float("nan"), float("nan"), alpha, int(failed.sum()), None, None, models)
        accel = acceleration(self.row_counts, self.jackknife_rows, leave_one_out.totals)
        bias, bca = bca_limits(totals, estimate, accel, alpha)
        return BootstrapResult(totals, accel, bias, alpha, 0, bca, percentile_limits(totals, alpha), models)


def bootstrap_paths(
    engine: Engine,
    row_counts: IntArray,
    row_cells: IntArray,
    size: int,
    seed: int,
    progress: Progress | None = None,
    generator: str = NUMPY,
) -> BootstrapPaths:
    """Run the engine's selection on `size` replicates (in chunks) and on the jackknife samples, keeping paths."""
    n_cells = engine.layout.n_cells
    draws = draw_rows(row_counts, size, seed, generator)
    chunks = [
        engine.run_path(as_cells(draws[start : start + CHUNK], row_cells, n_cells), _shifted(progress, start, size))
        for start in range(0, size, CHUNK)
    ]
    jackknife, rows = jackknife_samples(row_counts, row_cells, n_cells)
    return BootstrapPaths(SelectionPath.joined(chunks, engine.pthresh), engine.run_path(jackknife), row_counts, rows)


def _shifted(progress: Progress | None, start: int, size: int) -> Progress | None:
    """Progress within one chunk reported as progress over all the replicates."""
    if progress is None:
        return None
    report = progress
    return lambda done, _: report(start + done, size)
