"""Poisson log-linear fits by damped Newton iterations, many data sets at once.

Every design column of a main-effects-plus-interactions model is the
indicator that a cell contains a given set of lists (none for the
intercept, one for a main effect, two for an interaction). So each entry of
the gradient and Hessian is a sum of (observed or fitted) counts over the
cells that contain some set of at most four lists. Those sums, for every
set at once, are the superset sums (zeta transform) of the counts over the
2^m cells, which take m vectorised passes; the Hessian is then a gather.
This is what lets a thousand bootstrap replicates be fitted in a few
matrix operations per Newton step.

Each data set has its own mask of retained cells (see
design.retained_cells); a parameter whose column is zero on every retained
cell is held at zero. The iteration is Newton's method on the Poisson
log-likelihood, started as R's glm starts (one weighted least squares step
from mu = y + 0.1) or warm from a previous fit, with the step halved while
it lowers the likelihood. It stops once the largest change in a
coefficient is below 1e-7: Newton's method converges quadratically, so the
coefficients are then good to about 1e-12 (the tests compare them with
statsmodels). With very large counts (around 1e9 in a cell) rounding in the
gradient alone can move a coefficient by more than 1e-7 at each step, so
that rule is never met; a fit still short of it after MAX_ITERATIONS counts
as converged when it has stalled at that rounding level: its last step
below STALL_TOLERANCE and its likelihood unchanged but for rounding. Only
fits that would otherwise fail are judged so, so no other result changes.
This covers counts of about 1e9 in a cell; with 1e11 or more the rounding
steps are larger still, and such a fit is still reported as one that did
not settle (never as an estimate that does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomoshibi.estimation.design import BoolArray, FloatArray, IntArray, superset_sums

MAX_ITERATIONS = 100
MAX_HALVINGS = 30
STEP_TOLERANCE = 1e-7
# A last step this small that gains no likelihood is rounding noise (see the module docstring), not divergence:
# a diverging coefficient moves by about 1 a step.
STALL_TOLERANCE = 1e-5
LIKELIHOOD_ROUNDING = 1e-12
# exp() of anything larger overflows; no converging fit gets near it.
LOG_CEILING = 700.0


@dataclass
class BatchFit:
    """Coefficients and fitted cell means (zero on cells left out) for each data set."""

    beta: FloatArray
    fitted: FloatArray
    converged: BoolArray

    def deviance(self, counts: FloatArray | IntArray) -> FloatArray:
        y = np.atleast_2d(np.asarray(counts, dtype=np.float64))
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(y > 0, y * np.log(y / self.fitted), 0.0) - (y - self.fitted)
        deviance: FloatArray = 2 * terms.sum(axis=-1)
        return deviance


def fit_poisson(
    design: FloatArray,
    codes: IntArray,
    counts: IntArray | FloatArray,
    retained: BoolArray | None = None,
    start: FloatArray | None = None,
) -> BatchFit:
    """Fit log E[counts] = design @ beta for each row of `counts` (a 1-d array is one data set).

    `codes` gives, for each column of `design`, the set of lists it indicates (see Layout.column_codes).
    """
    y = np.atleast_2d(np.asarray(counts, dtype=np.float64))
    keep = np.ones_like(y, dtype=bool) if retained is None else np.atleast_2d(retained)
    problem = _Problem(design, codes, np.where(keep, y, 0.0), keep)
    beta = problem.least_squares_start() if start is None else np.atleast_2d(start).copy()
    beta[~problem.active] = 0.0
    return problem.solve(beta)


class _Problem:
    """The likelihood of a batch of data sets that share one design matrix."""

    def __init__(self, design: FloatArray, codes: IntArray, y: FloatArray, keep: BoolArray) -> None:
        self.design, self.codes, self.y, self.keep = design, codes, y, keep
        self.unions = codes[:, None] | codes[None, :]
        self.active: BoolArray = (keep.astype(np.float64) @ (design != 0)) > 0
        self.observed_sums = superset_sums(self.y)[:, codes]

    def means(self, eta: FloatArray, rows: slice | IntArray = slice(None)) -> FloatArray:
        mu: FloatArray = np.exp(np.minimum(eta, LOG_CEILING)) * self.keep[rows]
        return mu

    def log_likelihood(self, eta: FloatArray, mu: FloatArray, rows: slice | IntArray = slice(None)) -> FloatArray:
        value = (np.where(self.keep[rows], self.y[rows] * eta, 0.0) - mu).sum(axis=1)
        return np.where(np.isfinite(value), value, -np.inf)

    def newton_direction(self, mu: FloatArray, rows: IntArray) -> FloatArray:
        sums = superset_sums(mu)
        hessian = sums[:, self.unions]
        gradient = self.observed_sums[rows] - sums[:, self.codes]
        return _solve(*hold_inactive(hessian, gradient, self.active[rows]))

    def least_squares_start(self) -> FloatArray:
        """One weighted least squares step from mu = y + 0.1 (as R's glm starts a Poisson fit)."""
        mu = np.where(self.keep, self.y + 0.1, 0.0)
        working = np.where(self.keep, np.log(np.where(self.keep, mu, 1.0)) + (self.y - mu) / np.maximum(mu, 0.1), 0.0)
        hessian = superset_sums(mu)[:, self.unions]
        return _solve(*hold_inactive(hessian, superset_sums(mu * working)[:, self.codes], self.active))

    def solve(self, beta: FloatArray) -> BatchFit:
        eta = beta @ self.design.T
        mu = self.means(eta)
        ll = self.log_likelihood(eta, mu)
        converged = np.zeros(len(beta), dtype=bool)
        todo = np.arange(len(beta))
        stalled = np.zeros(0, dtype=bool)
        for _ in range(MAX_ITERATIONS):
            if todo.size == 0:
                break
            step = self.newton_direction(mu[todo], todo)
            new_beta, new_eta, new_mu, new_ll = self._damped(beta[todo], eta[todo], ll[todo], step, todo)
            size = np.abs(new_beta - beta[todo]).max(axis=1)
            with np.errstate(invalid="ignore"):  # -inf - -inf: a fit with no likelihood never stalls, it fails
                flat = np.abs(new_ll - ll[todo]) <= LIKELIHOOD_ROUNDING * np.abs(ll[todo])
            # Flat, not merely no gain: a step that lowers the likelihood is a breakdown, not rounding.
            stalled = (size < STALL_TOLERANCE) & flat
            beta[todo], eta[todo], mu[todo], ll[todo] = new_beta, new_eta, new_mu, new_ll
            done = ~(size >= STEP_TOLERANCE)
            converged[todo[done]] = True
            stalled, todo = stalled[~done], todo[~done]
        converged[todo[stalled]] = True
        return BatchFit(beta, mu, converged & np.isfinite(beta).all(axis=1))

    def _damped(
        self, beta: FloatArray, eta: FloatArray, ll: FloatArray, step: FloatArray, rows: IntArray
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Take the Newton step, halving it for the data sets where it would lower the likelihood."""
        scale = np.ones(len(beta))
        change = step @ self.design.T
        new_eta = eta + change
        new_mu = self.means(new_eta, rows)
        new_ll = self.log_likelihood(new_eta, new_mu, rows)
        for _ in range(MAX_HALVINGS):
            worse = np.flatnonzero(new_ll < ll - 1e-12 * np.abs(ll))
            if worse.size == 0:
                break
            scale[worse] /= 2
            new_eta[worse] = eta[worse] + scale[worse, None] * change[worse]
            new_mu[worse] = self.means(new_eta[worse], rows[worse])
            new_ll[worse] = self.log_likelihood(new_eta[worse], new_mu[worse], rows[worse])
        return beta + scale[:, None] * step, new_eta, new_mu, new_ll


def hold_inactive(hessian: FloatArray, gradient: FloatArray, active: BoolArray) -> tuple[FloatArray, FloatArray]:
    """Hold inactive parameters fixed: identity rows and columns in the Hessian, zero gradient."""
    pair_active = active[:, :, None] & active[:, None, :]
    hessian = np.where(pair_active, hessian, 0.0) + np.eye(active.shape[1]) * (~active)[:, :, None]
    return hessian, np.where(active, gradient, 0.0)


def _solve(hessian: FloatArray, gradient: FloatArray) -> FloatArray:
    try:
        step: FloatArray = np.asarray(np.linalg.solve(hessian, gradient[..., None])[..., 0], dtype=np.float64)
    except np.linalg.LinAlgError:
        # A singular system only arises for a fit that the checks would refuse: that data set gets no
        # step (and is reported as not converged), the others carry on.
        step = np.array([_solve_one(h, g) for h, g in zip(hessian, gradient, strict=True)])
    return step


def _solve_one(hessian: FloatArray, gradient: FloatArray) -> FloatArray:
    try:
        step: FloatArray = np.asarray(np.linalg.solve(hessian, gradient), dtype=np.float64)
    except np.linalg.LinAlgError:
        step = np.full_like(gradient, np.nan)
    return step
