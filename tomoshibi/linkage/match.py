"""Finding the same person across lists from their encodings alone, and counting the overlaps.

1. **Blocking** (locality-sensitive hashing for the Hamming distance): each of ``bands`` bands samples
   ``band_bits`` fixed bit positions; two filters become candidates when they agree on every sampled bit
   of at least one band. Filters of the same person differ in few bits, so they collide in some band
   with high probability; unrelated filters almost never do. With the defaults, pairs at Dice 0.8 are
   candidates with probability above 0.99 and unrelated pairs about once in ten thousand
   (``bench/linkage.py`` measures the recall against comparing every pair).
2. **Dice similarity** 2|A∩B| / (|A| + |B|) of each candidate pair, on 64-bit words with numpy's
   population count, and a threshold.
3. **One-to-one assignment across any number of lists**, greedily: all pairs above the threshold, between
   every two lists, in descending similarity (ties in list and row order), join two groups unless the
   joined group would hold two records of one list. This is the greedy solver anonlink uses; it is not an
   optimal assignment, but with a sensible threshold the best pair of each person comes first.
4. **Within-list duplicates** (two records of one list above the threshold) are reported, not merged:
   the organisation checks and corrects its list.
5. **The capture table**: one 0/1 column per list and a ``count`` column, one row per observed pattern.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DEFAULT_THRESHOLD = 0.8
DEFAULT_BANDS = 48
DEFAULT_BAND_BITS = 16
CHUNK_PAIRS = 1 << 18

Filters = NDArray[np.uint64]
Pairs = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]


class EncodingError(ValueError):
    """Encodings that cannot be compared (not base64, or of different lengths)."""


def filters_from_base64(clks: Sequence[str], source: str = "<data>") -> Filters:
    """The filters as rows of 64-bit words (every filter must have the same whole number of words)."""
    try:
        raw = [base64.b64decode(clk, validate=True) for clk in clks]
    except (ValueError, TypeError):
        raise EncodingError(f"{source}: an encoding is not base64") from None
    lengths = {len(item) for item in raw}
    if len(lengths) > 1 or (lengths and next(iter(lengths)) % 8):
        raise EncodingError(f"{source}: the encodings differ in length or are not whole 64-bit words")
    width = next(iter(lengths), 8) // 8
    return np.frombuffer(b"".join(raw), dtype=">u8").astype(np.uint64).reshape(len(raw), width)


def popcounts(filters: Filters) -> NDArray[np.int64]:
    counts: NDArray[np.int64] = np.bitwise_count(filters).sum(axis=1, dtype=np.int64)
    return counts


def dice(
    left: Filters, right: Filters, rows_left: NDArray[np.int64], rows_right: NDArray[np.int64]
) -> NDArray[np.float64]:
    """Dice similarity of the pairs (rows_left[i], rows_right[i]), in chunks that keep memory small."""
    totals = popcounts(left)[rows_left] + popcounts(right)[rows_right]
    common = np.empty(rows_left.size, dtype=np.int64)
    for start in range(0, rows_left.size, CHUNK_PAIRS):
        part = slice(start, start + CHUNK_PAIRS)
        both = left[rows_left[part]] & right[rows_right[part]]
        common[part] = np.bitwise_count(both).sum(axis=1, dtype=np.int64)
    similarity: NDArray[np.float64] = np.divide(2.0 * common, totals, out=np.zeros(common.size), where=totals > 0)
    return similarity


@dataclass(frozen=True)
class Blocking:
    bands: int = DEFAULT_BANDS
    band_bits: int = DEFAULT_BAND_BITS
    seed: int = 20_260_101  # fixed: every party's filters must be cut the same way

    def positions(self, length: int) -> NDArray[np.int64]:
        """The sampled bit positions, one row per band (no position twice within a band)."""
        generator = np.random.default_rng(self.seed)
        rows = [generator.choice(length, size=self.band_bits, replace=False) for _ in range(self.bands)]
        return np.array(rows, dtype=np.int64)

    def keys(self, filters: Filters) -> NDArray[np.int64]:
        """Each filter's key in each band: its sampled bits read as one integer (rows: bands)."""
        bits = np.unpackbits(filters.astype(">u8").view(np.uint8).reshape(filters.shape[0], -1), axis=1)
        weights = np.left_shift(np.int64(1), np.arange(self.band_bits, dtype=np.int64))
        sampled = bits[:, self.positions(bits.shape[1])]  # (filters, bands, band_bits)
        keys: NDArray[np.int64] = (sampled.astype(np.int64) @ weights).T
        return keys

    def candidates(self, left: Filters, right: Filters, same_list: bool = False) -> tuple[NDArray[np.int64], ...]:
        """Pairs of rows that share a key in some band (for one list: each unordered pair once)."""
        codes = [
            _equal_keys(left_keys, right_keys)
            for left_keys, right_keys in zip(self.keys(left), self.keys(right), strict=True)
        ]
        rows_left, rows_right = _unique_pairs(codes, right.shape[0])
        if same_list:
            keep = rows_left < rows_right
            rows_left, rows_right = rows_left[keep], rows_right[keep]
        return rows_left, rows_right


