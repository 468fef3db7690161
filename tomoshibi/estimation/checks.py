"""Existence and identifiability of the maximum likelihood estimate, by linear programming.

Chan, Silverman & Vincent (2021) check a model against the data before
reporting anything from it:

* identifiable: the design matrix over the cells kept in the fit has full
  column rank;
* existence: the sufficient statistics t = X' n lie in the interior of the
  cone spanned by the rows of X (Fienberg & Rinaldo 2012). SparseMSE poses
  it as the linear program "maximise s subject to X' x = t, x >= s, x >= 0"
  (R function checkident); the estimate exists when the optimum s is
  positive. `check_model_lp` solves exactly that program.

`check_model` answers the same question faster, which matters because a
bootstrap asks it thousands of times. A strictly positive x with X' x = t
is n + u with u orthogonal to the columns of X and positive on the zero
cells Z. By Gordan's alternative there is no such u exactly when some
v = X c is zero on the positive cells S, non-negative on Z and not zero.
Such v come from c in the null space of X restricted to S: if that null
space is trivial (the usual case), the estimate exists with no LP at all;
otherwise a small LP over the null-space coordinates decides. The tests
check that both functions agree.

Both depend on the data only through which cells are positive, so results
are cached by (model, pattern of positive cells).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomoshibi.estimation.design import BoolArray, FloatArray, IntArray, Layout, superset_sums
from tomoshibi.estimation.fit import hold_inactive

TOLERANCE = 1e-9
# The Gram matrix of a 0/1 design has integer entries: when it is singular its computed smallest eigenvalue is
# rounding noise (below 1e-9 for any table this package accepts); above this it is certainly non-singular.
CLEARLY_NONSINGULAR = 1e-6


@dataclass(frozen=True)
class CheckResult:
    exists: bool
    identifiable: bool
    # False when the checks passed but the fit itself failed to settle (numerical trouble, see fit.py).
    converged: bool = True

    @property
    def passed(self) -> bool:
        return self.exists and self.identifiable and self.converged

    def describe(self) -> str:
        problems = []
        if not self.converged:
            problems.append(
                "its fit did not settle (numerical trouble, as very large counts can cause), although its maximum "
                "likelihood estimate exists and it is identifiable"
            )
        if not self.exists:
            problems.append("its maximum likelihood estimate does not exist (some estimate would be infinite)")
        if not self.identifiable:
            problems.append("it is not identifiable (the data cannot tell its parameters apart)")
        return " and ".join(problems) if problems else "passes both checks"


PASSED = CheckResult(exists=True, identifiable=True)


def kept_design(
    layout: Layout, model: int, support: BoolArray, drop_empty_lists: bool = False
) -> tuple[FloatArray, BoolArray]:
    """The design over the cells kept in the fit, without its all-zero columns, and which kept cells are positive."""
    retained = layout.retained_cell(model, support, drop_empty_lists)
    x = layout.design(model)[retained]
    return x[:, np.any(x != 0, axis=0)], support[retained]


def is_identifiable(x: FloatArray) -> bool:
    return bool(np.linalg.matrix_rank(x) == x.shape[1])


def check_model(layout: Layout, model: int, support: BoolArray, drop_empty_lists: bool = False) -> CheckResult:
    """Both checks for `model` when exactly the cells in `support` have positive counts.

    As in SparseMSE, a list nobody is on makes the estimate fail to exist (its parameter would be minus
    infinity), unless drop_empty_lists asks for the model without that list (see design.py).
    """
    x, positive = kept_design(layout, model, support, drop_empty_lists)
    null = _null_space(x[positive])
    if null.shape[1] == 0:
        # The positive cells alone pin down every parameter: identifiable, and no direction can escape.
        return CheckResult(exists=True, identifiable=True)
    return CheckResult(exists=_interior(x, positive, null), identifiable=is_identifiable(x))


def check_model_lp(
    layout: Layout, model: int, counts: FloatArray | IntArray, drop_empty_lists: bool = False
) -> CheckResult:
    """SparseMSE's own formulation of the checks (one LP over every kept cell); the reference for check_model."""
    counts = np.asarray(counts, dtype=np.float64)
    x, _ = kept_design(layout, model, counts > 0, drop_empty_lists)
    kept_counts = counts[layout.retained_cell(model, counts > 0, drop_empty_lists)]
    from scipy.optimize import linprog  # imported here: most tables never need it, and it takes half a second

    n_cells, n_params = x.shape
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0
    equalities = np.hstack([x.T, np.zeros((n_params, 1))])
    floor = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])
    result = linprog(
        objective, A_ub=floor, b_ub=np.zeros(n_cells), A_eq=equalities, b_eq=x.T @ kept_counts, method="highs"
    )
    exists = bool(result.status == 0 and -result.fun > TOLERANCE)
    return CheckResult(exists=exists, identifiable=is_identifiable(x))


