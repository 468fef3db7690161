"""One chain of LCMCR's Gibbs sampler, compiled to machine code by numba.

Kept apart from lcmcr.py so that numba is imported (and the sampler compiled, once, then read from numba's
cache) only when the latent class model is asked for. The steps are those of LCMCR 0.4.14's
NPLCM_CR_Basic_Freq::Update, in its order, on counts per combination and class (never per person): each
observed combination's people shared among the classes (multinomial, as conditional binomials; a single
person by one uniform draw), each class's list probabilities (Beta(1, 1) prior, as two log-gamma draws),
the stick-breaking weights, the probability of being on no list, the number on no list (negative binomial,
redrawn while above 20 times the people observed), their classes, and the concentration. A compiled loop
avoids what costs most in numpy here: a few microseconds of Python for each of the tens of small array
operations of every iteration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Function = TypeVar("Function", bound=Callable[..., object])
compiled = cast(Callable[[Function], Function], numba.njit(cache=True, nogil=True, error_model="numpy"))


@compiled
def run_chain(
    rng: np.random.Generator,
    x: IntArray,
    counts: IntArray,
    start: FloatArray,
    steps: IntArray,
    prior: FloatArray,
) -> IntArray:
    """The total population every `thinning` iterations after the warm-up and burn-in.

    x: combinations x lists (0/1), counts: people per combination, start: lists x classes, the list
    probabilities to start from; steps: warm-up, burn-in, draws kept, thinning, the cap on the number on no
    list as a multiple of the observed; prior: a_alpha, b_alpha, and the start of the concentration."""
    warm_up, burn_in, kept, thinning, cap = steps[0], steps[1], steps[2], steps[3], steps[4]
    lists, classes = start.shape
    n = counts.sum()
    log_lambda = np.empty((2, lists, classes))  # [0]: log P(not on list | class), [1]: log P(on it | class)
    log_lambda[0], log_lambda[1] = np.log1p(-start), np.log(start)
    log_nu = _initial_weights(classes)
    alpha = prior[2]
    unseen, unseen_classes = 0, np.zeros(classes, dtype=np.int64)
    on, sizes = np.zeros((lists, classes), dtype=np.int64), np.zeros(classes, dtype=np.int64)
    draws = np.empty(kept, dtype=np.int64)
    for iteration in range(warm_up + burn_in + kept * thinning):
        if iteration == warm_up:
            _order_classes(log_nu, log_lambda, unseen_classes)
        _sample_classes(rng, x, counts, log_lambda, log_nu, on, sizes)
        sizes += unseen_classes
        _sample_lambda(rng, on, sizes, log_lambda)
        _sample_weights(rng, sizes, n + unseen, alpha, log_nu)
        log_unseen = log_nu + log_lambda[0].sum(axis=0)
        unseen = _sample_unseen(rng, n, np.exp(log_unseen).sum(), cap)
        _normalise(log_unseen)
        _multinomial(rng, unseen, log_unseen, unseen_classes)
        if iteration >= warm_up:  # the warm-up holds the concentration fixed (LCMCR's Initializes)
            alpha = rng.standard_gamma(prior[0] + classes - 1) / (prior[1] - log_nu[-1])
        done = iteration - warm_up - burn_in + 1
        if done > 0 and done % thinning == 0:
            draws[done // thinning - 1] = n + unseen
    return draws


@compiled
def _sample_classes(
    rng: np.random.Generator,
    x: IntArray,
    counts: IntArray,
    log_lambda: FloatArray,
    log_nu: FloatArray,
    on: IntArray,
    sizes: IntArray,
) -> None:
    """Share each combination's people among the classes; tally people on each list and in each class."""
    on[:] = 0
    sizes[:] = 0
    lists, classes = on.shape
    shares, p = np.empty(classes, dtype=np.int64), np.empty(classes)
    for row in range(len(counts)):
        p[:] = log_nu
        for j in range(lists):
            p += log_lambda[x[row, j], j]
        _normalise(p)
        _multinomial(rng, counts[row], p, shares)
        sizes += shares
        for j in range(lists):
            if x[row, j]:
                on[j] += shares


