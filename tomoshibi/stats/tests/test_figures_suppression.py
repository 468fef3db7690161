"""The rules for published counts: closed months only, nothing under 3 (zero included), rounded to 5 on the public
page, and no published value that depends on a hidden cell."""

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.stats.suppression import (
    PUBLIC_BASE,
    SMALLEST_PUBLISHED,
    end_of_last_closed_month,
    published,
    published_by,
    published_row,
    rounded,
)

counts = st.integers(min_value=0, max_value=100_000)
bases = st.sampled_from([1, 2, 5, 10])
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_counts_under_three_are_hidden_zero_included():
    assert [published(count) for count in range(6)] == [None, None, None, 3, 4, 5]
    assert SMALLEST_PUBLISHED == 3


def test_the_public_page_rounds_to_the_nearest_five_and_never_shows_a_count_as_zero():
    assert PUBLIC_BASE == 5
    shown = [published(count, PUBLIC_BASE) for count in range(14)]
    assert shown == [None, None, None, 5, 5, 5, 5, 5, 10, 10, 10, 10, 10, 15]


def test_a_row_is_published_cell_by_cell():
    assert published_row([0, 1, 2, 3, 40]) == [None, None, None, 3, 40]
    assert published_row([0, 1, 2, 3, 42], PUBLIC_BASE) == [None, None, None, 5, 40]


def test_a_key_never_counted_is_hidden_like_a_zero():
    counted = {("hotel", "danger_now"): 7, ("hotel", "some_signs"): 2}
    keys = [("hotel", "no_signs"), ("hotel", "some_signs"), ("hotel", "danger_now")]
    assert published_by(counted, keys) == [None, None, 7]
    assert published_by(counted, keys, PUBLIC_BASE) == [None, None, 5]


def test_the_published_period_ends_with_the_last_complete_month():
    assert end_of_last_closed_month(date(2026, 12, 7)) == date(2026, 11, 30)
    assert end_of_last_closed_month(date(2026, 12, 1)) == date(2026, 11, 30)
    assert end_of_last_closed_month(date(2026, 11, 30)) == date(2026, 10, 31)
    assert end_of_last_closed_month(date(2027, 1, 15)) == date(2026, 12, 31)
    assert end_of_last_closed_month(date(2028, 3, 1)) == date(2028, 2, 29)


@given(days)
def test_every_day_of_a_month_publishes_the_same_period_which_ends_before_it(today):
    last_day = end_of_last_closed_month(today)
    assert last_day < today.replace(day=1)
    assert (last_day + timedelta(days=1)) == today.replace(day=1)
    assert end_of_last_closed_month(today.replace(day=1)) == last_day


@given(counts, bases)
def test_no_published_value_reveals_a_count_under_three(count, base):
    shown = published(count, base)
    assert (shown is None) == (count < SMALLEST_PUBLISHED)
    assert shown is None or (shown >= SMALLEST_PUBLISHED and shown >= base)


@given(counts, bases)
def test_a_published_count_is_a_multiple_of_its_base_within_half_a_step(count, base):
    shown = rounded(count, base)
    assert shown % base == 0
    assert shown >= base or count == 0
    assert abs(shown - count) <= base // 2 or count < base // 2


@given(st.integers(min_value=SMALLEST_PUBLISHED, max_value=100_000))
def test_of_five_screenings_in_a_row_at_most_one_moves_a_public_figure(count):
    # A month-to-month change of a cell says that some screenings were counted, not how many.
    shown = [published(more, PUBLIC_BASE) for more in range(count, count + PUBLIC_BASE + 1)]
    assert sum(1 for before, after in pairwise(shown) if before != after) <= 1


@given(st.lists(counts, min_size=1, max_size=12), bases, st.data())
def test_no_published_value_nor_any_total_of_them_depends_on_a_hidden_cell(row, base, data):
    shown = published_row(row, base)
    hidden = [index for index, value in enumerate(shown) if value is None]
    for index in hidden:
        other = list(row)
        other[index] = data.draw(st.integers(min_value=0, max_value=SMALLEST_PUBLISHED - 1))
        again = published_row(other, base)
        assert again == shown
        assert sum(value for value in again if value is not None) == sum(value for value in shown if value is not None)


@given(st.dictionaries(st.sampled_from("abcdef"), counts), st.lists(st.sampled_from("abcdefgh")), bases)
def test_published_by_publishes_each_key_as_published_row_would(counted, keys, base):
    assert published_by(counted, keys, base) == published_row([counted.get(key, 0) for key in keys], base)
