"""Finding the same person across lists from their encodings alone, and counting the overlaps.

1. **Blocking** (locality-sensitive hashing for the Hamming distance): each of ``bands`` bands samples
   ``band_bits`` fixed bit positions; two filters become candidates when they agree on every sampled bit
   of at least one band. Filters of the same person differ in few bits, so they collide in some band
   with high probability; unrelated filters rarely do. With the defaults (128 bands of 17 bits) blocking
   keeps 0.999 of the pairs at Dice 0.8 or more that comparing every pair finds (``bench/linkage.py``
   measures it against anonlink's exhaustive search).
2. **Dice similarity** 2|A∩B| / (|A| + |B|) of each pair in a shared bucket, in a compiled loop
   (``kernel.py``) on 64-bit words, skipped when the bit counts alone rule the threshold out (Dice is at
   most 2 min(|A|, |B|) / (|A| + |B|)); a pair is kept once, in the first band where it collides.
3. **Containment between lists**: a pair under the threshold is kept when its Dice is at least 0.65 and
   96% of the smaller filter's bits are in the larger (a record without a date against its dated record:
   see ``Containment``).
4. **Short filters** (fewer bits than 3/4 of the median filter's: a field, usually the date, is missing) are
   compared with every filter of the other lists, since blocking often fails to bring a short filter and its
   person's complete one together; and two short filters need Dice halfway from the threshold to 1, since
   without the date the name alone must settle it.
5. **One-to-one assignment across any number of lists**, greedily: all pairs above the threshold, between
   every two lists, in descending similarity (ties in list and row order), join two groups unless the
   joined group would hold two records of one list. This is the greedy solver anonlink uses; it is not an
   optimal assignment, but with a sensible threshold the best pair of each person comes first.
6. **Within-list duplicates** (two records of one list above the threshold) are reported, not merged:
   the organisation checks and corrects its list.
7. **The capture table**: one 0/1 column per list and a ``count`` column, one row per observed pattern.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DEFAULT_THRESHOLD = 0.8
DEFAULT_BANDS = 128
DEFAULT_BAND_BITS = 17
CHUNK_PAIRS = 1 << 16

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
    """Dice similarity of the pairs (rows_left[i], rows_right[i]), in chunks that stay in the processor's cache
    (several times faster than chunks that spill to memory)."""
    totals = popcounts(left)[rows_left] + popcounts(right)[rows_right]
    common = np.empty(rows_left.size, dtype=np.int64)
    for start in range(0, rows_left.size, CHUNK_PAIRS):
        part = slice(start, start + CHUNK_PAIRS)
        both = np.take(left, rows_left[part], axis=0) & np.take(right, rows_right[part], axis=0)
        common[part] = np.bitwise_count(both).sum(axis=1, dtype=np.int32)
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
        from tomoshibi.linkage.kernel import band_keys  # numba only when lists are matched

        return band_keys(np.ascontiguousarray(filters), self.positions(filters.shape[1] * 64))


@dataclass(frozen=True)
class Containment:
    """Keeps a pair below the threshold when the smaller filter's bits lie almost wholly within the larger's.

    A Bloom filter cannot say that a field was blank, so a record with no date of birth differs from its own
    person's dated record by every date bit, as much as from someone else's: Dice falls to about 0.7. Its
    bits, though, are nearly all among the dated record's, which a different name or date would not be.
    """

    share: float = 0.96  # |A∩B| / min(|A|, |B|)
    floor: float = 0.65  # and Dice at least this
    short: float | None = 0.75  # a filter with fewer bits than this share of the median lacks a field (a date,
    # say): two short filters need Dice halfway from the threshold to 1, and short filters are compared with
    # every filter of the other list, not only those blocking brings; None: neither


DEFAULT_CONTAINMENT = Containment()
ONE_BUCKET = Blocking(bands=1, band_bits=0)  # no bit sampled: every pair meets, in the compiled loop


def similar_pairs(
    left: Filters,
    right: Filters,
    threshold: float,
    blocking: Blocking | None = None,
    same_list: bool = False,
    containment: Containment | None = None,
) -> Pairs:
    """Pairs at or above the threshold (or kept by the containment rule): blocked candidates, or every pair
    when blocking is None.

    Both come in (left, right) row order. Blocked pairs are compared by the compiled loop of kernel.py as
    their buckets are met, so the millions of colliding pairs are never written out."""
    floor = min(threshold, containment.floor) if containment else threshold
    share = containment.share if containment else 2.0  # above any share: the rule never applies
    if blocking is None:
        rows_left, rows_right = _every_pair(left.shape[0], right.shape[0], same_list)
        rows_left, rows_right = _within_popcount_bound(left, right, rows_left, rows_right, floor)
        scores = dice(left, right, rows_left, rows_right)
        smaller = np.minimum(popcounts(left)[rows_left], popcounts(right)[rows_right])
        common = np.rint(scores * (popcounts(left)[rows_left] + popcounts(right)[rows_right]) / 2)
        keep = (scores >= threshold) | ((scores >= floor) & (common >= share * smaller))
        return rows_left[keep], rows_right[keep], scores[keep]
    from tomoshibi.linkage.kernel import close_pairs  # numba only when lists are matched

    keys_left = blocking.keys(left)
    keys_right = keys_left if same_list else blocking.keys(right)
    orders_left = np.argsort(keys_left, axis=1)
    orders_right = orders_left if same_list else np.argsort(keys_right, axis=1)
    found = close_pairs(
        left, right, keys_left, keys_right, orders_left, orders_right, threshold, floor, share, same_list
    )
    rows_left, rows_right, scores = found
    order = np.lexsort((rows_right, rows_left))
    return rows_left[order], rows_right[order], scores[order]


def _within_popcount_bound(
    left: Filters, right: Filters, rows_left: NDArray[np.int64], rows_right: NDArray[np.int64], threshold: float
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The pairs whose Dice can reach the threshold: it is at most 2 min(|a|, |b|) / (|a| + |b|), known from the
    bit counts alone, so a fifth of the candidates go without touching their filters."""
    counts_left, counts_right = popcounts(left)[rows_left], popcounts(right)[rows_right]
    totals = counts_left + counts_right
    bound = np.divide(2.0 * np.minimum(counts_left, counts_right), totals, out=np.zeros(totals.size), where=totals > 0)
    keep = bound >= threshold  # the same arithmetic as dice(), so no pair at the threshold is lost to rounding
    return rows_left[keep], rows_right[keep]


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
    lists: Sequence[tuple[str, Filters]],
    threshold: float = DEFAULT_THRESHOLD,
    blocking: Blocking | None = None,
    containment: Containment | None = DEFAULT_CONTAINMENT,
) -> Linkage:
    """Link every record of every list one-to-one (see the module's description of the greedy rule).

    The containment rule, when given, applies between lists only: duplicates within a list are reported on
    Dice alone, so that an organisation is not asked to check every namesake without a date. The stricter Dice
    for two short filters (``Containment.short``) applies to both."""
    offsets = np.cumsum([0, *(filters.shape[0] for _, filters in lists)]).tolist()
    nodes = Nodes(np.repeat(np.arange(len(lists)), np.diff(offsets)), np.concatenate([popcounts(f) for _, f in lists]))
    within, edges = _pairs_as_edges(lists, offsets, nodes, Matching(threshold, blocking, containment))
    if containment and containment.short:
        within = _calibrated(within, nodes, threshold, containment.short)
        edges = _calibrated(edges, nodes, threshold, containment.short)
    groups = _greedy_groups(edges, nodes.list_of)
    return Linkage(
        tuple(name for name, _ in lists),
        tuple(tuple(nodes.located(node, offsets) for node in group) for group in groups),
        tuple(sorted((*nodes.located(a, offsets), b - offsets[nodes.list_of[a]], s) for s, a, b in within)),
    )


