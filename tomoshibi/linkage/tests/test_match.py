"""Matching: Dice on packed filters, blocking that keeps the close pairs, one-to-one groups across lists."""

import base64

import numpy as np

from tomoshibi.linkage.match import Blocking, Containment, filters_from_base64, link, similar_pairs


def noisy_copies(base: np.ndarray, flips: int, generator: np.random.Generator) -> np.ndarray:
    copies = base.copy()
    for row in copies:
        row[generator.choice(row.size, flips, replace=False)] ^= True
    return copies


def packed(bits: np.ndarray) -> np.ndarray:
    return filters_from_base64([base64.b64encode(np.packbits(row).tobytes()).decode() for row in bits])


def test_dice_is_twice_the_common_bits_over_the_bits_set() -> None:
    left = np.zeros((1, 128), dtype=bool)
    right = np.zeros((1, 128), dtype=bool)
    left[0, [0, 1, 2, 70]] = True
    right[0, [1, 2, 70, 127, 90, 91]] = True
    _, _, scores = similar_pairs(packed(left), packed(right), 0.0)
    assert scores.tolist() == [2 * 3 / (4 + 6)]


def test_blocking_keeps_the_close_pairs_that_comparing_every_pair_finds() -> None:
    generator = np.random.default_rng(7)
    people = generator.random((400, 1024)) < 0.35
    left, right = packed(people), packed(noisy_copies(people, 60, generator))
    everything = similar_pairs(left, right, 0.75)
    blocked = similar_pairs(left, right, 0.75, Blocking())
    assert len(everything[0]) >= 400
    assert set(zip(blocked[0].tolist(), blocked[1].tolist(), strict=True)) == set(
        zip(everything[0].tolist(), everything[1].tolist(), strict=True)
    )


def test_each_person_is_in_a_list_at_most_once_and_duplicates_are_reported() -> None:
    generator = np.random.default_rng(3)
    people = generator.random((3, 1024)) < 0.35
    first = packed(people)  # persons 0, 1, 2
    second = packed(np.vstack([people[0], noisy_copies(people[:1], 10, generator)[0], people[1]]))  # 0 twice, then 1
    linkage = link([("a", first), ("b", second)], 0.8, Blocking())
    assert linkage.duplicates[0][:3] == (1, 0, 1)
    assert linkage.capture_rows() == [((1, 1), 2), ((1, 0), 1), ((0, 1), 1)]
    assert all(len({list_index for list_index, _ in group}) == len(group) for group in linkage.groups)


def test_a_record_without_a_date_links_to_its_dated_record_by_containment_not_to_a_stranger() -> None:
    generator = np.random.default_rng(11)
    name = generator.random((1, 1024)) < 0.3
    dated = name | (generator.random((1, 1024)) < 0.25)  # the same bits and a date's more
    stranger = generator.random((1, 1024)) < 0.45
    blank, full = packed(name), packed(np.vstack([stranger, dated]))
    _, _, scores = similar_pairs(blank, full[1:], 0.0)
    assert 0.65 < scores[0] < 0.8  # below the threshold on Dice alone
    for blocking in (None, Blocking()):  # comparing every pair and the compiled blocked loop keep the same pair
        assert similar_pairs(blank, full, 0.8, blocking, containment=Containment())[1].tolist() == [1]
    assert link([("a", blank), ("b", full)], 0.8, Blocking(), containment=None).capture_rows() == [
        ((1, 0), 1),
        ((0, 1), 2),
    ]
    linked = link([("a", blank), ("b", full)], 0.8, Blocking())
    assert linked.capture_rows() == [((1, 1), 1), ((0, 1), 1)]
    assert ((0, 0), (1, 1)) in linked.groups
    assert not link([("a", np.vstack([full[1:], blank]))], 0.8, Blocking()).duplicates  # within a list: Dice alone


def test_the_compiled_loop_keeps_thousands_of_pairs_as_comparing_every_pair_does() -> None:
    generator = np.random.default_rng(5)
    family = generator.random((1, 1024)) < 0.35  # 70 near-copies of one filter: 4,900 pairs above 0.8
    left, right = packed(noisy_copies(np.repeat(family, 70, 0), 20, generator)), packed(np.repeat(family, 70, 0))
    everything, blocked = similar_pairs(left, right, 0.8), similar_pairs(left, right, 0.8, Blocking())
    assert blocked[0].size == everything[0].size == 4900
    assert blocked[2].tolist() == everything[2].tolist()


def altered(row: np.ndarray, share: float, generator: np.random.Generator) -> np.ndarray:
    """The row with a share of its set bits moved elsewhere: Dice with the row is 1 - share."""
    copy = row.copy()
    moved = int(share * row.sum())
    copy[generator.choice(np.flatnonzero(row), moved, replace=False)] = False
    copy[generator.choice(np.flatnonzero(~row), moved, replace=False)] = True
    return copy


def test_two_filters_without_a_date_need_dice_halfway_from_the_threshold_to_one() -> None:
    generator = np.random.default_rng(13)
    complete = generator.random((8, 1024)) < 0.45  # most records: the median filter is a complete one
    name_only = generator.random((1, 1024)) < 0.25  # under 3/4 of the median: a field is missing
    first = packed(np.vstack([name_only, complete]))
    second = packed(np.vstack([altered(name_only[0], 0.15, generator), altered(complete[0], 0.15, generator)]))
    pairs = similar_pairs(first, second, 0.8)
    assert [round(score, 2) for score in pairs[2].tolist()] == [0.85, 0.85]
    linked = link([("a", first), ("b", second)], 0.8, Blocking())
    assert ((0, 1), (1, 1)) in linked.groups  # the complete pair, at 0.85
    assert ((0, 0),) in linked.groups and ((1, 0),) in linked.groups  # the two short ones need 0.9
    unchanged = link([("a", first), ("b", second)], 0.8, Blocking(), Containment(short=None))
    assert ((0, 0), (1, 0)) in unchanged.groups


def test_a_filter_without_a_date_meets_its_dated_record_even_where_blocking_would_not_bring_them_together() -> None:
    generator = np.random.default_rng(2)
    others = generator.random((6, 1024)) < 0.6
    name = generator.random((1, 1024)) < 0.35
    dated = name | altered(name[0], 0.85, generator)  # every bit of the name and about 300 more
    blank, full = packed(np.vstack([name, others[:3]])), packed(np.vstack([dated, others[3:]]))
    blocked = similar_pairs(blank, full, 0.8, Blocking(), containment=Containment())
    assert (0, 0) not in set(zip(blocked[0].tolist(), blocked[1].tolist(), strict=True))  # too far for blocking
    assert similar_pairs(blank, full, 0.8, containment=Containment())[1].tolist() == [0]  # yet kept by containment
    assert ((0, 0), (1, 0)) in link([("a", blank), ("b", full)], 0.8, Blocking()).groups
    assert ((0, 0),) in link([("a", blank), ("b", full)], 0.8, Blocking(), Containment(short=None)).groups
