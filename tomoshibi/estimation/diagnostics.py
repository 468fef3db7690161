"""How well the models fit: deviance, degrees of freedom, AIC and BIC; the selection's steps; fitted against observed.

For the selected model and for main effects alone, as R's `glm` reports them for SparseMSE's fit: over all
the 2^m - 1 observable cells (those nobody is in included, less any cell left out for a pair that shares
nobody), with k the number of estimable coefficients, AIC = -2 log L + 2k and BIC = -2 log L + k log(cells).
A deviance much larger than its degrees of freedom says the model leaves a pattern in the overlaps
unexplained; a cell whose fitted count is far from its observed count says where.

Chao's lower bound (Chao 1987) is a quick check that needs no model: from the people seen on exactly one
list (f1) and exactly two (f2) of t lists, N >= n + (t - 1)/t * f1^2 / (2 f2) (with f1 (f1 - 1) / 2 in place
of f1^2 / 2 when f2 = 0). It is a lower bound when every list finds each person with the same chance
(people may differ from one another). With lists of unequal reach it can overshoot even when the lists are
independent: two lists finding half and a tenth of 1,000 people give 1,800. So an estimate below it is not,
by itself, a sign of anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from tomoshibi.estimation.data import CaptureTable
from tomoshibi.estimation.design import BoolArray, FloatArray, IntArray, Layout
from tomoshibi.estimation.estimate import Estimate, cell_counts
from tomoshibi.estimation.fit import fit_poisson


@dataclass(frozen=True)
class ModelFit:
    """One model's fit to the table."""

    pairs: tuple[str, ...]
    deviance: float
    df: int
    aic: float
    bic: float
    parameters: int
    cells: int
    fitted: FloatArray  # per cell of the layout (0 for a cell left out)
    retained: BoolArray


@dataclass(frozen=True)
class Diagnostics:
    selected: ModelFit
    main: ModelFit
    steps: tuple[tuple[str, float], ...]
    observed: IntArray  # per cell of the layout
    patterns: BoolArray  # the lists of each cell
    lists: tuple[str, ...]


def diagnose(result: Estimate) -> Diagnostics:
    table = result.table
    layout = Layout(table.n_lists)
    cells, _ = cell_counts(table)
    selected = model_fit(layout, _model_of(layout, table, result.pairs), cells, tuple(result.model_names))
    main = model_fit(layout, 0, cells, ())
    return Diagnostics(selected, main, result.steps, cells, layout.cells, table.lists)


def model_fit(layout: Layout, model: int, cells: IntArray, names: tuple[str, ...]) -> ModelFit:
    retained = layout.retained_cells(model, cells > 0)[0]
    design = layout.design(model)
    fit = fit_poisson(design, layout.column_codes(model), cells, retained)
    fitted = fit.fitted[0]
    y = cells[retained].astype(np.float64)
    mu = fitted[retained]
    log_likelihood = float(np.sum(y * np.log(mu) - mu - gammaln(y + 1)))
    parameters = int(np.linalg.matrix_rank(design[retained]))
    used = int(retained.sum())
    deviance = float(fit.deviance(np.where(retained, cells, 0))[0])
    aic = -2 * log_likelihood + 2 * parameters
    bic = -2 * log_likelihood + parameters * float(np.log(used))
    return ModelFit(names, deviance, used - parameters, aic, bic, parameters, used, fitted, retained)


def chao_lower_bound(table: CaptureTable) -> float:
    """Chao's (1987) figure for the total, from the people on exactly one and exactly two lists: a lower bound
    only when every list has the same reach."""
    on_lists = table.patterns.sum(axis=1)
    f1 = float(table.counts[on_lists == 1].sum())
    f2 = float(table.counts[on_lists == 2].sum())
    t = table.n_lists
    unseen = f1 * f1 / (2 * f2) if f2 > 0 else f1 * (f1 - 1) / 2
    return table.observed + (t - 1) / t * unseen


def _model_of(layout: Layout, table: CaptureTable, pairs: tuple[tuple[str, str], ...]) -> int:
    return layout.model_from_pairs([(table.lists.index(a), table.lists.index(b)) for a, b in pairs])
