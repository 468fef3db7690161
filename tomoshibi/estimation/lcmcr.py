"""Latent classes for people who differ in how easy they are to find: LCMCR (Manrique-Vallier 2016).

The log-linear models assume that what links the lists is captured by pair effects. If some people are
hard for *every* list to reach and others easy for all, no pair effect absorbs it and those models
underestimate. The non-parametric latent class model lets people fall into classes, each with its own
chance of being on each list (independent within a class); how many classes matter is itself learned,
through a Dirichlet process (stick-breaking, truncated at K classes) with a Gamma(0.25, 0.25) prior on
its concentration. The number of people on no list gets the prior p(N) proportional to 1/N.

The Gibbs sampler is the one of the R package LCMCR (Manrique-Vallier), step by step: the class counts
of each observed combination (multinomial), each class's list probabilities (Beta(1, 1) prior), the
stick-breaking weights, the probability of being on no list, the number of people on no list (negative
binomial, redrawn above 20 times the people observed, as LCMCR does), their classes, and the
concentration. Everything is aggregated by combination and class, so an iteration is a few array
operations whatever the number of people. LCMCR's start is followed for the class weights, the 500
warm-up iterations with the concentration fixed and the classes ordered by size after them; each chain's
list probabilities start at its own random draw from their Beta(1, 1) prior (LCMCR starts every one at the
observed proportions), so that chains which agree have come from different places.

Several chains, each with its own random stream (numpy's SeedSequence(seed).spawn, so a seed reproduces
every chain), give the convergence diagnostic: rank-normalised split R-hat with its folded variant
(Vehtari et al. 2021) of the total over the chains' halves; values above 1.01 mean the chains disagree
in location or in spread, and more iterations are needed. The effective sample size says how many
independent draws the kept iterations are worth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri
from scipy.stats import rankdata

from tomoshibi.estimation.data import CaptureTable
from tomoshibi.estimation.design import FloatArray, IntArray

LCMCR = "lcmcr"
CLASSES = 10
RHAT_LIMIT = 1.01
A_ALPHA = 0.25
B_ALPHA = 0.25
WARM_UP = 500
MAX_UNSEEN_FACTOR = 20  # LCMCR redraws the number on no list while above 20 times the observed


@dataclass(frozen=True)
class LcmcrSettings:
    iterations: int = 10_000  # kept after burn-in, before thinning, per chain
    burn_in: int = 10_000
    thinning: int = 10
    chains: int = 4
    seed: int = 1234
    classes: int = CLASSES
    alpha: float = 0.05


@dataclass(frozen=True)
class LcmcrResult:
    table: CaptureTable
    settings: LcmcrSettings
    draws: NDArray[np.int64]  # chains x kept draws of the total population

    @property
    def observed(self) -> int:
        return self.table.observed

    @property
    def median(self) -> float:
        return float(np.median(self.draws))

    @property
    def interval(self) -> tuple[float, float]:
        """The equal-tailed credible interval."""
        level = self.settings.alpha
        low, high = np.quantile(self.draws, [level / 2, 1 - level / 2])
        return float(low), float(high)

    @property
    def rhat(self) -> float:
        return split_rhat(self.draws.astype(np.float64))

    @property
    def effective_size(self) -> float:
        return effective_sample_size(self.draws.astype(np.float64))


def lcmcr(table: CaptureTable, settings: LcmcrSettings | None = None) -> LcmcrResult:
    """Posterior draws of the total population under the latent class model, from several chains."""
    settings = settings or LcmcrSettings()
    streams = np.random.SeedSequence(settings.seed).spawn(settings.chains)
    draws = [_Chains(table, settings.classes, 1, np.random.default_rng(stream)).run(settings) for stream in streams]
    return LcmcrResult(table, settings, np.concatenate(draws))


class _Chains:
    """Several Markov chains moved together (a leading axis of every array); the state is aggregated by
    combination and class, so one iteration costs the same whatever the number of people."""

    def __init__(self, table: CaptureTable, classes: int, chains: int, rng: np.random.Generator) -> None:
        self.rng = rng
        keep = table.counts > 0
        self.x: FloatArray = table.patterns[keep].astype(np.float64)  # combinations x lists
        self.counts: IntArray = np.broadcast_to(table.counts[keep].astype(np.int64), (chains, int(keep.sum())))
        self.n = int(table.counts.sum())
        self.classes = classes
        self.chains = chains
        # chains x lists x classes: log P(on the list | class) and log P(not on it | class), a random start
        start = np.clip(rng.beta(1.0, 1.0, size=(chains, table.n_lists, classes)), 1e-12, 1 - 1e-12)
        self.log_on: FloatArray = np.log(start)
        self.log_off: FloatArray = np.log1p(-start)
        self.alpha: FloatArray = np.full(chains, 0.3 / classes)
        self.log_nu: FloatArray = np.broadcast_to(_initial_weights(classes), (chains, classes)).copy()
        self.unseen: IntArray = np.zeros(chains, dtype=np.int64)
        self.unseen_classes: IntArray = np.zeros((chains, classes), dtype=np.int64)

    def run(self, settings: LcmcrSettings) -> IntArray:
        for _ in range(WARM_UP):
            self._update(sample_alpha=False)
        self._order_classes()
        for _ in range(settings.burn_in):
            self._update()
        kept = np.empty((self.chains, settings.iterations // settings.thinning), dtype=np.int64)
        for position in range(kept.shape[1]):
            for _ in range(settings.thinning):
                self._update()
            kept[:, position] = self.n + self.unseen
        return kept

    def _update(self, sample_alpha: bool = True) -> None:
        by_class = self._sample_classes()
        self._sample_lambda(by_class)
        self._sample_weights(by_class.sum(axis=1) + self.unseen_classes)
        log_unseen = self.log_nu + self.log_off.sum(axis=1)
        self._sample_unseen(np.exp(log_unseen).sum(axis=1))
        self.unseen_classes = self.rng.multinomial(self.unseen, _normalised(log_unseen))
        if sample_alpha:
            rate = B_ALPHA - self.log_nu[:, -1]
            self.alpha = self.rng.gamma(A_ALPHA + self.classes - 1, 1 / rate)

    def _sample_classes(self) -> IntArray:
        """How many of the people in each observed combination fall in each class (chains x combinations x classes)."""
        log_p = (self.log_nu + self.log_off.sum(axis=1))[:, None, :] + self.x @ (self.log_on - self.log_off)
        drawn: IntArray = self.rng.multinomial(self.counts, _normalised(log_p))
        return drawn

    def _sample_lambda(self, by_class: IntArray) -> None:
        on = self.x.T @ by_class  # chains x lists x classes: people on the list
        off = (by_class.sum(axis=1) + self.unseen_classes)[:, None, :] - on
        # Beta(1 + on, 1 + off); both shapes are 1 or more, so neither the draw nor 1 - draw underflows to 0.
        probability = np.clip(self.rng.beta(1.0 + on, 1.0 + off), 1e-300, 1.0 - 1e-16)
        self.log_on, self.log_off = np.log(probability), np.log1p(-probability)

    def _sample_weights(self, class_sizes: IntArray) -> None:
        """Stick-breaking weights given the class sizes (the last stick takes what is left)."""
        later = (self.n + self.unseen)[:, None] - np.cumsum(class_sizes, axis=1)[:, :-1]
        log_a, log_b = _log_gamma(self.rng, np.stack([1.0 + class_sizes[:, :-1], self.alpha[:, None] + later]))
        log_sum = np.logaddexp(log_a, log_b)
        remaining = np.cumsum(log_b - log_sum, axis=1)
        self.log_nu = np.concatenate([log_a - log_sum, np.zeros((len(later), 1))], axis=1)
        self.log_nu[:, 1:] += remaining

    def _sample_unseen(self, probability_unseen: FloatArray) -> None:
        self.unseen = self.rng.negative_binomial(self.n, 1.0 - probability_unseen)
        redraw = self.unseen > MAX_UNSEEN_FACTOR * self.n
        while redraw.any():
            self.unseen[redraw] = self.rng.negative_binomial(self.n, 1.0 - probability_unseen[redraw])
            redraw = self.unseen > MAX_UNSEEN_FACTOR * self.n

    def _order_classes(self) -> None:
        order = np.argsort(-self.log_nu, axis=1, kind="stable")
        self.log_nu = np.take_along_axis(self.log_nu, order, axis=1)
        self.log_on = np.take_along_axis(self.log_on, order[:, None, :], axis=2)
        self.log_off = np.take_along_axis(self.log_off, order[:, None, :], axis=2)
        self.unseen_classes = np.take_along_axis(self.unseen_classes, order, axis=1)


def _log_gamma(rng: np.random.Generator, shape: ArrayLike) -> FloatArray:
    """log of Gamma(shape) draws, exact for tiny shapes too: Gamma(a) = Gamma(a + 1) U^(1/a) (the draw itself
    underflows to 0 when a is near 0, as the concentration of an empty tail of classes can be)."""
    shapes = np.asarray(shape, dtype=np.float64)
    small = shapes < 1
    drawn: FloatArray = np.log(rng.standard_gamma(np.where(small, shapes + 1, shapes)))
    tiny = np.flatnonzero(small)
    if len(tiny):
        drawn.flat[tiny] += np.log(rng.random(len(tiny))) / shapes.flat[tiny]
    return drawn


def _initial_weights(classes: int) -> FloatArray:
    """LCMCR's start: 90% of the weight over the first four classes."""
    first = min(4, classes)
    nu = np.full(classes, 0.1 / max(classes - first, 1))
    nu[:first] = 0.9 / first
    log_nu: FloatArray = np.log(nu / nu.sum())
    return log_nu