Edge = tuple[float, int, int]  # (similarity, node, node); nodes number the records of all lists in turn


@dataclass(frozen=True)
class Nodes:
    list_of: NDArray[np.int64]  # each record's list
    counts: NDArray[np.int64]  # each record's bits set

    def is_short(self, share: float) -> NDArray[np.bool_]:
        """Whether each filter has fewer bits than the share of the median (a field missing: see ``Containment``)."""
        short: NDArray[np.bool_] = self.counts < share * np.median(self.counts)
        return short

    def short(self, share: float, offsets: list[int], list_index: int) -> NDArray[np.int64]:
        """The rows of one list whose filters are short."""
        rows: NDArray[np.int64] = np.flatnonzero(self.is_short(share)[offsets[list_index] : offsets[list_index + 1]])
        return rows

    def located(self, node: int, offsets: list[int]) -> tuple[int, int]:
        """(list, row) of a node."""
        list_index = int(self.list_of[node])
        return list_index, node - offsets[list_index]


@dataclass(frozen=True)
class Matching:
    threshold: float
    blocking: Blocking | None
    containment: Containment | None


def _pairs_as_edges(
    lists: Sequence[tuple[str, Filters]], offsets: list[int], nodes: Nodes, matching: Matching
) -> tuple[list[Edge], list[Edge]]:
    """The kept pairs of records of one list (on Dice alone) and of two lists, as edges between nodes."""
    threshold, blocking, containment = matching.threshold, matching.blocking, matching.containment
    within: list[Edge] = []
    edges: list[Edge] = []
    for first, (_, left) in enumerate(lists):
        within += _edges(similar_pairs(left, left, threshold, blocking, same_list=True), offsets[first], offsets[first])
        for second in range(first + 1, len(lists)):
            found = similar_pairs(left, lists[second][1], threshold, blocking, containment=containment)
            if containment and containment.short and blocking:
                shorts = (
                    nodes.short(containment.short, offsets, first),
                    nodes.short(containment.short, offsets, second),
                )
                found = _with_short_rows_in_full(found, (left, lists[second][1]), shorts, threshold, containment)
            edges += _edges(found, offsets[first], offsets[second])
    return within, edges


