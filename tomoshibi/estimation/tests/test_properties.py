"""Properties that hold for any table: checked on many generated ones."""

from collections.abc import Sequence
from random import Random

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tomoshibi.estimation.data import CaptureTable, table_from_rows
from tomoshibi.estimation.design import Layout
from tomoshibi.estimation.estimate import Estimate, NoValidModel, cell_counts, estimate
from tomoshibi.estimation.select import Engine
from tomoshibi.estimation.tests.helpers import published, replicates


@st.composite
def tables(draw: st.DrawFn, min_lists: int = 3, max_lists: int = 5) -> CaptureTable:
    """A table in which every list has somebody, with a random subset of the possible patterns observed."""
    n_lists = draw(st.integers(min_lists, max_lists))
    codes = draw(st.lists(st.integers(1, 2**n_lists - 1), min_size=n_lists, max_size=2**n_lists - 1, unique=True))
    counts = draw(st.lists(st.integers(1, 60), min_size=len(codes), max_size=len(codes)))
    patterns = [[code >> i & 1 for i in range(n_lists)] for code in codes]
    assume(all(any(pattern[i] for pattern in patterns) for i in range(n_lists)))
    return table_from_rows([f"L{i}" for i in range(n_lists)], patterns, counts)


def estimate_or_none(
    table: CaptureTable, method: str = "stepwise", model: Sequence[tuple[int, int]] = ()
) -> Estimate | None:
    try:
        return estimate(table, method, model)
    except NoValidModel:
        return None


@settings(max_examples=60, deadline=None)
@given(tables())
def test_it_never_estimates_fewer_people_than_were_observed(table: CaptureTable) -> None:
    result = estimate_or_none(table)
    if result is not None:
        assert result.total >= result.observed
        assert result.dark_figure >= 0


@settings(max_examples=40, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_it_does_not_depend_on_the_order_of_rows(table: CaptureTable, random: Random) -> None:
    order = list(range(len(table.counts)))
    random.shuffle(order)
    shuffled = table_from_rows(table.lists, table.patterns[order].astype(int).tolist(), table.counts[order].tolist())
    first, second = estimate_or_none(table), estimate_or_none(shuffled)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert second.total == pytest.approx(first.total, rel=1e-9)
        assert second.model_names == first.model_names


@settings(max_examples=40, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_it_does_not_depend_on_the_order_of_columns_for_a_given_model(table: CaptureTable, random: Random) -> None:
    lists = list(table.lists)
    random.shuffle(lists)
    for method in ("main", "fixed"):
        pairs = [(0, 1)] if method == "fixed" else []
        named = [(table.lists[i], table.lists[j]) for i, j in pairs]
        moved = [(min(lists.index(a), lists.index(b)), max(lists.index(a), lists.index(b))) for a, b in named]
        first = estimate_or_none(table, method, model=pairs)
        second = estimate_or_none(table.reordered(lists), method, model=moved)
        assert (first is None) == (second is None)
        if first is not None and second is not None:
            assert second.total == pytest.approx(first.total, rel=1e-8)


@pytest.mark.parametrize("name", ["UKdat_5", "NewOrl", "NewOrl_5", "Korea"])
def test_it_selects_the_same_model_whatever_the_order_of_columns(name: str) -> None:
    table = published(name)
    expected = estimate(table)
    for seed in range(3):
        lists = list(np.random.default_rng(seed).permutation(table.lists))
        result = estimate(table.reordered(lists))
        assert result.total == pytest.approx(expected.total, rel=1e-9)
        assert {frozenset(m.split(":")) for m in result.model_names} == {
            frozenset(m.split(":")) for m in expected.model_names
        }


@settings(max_examples=25, deadline=None)
@given(tables(max_lists=4), st.integers(0, 2**32 - 1))
def test_it_estimates_each_sample_of_a_batch_as_it_would_alone(table: CaptureTable, seed: int) -> None:
    layout = Layout(table.n_lists)
    _, rows = cell_counts(table)
    draws = np.random.default_rng(seed).multinomial(table.observed, table.counts / table.observed, size=8)
    samples = np.zeros((8, layout.n_cells), dtype=np.int64)
    samples[:, rows] = draws
    together = Engine(layout).run(samples)
    for sample, total, model in zip(samples, together.totals, together.models, strict=True):
        alone = Engine(layout).run(sample[None, :])
        assert alone.models[0] == model
        np.testing.assert_allclose(alone.totals[0], total, rtol=1e-8, equal_nan=True)


def test_it_gives_the_same_interval_for_the_same_seed_and_another_for_another() -> None:
    table = published("NewOrl_5")
    first = estimate(table, bootstrap=300, seed=11, generator="numpy")
    again = estimate(table, bootstrap=300, seed=11, generator="numpy")
    other = estimate(table, bootstrap=300, seed=12, generator="numpy")
    assert first.interval == again.interval
    np.testing.assert_array_equal(replicates(first), replicates(again))
    assert first.interval != other.interval
