"""The figures docs/linkage.md quotes about the linkage of one benchmark run (`bench/linkage.py --diagnostics`).

Every pair of records of two lists is scored here (Dice and the share of the smaller filter's bits within the
larger), without blocking, so what blocking, the containment rule, the rules for short filters and the greedy
assignment each cost can be counted against the truth.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from linkage import (
    JAPANESE_FAMILY,
    JAPANESE_GIVEN,
    Lists,
    guessed_reading,
    linked,
    pairwise_quality,
    population_estimate,
)

from tomoshibi.linkage.match import DEFAULT_CONTAINMENT, Blocking, Containment, Linkage, popcounts, similar_pairs

ROWS_AT_ONCE = 64


@dataclass(frozen=True)
class AllPairs:
    """Every pair of records of two different lists with Dice of at least 0.5, as parallel arrays."""

    nodes: np.ndarray  # (pair, 2): (list, row) of each side, as list * 1_000_000 + row
    dice: np.ndarray
    share: np.ndarray  # common bits over the smaller filter's bits
    short: np.ndarray  # (pair, 2): whether each side's filter is short
    true: np.ndarray


def diagnose(lists: Lists, filters: list[np.ndarray], threshold: float, now: Linkage) -> None:
    print("diagnostics (the figures docs/linkage.md quotes; 'now' matching unless said):")
    readings(lists)
    pairs = all_pairs(lists, filters)
    counted_bands(pairs, threshold)
    blocking_misses(lists, filters, pairs, threshold)
    greedy_losses(pairs, now, threshold)
    sweeps(lists, filters, threshold)


def readings(lists: Lists) -> None:
    """How often a rarer Japanese name's own reading is the one the normaliser guesses from its kanji."""
    common = {"family": {n[0] for n in JAPANESE_FAMILY}, "given": {n[0] for n in JAPANESE_GIVEN}}
    agree: Counter[tuple[str, bool]] = Counter()
    for person in lists.people:
        if person.nationality != "jp":
            continue
        (kanji_family, kanji_given), _, (roman_family, roman_given) = person.writings
        for part, kanji, roman in (("family", kanji_family, roman_family), ("given", kanji_given, roman_given)):
            if kanji not in common[part]:
                agree[part, guessed_reading(kanji) == roman] += 1
    for part in ("family", "given"):
        total = agree[part, True] + agree[part, False]
        print(f"  rarer Japanese {part} names read as the normaliser guesses: {agree[part, True]} of {total}"
              f" ({agree[part, True] / max(total, 1):.0%})")  # fmt: skip


def all_pairs(lists: Lists, filters: list[np.ndarray]) -> AllPairs:
    counts = [popcounts(f) for f in filters]
    median = np.median(np.concatenate(counts))
    short_share = DEFAULT_CONTAINMENT.short or 0.0
    parts: list[tuple[np.ndarray, ...]] = []
    for first, second in combinations(range(len(filters)), 2):
        where = {person: row for row, person in enumerate(lists.members[second])}
        truth = np.array([where.get(person, -1) for person in lists.members[first]])
        for start in range(0, filters[first].shape[0], ROWS_AT_ONCE):
            block = filters[first][start : start + ROWS_AT_ONCE]
            common = np.bitwise_count(block[:, None, :] & filters[second][None, :, :]).sum(axis=2)
            sizes = counts[first][start : start + ROWS_AT_ONCE, None], counts[second][None, :]
            dice = 2 * common / (sizes[0] + sizes[1])
            rows, others = np.nonzero(dice >= 0.5)
            rows_all = rows + start
            parts.append((
                np.stack([first * 1_000_000 + rows_all, second * 1_000_000 + others], axis=1),
                dice[rows, others],
                common[rows, others] / np.minimum(sizes[0][rows, 0], sizes[1][0, others]),
                np.stack([counts[first][rows_all] < short_share * median,
                          counts[second][others] < short_share * median], axis=1),
                truth[rows_all] == others,
            ))  # fmt: skip
    columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
    return AllPairs(*columns)


def _true_false(pairs: AllPairs, where: np.ndarray) -> str:
    return f"{int(pairs.true[where].sum())} true, {int((~pairs.true[where]).sum())} false"