def _edges(pairs: Pairs, offset_left: int, offset_right: int) -> list[Edge]:
    rows_left, rows_right, scores = pairs
    return list(
        zip(scores.tolist(), (rows_left + offset_left).tolist(), (rows_right + offset_right).tolist(), strict=True)
    )


def _with_short_rows_in_full(
    found: Pairs,
    filters: tuple[Filters, Filters],
    shorts: tuple[NDArray[np.int64], NDArray[np.int64]],
    threshold: float,
    containment: Containment,
) -> Pairs:
    """The blocked pairs and every pair of a short filter (a field missing) with any filter of the other list.

    Blocking is made for pairs near the threshold; a short filter and its person's complete one differ by a
    whole field's bits and agree on all the sampled bits of few bands. Short filters are few, and are compared
    with every filter of the other list, by the compiled loop with every filter in one bucket."""
    left, right = filters
    rows_left, rows_right, scores = similar_pairs(
        left[shorts[0]], right, threshold, ONE_BUCKET, containment=containment
    )
    parts = [found, (shorts[0][rows_left], rows_right, scores)]
    rows_left, rows_right, scores = similar_pairs(
        left, right[shorts[1]], threshold, ONE_BUCKET, containment=containment
    )
    parts.append((rows_left, shorts[1][rows_right], scores))
    rows_left, rows_right, scores = (np.concatenate(column) for column in zip(*parts, strict=True))
    _, first = np.unique(rows_left * right.shape[0] + rows_right, return_index=True)
    return rows_left[first], rows_right[first], scores[first]


def _calibrated(edges: list[Edge], nodes: Nodes, threshold: float, short: float) -> list[Edge]:
    """The edges less those between two short filters below the Dice such a pair needs, halfway from the
    threshold to 1. Without the date, two records are compared on the name alone, and names that differ in one
    word of three (Nguyen Thanh Lan, Nguyen Thanh Ha) still reach Dice 0.8: what the date would have confirmed
    or refuted, the name must nearly settle alone."""
    is_short, stricter = nodes.is_short(short), (1 + threshold) / 2
    return [edge for edge in edges if edge[0] >= stricter or not (is_short[edge[1]] and is_short[edge[2]])]


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
