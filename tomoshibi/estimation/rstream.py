"""R's random multinomial draws, reproduced exactly, so that bootstrap samples can match SparseMSE's.

SparseMSE draws its bootstrap replicates with `set.seed(iseed)` and then
`rmultinom(1, nobs, counts)` once per replicate. With the same seed, this
module yields the same samples, which lets the tests compare intervals
with the published ones without Monte Carlo noise. It follows R's sources:

* set.seed: the seed is scrambled by 50 steps of the congruential
  generator seed = 69069 seed + 1 (mod 2^32), and the next 625 values fill
  the Mersenne-Twister state (the first is the position, reset to 624);
* unif_rand: the tempered 32-bit output times 2.3283064365386963e-10,
  kept inside (0, 1);
* rbinom: Kachitvichyanukul & Schmeiser's BTPE algorithm for n p >= 30,
  otherwise inversion (src/nmath/rbinom.c);
* rmultinom: successive binomials on the remaining total, with the
  remaining probability kept in long double (src/nmath/rmultinom.c).

numpy's MT19937 runs the same recurrence and tempering as R's, so it
provides the raw 32-bit stream once its state is set.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

MULTIPLIER = 69069
MASK32 = 0xFFFFFFFF
TO_UNIT = 2.3283064365386963e-10
EDGE = 2.328306437080797e-10  # R's i2_32m1
BUFFER = 4096


class RStream:
    """R's default generator (Mersenne-Twister) as set.seed(seed) leaves it."""

    def __init__(self, seed: int) -> None:
        scrambled = seed & MASK32
        for _ in range(50):
            scrambled = (MULTIPLIER * scrambled + 1) & MASK32
        state = []
        for _ in range(625):
            scrambled = (MULTIPLIER * scrambled + 1) & MASK32
            state.append(scrambled)
        self._generator = np.random.MT19937()
        key = np.array(state[1:], dtype=np.uint32)
        self._generator.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}
        self._buffer: list[float] = []
        self._setups: dict[tuple[int, float], _Btpe] = {}

    def unif_rand(self) -> float:
        if not self._buffer:
            raw = self._generator.random_raw(BUFFER).astype(np.float64) * TO_UNIT
            self._buffer = np.clip(raw, 0.5 * EDGE, 1.0 - 0.5 * EDGE).tolist()[::-1]
        return self._buffer.pop()

    def rbinom(self, n: int, pp: float) -> int:
        if n == 0 or pp == 0.0:
            return 0
        if pp == 1.0:
            return n
        p = min(pp, 1.0 - pp)
        drawn = self._inversion(n, p) if n * p < 30.0 else self._btpe(n, p)
        return n - drawn if pp > 0.5 else drawn

    def rmultinom(self, size: int, prob: NDArray[np.float64]) -> list[int]:
        return self.rmultinom_conditional(size, conditional_probabilities(prob))

    def rmultinom_conditional(self, size: int, conditional: list[float | None]) -> list[int]:
        """rmultinom given conditional_probabilities(prob), which depend on prob only (so are worked out once
        for many draws)."""
        drawn = [0] * (len(conditional) + 1)
        remaining = size
        for k, pp in enumerate(conditional):
            if pp is not None:
                drawn[k] = self.rbinom(remaining, pp) if pp < 1.0 else remaining
                remaining -= drawn[k]
            if remaining <= 0:
                return drawn
        drawn[-1] = remaining
        return drawn

    def _inversion(self, n: int, p: float) -> int:
        q = 1.0 - p
        r = p / q
        g = r * (n + 1)
        qn = _pow_di(q, n)
        while True:
            ix, f = 0, qn
            u = self.unif_rand()
            while True:
                if u < f:
                    return ix
                if ix > 110:
                    break
                u -= f
                ix += 1
                f *= g / ix - r

    def _btpe(self, n: int, p: float) -> int:
        setup = self._setups.get((n, p))
        if setup is None:  # the same n and p recur draw after draw (the first category's always): set up once
            setup = self._setups[(n, p)] = _Btpe(n, p)
        return setup.draw(self)


