"""The rule for published counts: under 3, zero included, is never shown."""

from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.stats.suppression import SMALLEST_PUBLISHED, published, published_by, published_row


def test_counts_under_three_are_hidden_zero_included():
    assert [published(count) for count in range(6)] == [None, None, None, 3, 4, 5]
    assert SMALLEST_PUBLISHED == 3


def test_a_row_is_published_cell_by_cell():
    assert published_row([0, 1, 2, 3, 40]) == [None, None, None, 3, 40]


def test_a_key_never_counted_is_hidden_like_a_zero():
    counts = {("hotel", "danger_now"): 7, ("hotel", "some_signs"): 2}
    keys = [("hotel", "no_signs"), ("hotel", "some_signs"), ("hotel", "danger_now")]
    assert published_by(counts, keys) == [None, None, 7]


@given(st.lists(st.integers(min_value=0, max_value=10_000)))
def test_no_published_count_is_under_three_and_none_is_altered(counts):
    for count, shown in zip(counts, published_row(counts), strict=True):
        assert shown is None or (shown == count and shown >= SMALLEST_PUBLISHED)
        assert (shown is None) == (count < SMALLEST_PUBLISHED)