@compiled
def _sample_lambda(rng: np.random.Generator, on: IntArray, sizes: IntArray, log_lambda: FloatArray) -> None:
    """Each class's probability of being on each list: Beta(1 + on, 1 + off), from two log-gamma draws."""
    lists, classes = on.shape
    for j in range(lists):
        for k in range(classes):
            log_a = _log_gamma(rng, 1.0 + on[j, k])
            log_b = _log_gamma(rng, 1.0 + sizes[k] - on[j, k])
            log_sum = _log_add(log_a, log_b)
            log_lambda[1, j, k], log_lambda[0, j, k] = log_a - log_sum, log_b - log_sum


@compiled
def _sample_weights(rng: np.random.Generator, sizes: IntArray, total: int, alpha: float, log_nu: FloatArray) -> None:
    """Stick-breaking weights given the class sizes (the last stick takes what is left)."""
    before, log_rest = 0, 0.0
    for k in range(len(sizes) - 1):
        before += sizes[k]
        log_a = _log_gamma(rng, 1.0 + sizes[k])
        log_b = _log_gamma(rng, alpha + total - before)
        log_sum = _log_add(log_a, log_b)
        log_nu[k] = log_a - log_sum + log_rest
        log_rest += log_b - log_sum
    log_nu[-1] = log_rest


@compiled
def _sample_unseen(rng: np.random.Generator, n: int, probability_unseen: float, cap: int) -> int:
    """The number on no list, negative binomial, redrawn while above `cap` times the people observed (LCMCR)."""
    while True:
        unseen = int(rng.negative_binomial(n, 1.0 - probability_unseen))
        if unseen <= cap * n:
            return unseen


@compiled
def _log_add(log_a: float, log_b: float) -> float:
    """log(exp(a) + exp(b)) without overflow (a scalar np.logaddexp, which numba calls as an array function)."""
    if log_a < log_b:
        log_a, log_b = log_b, log_a
    if log_b == -np.inf:
        return log_a
    return float(log_a + np.log1p(np.exp(log_b - log_a)))


@compiled
def _multinomial(rng: np.random.Generator, count: int, p: FloatArray, out: IntArray) -> None:
    """`count` people shared among the categories of `p` (summing to 1): one uniform for one person,
    otherwise conditional binomials."""
    out[:] = 0
    if count == 1:
        u, k = rng.random(), 0
        while k < len(p) - 1 and u >= p[k]:
            u -= p[k]
            k += 1
        out[k] = 1
        return
    left, mass = count, 1.0
    for k in range(len(p) - 1):
        if left == 0:
            return
        share = min(max(p[k] / mass, 0.0), 1.0) if mass > 0 else 1.0
        out[k] = rng.binomial(left, share)
        left -= out[k]
        mass -= p[k]
    out[-1] = left


@compiled
def _log_gamma(rng: np.random.Generator, shape: float) -> float:
    """log of a Gamma(shape) draw, exact for tiny shapes too: Gamma(a) = Gamma(a + 1) U^(1/a) (the draw itself
    underflows to 0 when a is near 0, as the concentration of an empty tail of classes can be)."""
    if shape >= 1.0:
        return float(np.log(rng.standard_gamma(shape)))
    return float(np.log(rng.standard_gamma(shape + 1.0)) + np.log(rng.random()) / shape)


@compiled
def _normalise(log_p: FloatArray) -> None:
    """Probabilities in place of their logarithms (up to a constant)."""
    log_p -= log_p.max()
    np.exp(log_p, log_p)
    log_p /= log_p.sum()


@compiled
def _initial_weights(classes: int) -> FloatArray:
    """LCMCR's start: 90% of the weight over the first four classes."""
    first = min(4, classes)
    nu = np.full(classes, 0.1 / max(classes - first, 1))
    nu[:first] = 0.9 / first
    log_nu: FloatArray = np.log(nu / nu.sum())
    return log_nu


@compiled
def _order_classes(log_nu: FloatArray, log_lambda: FloatArray, unseen_classes: IntArray) -> None:
    """Classes by decreasing weight, as LCMCR orders them after its warm-up."""
    order = np.argsort(-log_nu, kind="mergesort")
    log_nu[:] = log_nu[order]
    unseen_classes[:] = unseen_classes[order]
    for side in range(2):
        for j in range(log_lambda.shape[1]):
            log_lambda[side, j] = log_lambda[side, j][order]
