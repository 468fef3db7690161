"""Latent classes for people who differ in how easy they are to find: LCMCR (Manrique-Vallier 2016).

The log-linear models assume that what links the lists is captured by pair effects. If some people are
hard for *every* list to reach and others easy for all, no pair effect absorbs it and those models
underestimate. The non-parametric latent class model lets people fall into classes, each with its own
chance of being on each list (independent within a class); how many classes matter is itself learned,
through a Dirichlet process (stick-breaking, truncated at K classes) with a Gamma(0.25, 0.25) prior on
its concentration. The number of people on no list gets the prior p(N) proportional to 1/N.

The Gibbs sampler is the one of the R package LCMCR 0.4.14 (Manrique-Vallier), step by step and in its
order (lcmcr_sampler.py): the class counts of each observed combination (multinomial), each class's list
probabilities (Beta(1, 1) prior), the stick-breaking weights, the probability of being on no list, the
number of people on no list (negative binomial, redrawn above 20 times the people observed, as LCMCR
does), their classes, and the concentration. Everything is aggregated by combination and class (at most
2^J - 1 observed combinations), so an iteration costs the same whatever the number of people; the loop is
compiled by numba, since in numpy each iteration's tens of small array operations cost more in Python
than the draws themselves (at equal iterations it now runs about as fast as LCMCR's C++, bench/estimation.py).
LCMCR's start is followed for the class weights, the 500 warm-up iterations with the concentration fixed
and the classes ordered by size after them; each chain's list probabilities start at its own random draw
from their Beta(1, 1) prior (LCMCR starts every one at the observed proportions), so that chains which
agree have come from different places.

Several chains, each with its own random stream (numpy's SeedSequence(seed).spawn, so a seed reproduces
every chain), give the convergence diagnostic: rank-normalised split R-hat with its folded variant
(Vehtari et al. 2021) of the total over the chains' halves; values above 1.01 mean the chains disagree
in location or in spread, and more iterations are needed. The effective sample size says how many
independent draws the kept iterations are worth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

from tomoshibi.estimation.data import CaptureTable
from tomoshibi.estimation.design import FloatArray

LCMCR = "lcmcr"
CLASSES = 10
RHAT_LIMIT = 1.01
A_ALPHA = 0.25
B_ALPHA = 0.25
WARM_UP = 500
# With two lists the latent class model is not identifiable: three cells cannot tell classes apart, and the
# answer is its priors' (on one table, a median of 251 with an interval of 124 to 488). The command refuses it.
MIN_LISTS = 3
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
    from tomoshibi.estimation.lcmcr_sampler import run_chain  # numba only when the model is asked for

    settings = settings or LcmcrSettings()
    seen = table.counts > 0
    x, counts = table.patterns[seen].astype(np.int64), table.counts[seen].astype(np.int64)
    kept = settings.iterations // settings.thinning
    steps = np.array([WARM_UP, settings.burn_in, kept, settings.thinning, MAX_UNSEEN_FACTOR], dtype=np.int64)
    prior = np.array([A_ALPHA, B_ALPHA, 0.3 / settings.classes])
    draws = np.empty((settings.chains, kept), dtype=np.int64)
    for chain, stream in enumerate(np.random.SeedSequence(settings.seed).spawn(settings.chains)):
        rng = np.random.default_rng(stream)
        start = np.clip(rng.beta(1.0, 1.0, size=(table.n_lists, settings.classes)), 1e-12, 1 - 1e-12)
        draws[chain] = run_chain(rng, x, counts, start, steps, prior)
    return LcmcrResult(table, settings, draws)


def split_rhat(draws: FloatArray) -> float:
    """Rank-normalised split R-hat (Vehtari et al. 2021): the larger of the split R-hat of the draws' normal
    scores and that of the normal scores of their distance from the median (the folded variant, which sees
    chains that agree in the middle but not in spread)."""
    folded = np.abs(draws - np.median(draws))
    return max(_split_rhat(_normal_scores(draws)), _split_rhat(_normal_scores(folded)))


def _normal_scores(draws: FloatArray) -> FloatArray:
    """Each draw replaced by the normal quantile of its rank over all chains (ties share their mean rank)."""
    from scipy.stats import rankdata  # imported here: scipy.stats takes half a second, and only LCMCR needs it

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