def _null_space(x: FloatArray) -> FloatArray:
    """An orthonormal basis of {c : x c = 0}, from the SVD (scipy's null_space, without its overhead)."""
    _, singular, vt = np.linalg.svd(x, full_matrices=True)
    rank = int((singular > TOLERANCE * max(x.shape) * max(singular.max(initial=0.0), 1.0)).sum())
    basis: FloatArray = vt[rank:].T
    return basis


def _interior(x: FloatArray, positive: BoolArray, null: FloatArray) -> bool:
    """Is there a strictly positive x with the data's sufficient statistics? (see the module docstring)"""
    directions = x[~positive] @ null
    directions = directions[np.abs(directions).max(axis=1) > TOLERANCE]
    if len(directions) == 0:
        return True
    if null.shape[1] == 1:
        column = directions[:, 0]
        return not (np.all(column > -TOLERANCE) or np.all(column < TOLERANCE))
    return not _has_nonnegative_direction(directions)


def _has_nonnegative_direction(directions: FloatArray) -> bool:
    """Is there w with directions @ w >= 0 and not all zero? (maximise its sum, capped at 1)."""
    from scipy.optimize import linprog  # imported here: most tables never need it, and it takes half a second

    total = directions.sum(axis=0)
    result = linprog(
        -total,
        A_ub=np.vstack([-directions, total]),
        b_ub=np.append(np.zeros(len(directions)), 1.0),
        bounds=(None, None),
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > TOLERANCE)


def determined_by_positive_cells(
    layout: Layout, model: int, supports: BoolArray, drop_empty_lists: bool = False
) -> BoolArray:
    """For many supports at once: do the positive cells alone pin down every parameter? Then both checks pass.

    This is the common case and the first test of check_model, done here for a whole batch through the Gram
    matrix X_S' X_S (a gather from superset sums of the positive-cell indicators) and its smallest eigenvalue.
    A False answer means "not certain": check_model decides.
    """
    retained = layout.retained_cells(model, supports, drop_empty_lists)
    codes = layout.column_codes(model)
    gram = superset_sums((supports & retained).astype(np.float64))[:, codes[:, None] | codes[None, :]]
    active = (retained.astype(np.float64) @ (layout.design(model) != 0)) > 0
    held, _ = hold_inactive(gram, np.zeros(active.shape), active)
    smallest = np.asarray(np.linalg.eigvalsh(held)[:, 0], dtype=np.float64)
    passing: BoolArray = smallest > CLEARLY_NONSINGULAR
    return passing


class CheckCache:
    """Check results keyed by model and pattern of positive cells, shared across replicates and steps.

    One cache answers in one mode: with or without leaving out lists nobody is on.
    """

    def __init__(self, layout: Layout, drop_empty_lists: bool = False) -> None:
        self.layout = layout
        self.drop_empty_lists = drop_empty_lists
        self._results: dict[tuple[int, bytes], CheckResult] = {}

    def __len__(self) -> int:
        return len(self._results)

    def prefill(self, models: IntArray, keys: list[bytes], supports: BoolArray) -> None:
        """Settle, in batches, the uncached (model, support) pairs that pass on the fast path."""
        pending: dict[int, list[int]] = {}
        for row, model in enumerate(models.tolist()):
            if (model, keys[row]) not in self._results:
                pending.setdefault(model, []).append(row)
        for model, rows in pending.items():
            passing = determined_by_positive_cells(self.layout, model, supports[rows], self.drop_empty_lists)
            for row in np.array(rows)[passing]:
                self._results[(model, keys[row])] = PASSED

    def check(self, model: int, key: bytes, support: BoolArray) -> CheckResult:
        result = self._results.get((model, key))
        if result is None:
            result = check_model(self.layout, model, support, self.drop_empty_lists)
            self._results[(model, key)] = result
        return result


def support_keys(support: BoolArray) -> list[bytes]:
    """A compact hashable key for each row's pattern of positive cells."""
    packed = np.packbits(np.atleast_2d(support), axis=1)
    return [row.tobytes() for row in packed]