def counted_bands(pairs: AllPairs, threshold: float) -> None:
    shorts = pairs.short.sum(axis=1)
    stricter = (1 + threshold) / 2
    both = (shorts == 2) & (pairs.dice >= threshold) & (pairs.dice < stricter)
    print(f"  two short filters, Dice {threshold}-{stricter}: {_true_false(pairs, both)}")
    band = (shorts == 1) & (pairs.dice >= 0.60) & (pairs.dice < 0.65) & (pairs.share >= 0.80) & (pairs.share < 0.84)
    print(f"  a short and a complete filter, Dice 0.60-0.65, 80-84% of the short one's bits in the other: "
          f"{_true_false(pairs, band)}")  # fmt: skip
    one_short = pairs.true & (shorts == 1)
    print(f"  true pairs of a short and a complete filter under Dice 0.65 (the containment floor): "
          f"{int((one_short & (pairs.dice < 0.65)).sum())} of {int(one_short.sum())} (Dice 0.5 or more)")  # fmt: skip
    complete = shorts == 0
    near = complete & (pairs.dice >= 0.75) & (pairs.dice < threshold)
    print(f"  two complete filters, Dice 0.75-{threshold}: {_true_false(pairs, near)}; "
          f"Dice 0.85 or more: {_true_false(pairs, complete & (pairs.dice >= 0.85))}")  # fmt: skip


def _kept(pairs: AllPairs, threshold: float) -> np.ndarray:
    """The pairs the 'now' matching keeps, had blocking missed none."""
    containment = DEFAULT_CONTAINMENT
    kept = (pairs.dice >= threshold) | ((pairs.dice >= containment.floor) & (pairs.share >= containment.share))
    both_short = pairs.short.all(axis=1)
    return kept & ~(both_short & (pairs.dice < (1 + threshold) / 2))


def blocking_misses(lists: Lists, filters: list[np.ndarray], pairs: AllPairs, threshold: float) -> None:
    """True pairs kept by containment alone that blocking by itself would not bring (the reason short filters are
    compared with every filter)."""
    blocked: set[tuple[int, int]] = set()
    for first, second in combinations(range(len(filters)), 2):
        rows, others, _ = similar_pairs(filters[first], filters[second], threshold, Blocking(),
                                        containment=DEFAULT_CONTAINMENT)  # fmt: skip
        blocked |= set(zip((rows + first * 1_000_000).tolist(), (others + second * 1_000_000).tolist(), strict=True))
    by_containment = np.flatnonzero(pairs.true & _kept(pairs, threshold) & (pairs.dice < threshold))
    missed = sum(tuple(pairs.nodes[index].tolist()) not in blocked for index in by_containment)
    print(f"  true pairs kept by containment alone: {by_containment.size}, of which blocking alone misses {missed}")


def greedy_losses(pairs: AllPairs, now: Linkage, threshold: float) -> None:
    """True pairs the matching keeps as candidates (blocking aside) that the greedy assignment leaves unlinked."""
    linked_pairs = {
        frozenset((a[0] * 1_000_000 + a[1], b[0] * 1_000_000 + b[1]))
        for group in now.groups
        for a, b in combinations(group, 2)
    }
    candidates = np.flatnonzero(pairs.true & _kept(pairs, threshold))
    lost = sum(frozenset(pairs.nodes[index].tolist()) not in linked_pairs for index in candidates)
    print(f"  true pairs kept as candidates (every pair compared) yet not linked: {lost} of {candidates.size}")


def sweeps(lists: Lists, filters: list[np.ndarray], threshold: float) -> None:
    """F1 and the estimate at other thresholds and containment shares (the 'now' matching otherwise)."""
    settings: list[tuple[str, float, Containment]] = [
        (f"threshold {other:.2f}", other, DEFAULT_CONTAINMENT) for other in (0.76, 0.78, 0.80, 0.82)
    ]
    settings += [(f"containment share {share}", threshold, replace(DEFAULT_CONTAINMENT, share=share))
                 for share in (0.93, 0.96)]  # fmt: skip
    for label, other, containment in settings:
        linkage = linked(filters, other, containment)
        _, _, f1 = pairwise_quality(linkage, lists.members)
        print(f"  {label}: F1 {f1:.4f}, estimate {population_estimate(linkage.capture_rows()):,.0f}")