def _equal_keys(left: NDArray[np.int64], right: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every (i, j) with left[i] == right[j], by sorting one side and searching the other."""
    order = np.argsort(left, kind="stable")
    ordered = left[order]
    starts = np.searchsorted(ordered, right, side="left")
    ends = np.searchsorted(ordered, right, side="right")
    sizes = ends - starts
    rows_right = np.repeat(np.arange(right.size, dtype=np.int64), sizes)
    offsets = np.arange(rows_right.size, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    rows_left = order[np.repeat(starts, sizes) + offsets].astype(np.int64)
    return rows_left, rows_right


def _unique_pairs(
    pairs: list[tuple[NDArray[np.int64], NDArray[np.int64]]], width: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    if not pairs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = np.concatenate([left * width + right for left, right in pairs])
    codes.sort(kind="stable")  # sort and drop repeats: several times faster than np.unique here
    codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if codes.size else codes
    return codes // max(width, 1), codes % max(width, 1)


def similar_pairs(
    left: Filters, right: Filters, threshold: float, blocking: Blocking | None = None, same_list: bool = False
) -> Pairs:
    """Pairs at or above the threshold: blocked candidates, or every pair when blocking is None."""
    if blocking is None:
        rows_left, rows_right = _every_pair(left.shape[0], right.shape[0], same_list)
    else:
        rows_left, rows_right = blocking.candidates(left, right, same_list)
    scores = dice(left, right, rows_left, rows_right)
    keep = scores >= threshold
    return rows_left[keep], rows_right[keep], scores[keep]


def _every_pair(left: int, right: int, same_list: bool) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    rows_left, rows_right = (grid.ravel() for grid in np.meshgrid(np.arange(left), np.arange(right), indexing="ij"))
    if same_list:
        keep = rows_left < rows_right
        return rows_left[keep], rows_right[keep]
    return rows_left, rows_right


@dataclass(frozen=True)
class Linkage:
    lists: tuple[str, ...]
    groups: tuple[tuple[tuple[int, int], ...], ...]  # each person: (list, row) of their records
    duplicates: tuple[tuple[int, int, int, float], ...]  # (list, row, row, similarity) within one list

    def capture_rows(self) -> list[tuple[tuple[int, ...], int]]:
        """(pattern, count) for every observed pattern, most lists first, then in list order."""
        patterns = Counter(_pattern(group, len(self.lists)) for group in self.groups)
        return sorted(patterns.items(), key=lambda item: (-sum(item[0]), tuple(-flag for flag in item[0])))


def _pattern(group: tuple[tuple[int, int], ...], list_count: int) -> tuple[int, ...]:
    present = {list_index for list_index, _ in group}
    return tuple(int(index in present) for index in range(list_count))


def link(
    lists: Sequence[tuple[str, Filters]], threshold: float = DEFAULT_THRESHOLD, blocking: Blocking | None = None
) -> Linkage:
    """Link every record of every list one-to-one (see the module's description of the greedy rule)."""
    offsets = np.cumsum([0, *(filters.shape[0] for _, filters in lists)])
    edges: list[tuple[float, int, int]] = []
    duplicates: list[tuple[int, int, int, float]] = []
    for first, (_, left) in enumerate(lists):
        rows_left, rows_right, scores = similar_pairs(left, left, threshold, blocking, same_list=True)
        duplicates += [(first, int(a), int(b), float(s)) for a, b, s in zip(rows_left, rows_right, scores, strict=True)]
        for second in range(first + 1, len(lists)):
            rows_left, rows_right, scores = similar_pairs(left, lists[second][1], threshold, blocking)
            edges += zip(
                scores.tolist(),
                (rows_left + offsets[first]).tolist(),
                (rows_right + offsets[second]).tolist(),
                strict=False,
            )
    list_of = np.repeat(np.arange(len(lists)), np.diff(offsets))
    groups = _greedy_groups(edges, list_of)
    located = tuple(
        tuple((int(list_of[node]), int(node - offsets[list_of[node]])) for node in group) for group in groups
    )
    return Linkage(tuple(name for name, _ in lists), located, tuple(sorted(duplicates)))


def _greedy_groups(edges: list[tuple[float, int, int]], list_of: NDArray[np.int64]) -> list[list[int]]:
    parent = list(range(list_of.size))
    masks = [1 << int(index) for index in list_of]

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for _, left, right in sorted(edges, key=lambda edge: (-edge[0], edge[1], edge[2])):
        a, b = root(left), root(right)
        if a != b and not masks[a] & masks[b]:
            parent[b] = a
            masks[a] |= masks[b]
    members: dict[int, list[int]] = {}
    for node in range(list_of.size):
        members.setdefault(root(node), []).append(node)
    return list(members.values())