def _normalised(log_p: FloatArray) -> FloatArray:
    """Probabilities along the last axis from their logarithms."""
    p = np.exp(log_p - log_p.max(axis=-1, keepdims=True))
    normalised: FloatArray = p / p.sum(axis=-1, keepdims=True)
    return normalised


def split_rhat(draws: FloatArray) -> float:
    """Rank-normalised split R-hat (Vehtari et al. 2021): the larger of the split R-hat of the draws' normal
    scores and that of the normal scores of their distance from the median (the folded variant, which sees
    chains that agree in the middle but not in spread)."""
    folded = np.abs(draws - np.median(draws))
    return max(_split_rhat(_normal_scores(draws)), _split_rhat(_normal_scores(folded)))


def _normal_scores(draws: FloatArray) -> FloatArray:
    """Each draw replaced by the normal quantile of its rank over all chains (ties share their mean rank)."""
    ranks = rankdata(draws, method="average").reshape(draws.shape)
    scores: FloatArray = ndtri((ranks - 0.375) / (draws.size + 0.25))
    return scores


def _split_rhat(draws: FloatArray) -> float:
    """Split R-hat: each chain cut in two halves, between-half against within-half variance."""
    half = draws.shape[1] // 2
    halves = np.concatenate([draws[:, :half], draws[:, half : 2 * half]])
    n = halves.shape[1]
    within = float(halves.var(axis=1, ddof=1).mean())
    between = float(n * halves.mean(axis=1).var(ddof=1))
    if within == 0:
        return float("nan")
    pooled = (n - 1) / n * within + between / n
    return float(np.sqrt(pooled / within))


def effective_sample_size(draws: FloatArray) -> float:
    """Effective sample size over all chains, from the autocorrelations summed until they turn negative (Geyer)."""
    chains, n = draws.shape
    centred = draws - draws.mean(axis=1, keepdims=True)
    variance = float(centred.var(axis=1).mean())
    if variance == 0:
        return float(chains * n)
    spectrum = np.fft.rfft(centred, n=2 * n, axis=1)
    autocovariance = np.fft.irfft(spectrum * np.conj(spectrum), axis=1)[:, :n].mean(axis=0) / n
    rho = autocovariance / variance
    tau = -1.0
    for lag in range(0, n - 1, 2):
        pair = rho[lag] + rho[lag + 1]
        if pair < 0:
            break
        tau += 2 * pair
    return float(chains * n / max(tau, 1e-12))
