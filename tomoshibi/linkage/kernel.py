"""The inner loop of blocked matching, compiled to machine code by numba.

Blocking lets two filters meet when they share a key in some band; in numpy every such meeting had to be
written out as a pair of row numbers (millions of them, most repeated across bands) before any Dice could
be computed, and that bookkeeping cost more than the comparisons. Here each band's rows are walked in key
order, every pair in a shared bucket is compared at once (Dice from the bit counts and the 64-bit words'
population counts, skipped when the bit counts alone rule the threshold out), and a pair kept in one band
is not kept again in a later one: it is kept only in the first band where it collides.

Kept apart from match.py so that numba is imported (and the loop compiled, once, then read from numba's
cache) only when lists are matched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numba.extending import intrinsic
from numpy.typing import NDArray

Function = TypeVar("Function", bound=Callable[..., object])
compiled = cast(Callable[[Function], Function], numba.njit(cache=True, nogil=True))


def _ctpop(typing_context: Any, word: Any) -> Any:
    """Bits set in a 64-bit word: LLVM's ctpop, one instruction on processors that have popcnt."""
    signature = numba.types.uint64(numba.types.uint64)

    def generate(context: Any, builder: Any, signature: Any, arguments: Any) -> Any:
        return builder.ctpop(arguments[0])

    return signature, generate


_popcount = cast(Callable[[np.uint64], np.uint64], intrinsic(_ctpop))


@compiled
def band_keys(filters: NDArray[np.uint64], positions: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each filter's key in each band (bands x filters): the band's sampled bits read as one integer, bit p
    of a filter being bit 63 - p % 64 of its word p // 64 (the first bit is the most significant)."""
    keys = np.zeros((positions.shape[0], filters.shape[0]), dtype=np.int64)
    for row in range(filters.shape[0]):
        for band in range(positions.shape[0]):
            key = 0
            for bit in range(positions.shape[1]):
                position = positions[band, bit]
                word = filters[row, position >> 6]
                key |= int((word >> np.uint64(63 - (position & 63))) & np.uint64(1)) << bit
            keys[band, row] = key
    return keys


@compiled
def close_pairs(
    left: NDArray[np.uint64],
    right: NDArray[np.uint64],
    keys_left: NDArray[np.int64],
    keys_right: NDArray[np.int64],
    orders_left: NDArray[np.int64],
    orders_right: NDArray[np.int64],
    threshold: float,
    floor: float,
    share: float,
    same_list: bool,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """Every pair that shares a key in some band and has Dice at or above the threshold, or at or above the
    floor with share of the smaller filter's bits in common, once (keys: bands x rows; orders: each band's
    rows sorted by key, as numpy's vectorised argsort gives them)."""
    counts_left = np.zeros(left.shape[0], dtype=np.int64)
    for row in range(left.shape[0]):
        for word in range(left.shape[1]):
            counts_left[row] += int(_popcount(left[row, word]))
    counts_right = np.zeros(right.shape[0], dtype=np.int64)
    for row in range(right.shape[0]):
        for word in range(right.shape[1]):
            counts_right[row] += int(_popcount(right[row, word]))
    capacity = 1024
    found_left = np.empty(capacity, dtype=np.int64)
    found_right = np.empty(capacity, dtype=np.int64)
    found_score = np.empty(capacity, dtype=np.float64)
    found = 0
    for band in range(keys_left.shape[0]):
        band_left, band_right = keys_left[band], keys_right[band]
        order_left, order_right = orders_left[band], orders_right[band]
        i, j = 0, 0
        while i < order_left.size and j < order_right.size:
            key = band_left[order_left[i]]
            other = band_right[order_right[j]]
            if key < other:
                i += 1
                continue
            if key > other:
                j += 1
                continue
            i_end, j_end = i, j
            while i_end < order_left.size and band_left[order_left[i_end]] == key:
                i_end += 1
            while j_end < order_right.size and band_right[order_right[j_end]] == key:
                j_end += 1
            for x in range(i, i_end):
                p = order_left[x]
                for y in range(j, j_end):
                    q = order_right[y]
                    if same_list and p >= q:
                        continue
                    total = counts_left[p] + counts_right[q]
                    smaller = min(counts_left[p], counts_right[q])
                    if total == 0 or 2.0 * smaller / total < floor:
                        continue
                    common = 0
                    for word in range(left.shape[1]):
                        common += int(_popcount(left[p, word] & right[q, word]))
                    score = 2.0 * common / total
                    if score < floor or (score < threshold and common < share * smaller):
                        continue
                    if _met_before(keys_left, keys_right, band, p, q):
                        continue
                    if found == capacity:
                        capacity *= 2
                        found_left = _grown(found_left, capacity)
                        found_right = _grown(found_right, capacity)
                        found_score = _grown_scores(found_score, capacity)
                    found_left[found], found_right[found], found_score[found] = p, q, score
                    found += 1
            i, j = i_end, j_end
    return found_left[:found].copy(), found_right[:found].copy(), found_score[:found].copy()


@compiled
def _met_before(keys_left: NDArray[np.int64], keys_right: NDArray[np.int64], band: int, p: int, q: int) -> bool:
    for earlier in range(band):  # noqa: SIM110 (a loop, not any(): numba compiles no generator expression)
        if keys_left[earlier, p] == keys_right[earlier, q]:
            return True
    return False


@compiled
def _grown(values: NDArray[np.int64], capacity: int) -> NDArray[np.int64]:
    grown = np.empty(capacity, dtype=np.int64)
    grown[: values.size] = values
    return grown


@compiled
def _grown_scores(values: NDArray[np.float64], capacity: int) -> NDArray[np.float64]:
    grown = np.empty(capacity, dtype=np.float64)
    grown[: values.size] = values
    return grown