class _Btpe:
    """The set-up and rejection loop of rbinom for n p >= 30, transcribed from R."""

    def __init__(self, n: int, p: float) -> None:
        self.n, self.p = n, p
        self.q = q = 1.0 - p
        self.r = p / q
        self.g = self.r * (n + 1)
        np_ = n * p
        ffm = np_ + p
        self.m = m = int(ffm)
        self.fm = float(m)
        self.npq = np_ * q
        self.p1 = int(2.195 * math.sqrt(self.npq) - 4.6 * q) + 0.5
        self.xm = self.fm + 0.5
        self.xl = self.xm - self.p1
        self.xr = self.xm + self.p1
        self.c = 0.134 + 20.5 / (15.3 + self.fm)
        al = (ffm - self.xl) / (ffm - self.xl * p)
        self.xll = al * (1.0 + 0.5 * al)
        al = (self.xr - ffm) / (self.xr * q)
        self.xlr = al * (1.0 + 0.5 * al)
        self.p2 = self.p1 * (1.0 + self.c + self.c)
        self.p3 = self.p2 + self.c / self.xll
        self.p4 = self.p3 + self.c / self.xlr

    def draw(self, stream: RStream) -> int:
        while True:
            u = stream.unif_rand() * self.p4
            v = stream.unif_rand()
            if u <= self.p1:
                return int(self.xm - self.p1 * v + u)
            candidate = self._candidate(u, v)
            if candidate is not None and self._accept(*candidate):
                return candidate[0]

    def _candidate(self, u: float, v: float) -> tuple[int, float] | None:
        if u <= self.p2:
            x = self.xl + (u - self.p1) / self.c
            v = v * self.c + 1.0 - abs(self.xm - x) / self.p1
            if v > 1.0 or v <= 0.0:
                return None
            return int(x), v
        if u > self.p3:
            ix = int(self.xr - math.log(v) / self.xlr)
            return None if ix > self.n else (ix, v * (u - self.p3) * self.xlr)
        ix = int(self.xl + math.log(v) / self.xll)
        return None if ix < 0 else (ix, v * (u - self.p2) * self.xll)

    def _accept(self, ix: int, v: float) -> bool:
        k = abs(ix - self.m)
        if k <= 20 or k >= self.npq / 2 - 1:
            f = 1.0
            if self.m < ix:
                for i in range(self.m + 1, ix + 1):
                    f *= self.g / i - self.r
            elif self.m != ix:
                for i in range(ix + 1, self.m + 1):
                    f /= self.g / i - self.r
            return v <= f
        amaxp = (k / self.npq) * ((k * (k / 3.0 + 0.625) + 0.1666666666666) / self.npq + 0.5)
        ynorm = -k * k / (2.0 * self.npq)
        alv = math.log(v)
        if alv < ynorm - amaxp:
            return True
        if alv > ynorm + amaxp:
            return False
        return alv <= self._stirling_bound(ix)

    def _stirling_bound(self, ix: int) -> float:
        n, m, p, q = self.n, self.m, self.p, self.q
        x1 = ix + 1.0
        f1 = self.fm + 1.0
        z = n + 1.0 - self.fm
        w = n - ix + 1.0
        bound = self.xm * math.log(f1 / x1) + (n - m + 0.5) * math.log(z / w) + (ix - m) * math.log(w * p / (x1 * q))
        for value in (f1, z, x1, w):  # added one by one, in R's order, to round as R does
            bound += _stirling_term(value)
        return bound


def conditional_probabilities(prob: NDArray[np.float64]) -> list[float | None]:
    """rmultinom's binomial probability for each category but the last, given those before it: its probability
    over the probability remaining, that sum kept in long double as R does; None for a category of probability 0."""
    remaining_probability = np.longdouble(0.0)
    for value in prob:  # summed in order, in long double, as R does
        remaining_probability += np.longdouble(value)
    conditional: list[float | None] = []
    for value in prob[:-1]:
        conditional.append(float(np.longdouble(value) / remaining_probability) if value else None)
        remaining_probability -= np.longdouble(value)
    return conditional


def _stirling_term(value: float) -> float:
    square = value * value
    return (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / square) / square) / square) / square) / value / 166320.0


def _pow_di(x: float, n: int) -> float:
    """R_pow_di: x**n by repeated squaring, rounding as R does."""
    result = 1.0
    while True:
        if n & 1:
            result *= x
        n >>= 1
        if not n:
            return result
        x *= x


def r_multinomial_samples(counts: NDArray[np.int64], size: int, seed: int) -> NDArray[np.int64]:
    """What `set.seed(seed); for (j in 1:size) rmultinom(1, sum(counts), counts)` draws, one row per replicate."""
    stream = RStream(seed)
    conditional = conditional_probabilities(counts / float(counts.sum()))
    total = int(counts.sum())
    return np.array([stream.rmultinom_conditional(total, conditional) for _ in range(size)], dtype=np.int64)
