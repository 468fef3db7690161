"""The existence and identifiability checks: the fast path agrees with SparseMSE's linear program."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomoshibi.estimation.checks import (
    CheckCache,
    check_model,
    check_model_lp,
    determined_by_positive_cells,
    support_keys,
)
from tomoshibi.estimation.design import IntArray, Layout
from tomoshibi.estimation.estimate import cell_counts
from tomoshibi.estimation.tests.helpers import published

Case = tuple[Layout, IntArray, int]


@st.composite
def sparse_tables(draw: st.DrawFn) -> Case:
    """Counts for every cell of a 3- or 4-list problem, mostly zero, and a model."""
    n_lists = draw(st.integers(3, 4))
    layout = Layout(n_lists)
    counts = draw(st.lists(st.sampled_from([0, 0, 0, 1, 2, 7]), min_size=layout.n_cells, max_size=layout.n_cells))
    model = draw(st.integers(0, 2**layout.n_pairs - 1))
    return layout, np.array(counts, dtype=np.int64), model


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(sparse_tables())
def test_it_agrees_with_sparsemse_linear_program(case: Case) -> None:
    layout, counts, model = case
    if counts.sum() == 0:
        return
    for drop_empty_lists in (False, True):
        fast = check_model(layout, model, counts > 0, drop_empty_lists)
        assert fast == check_model_lp(layout, model, counts, drop_empty_lists)


@settings(max_examples=200, deadline=None)
@given(sparse_tables())
def test_it_only_passes_on_the_fast_path_what_the_linear_program_passes(case: Case) -> None:
    layout, counts, model = case
    if counts.sum() == 0:
        return
    if determined_by_positive_cells(layout, model, (counts > 0)[None, :])[0]:
        assert check_model_lp(layout, model, counts).passed


def test_it_checks_again_when_the_pattern_of_zero_cells_changes() -> None:
    """A bootstrap sample that loses the only person seen on D and E together changes the answer for D:E."""
    table = published("NewOrl")
    layout = Layout(8)
    cells, _ = cell_counts(table)
    d_e = layout.model_from_pairs([(3, 4)])
    d_e_c_d = layout.model_from_pairs([(3, 4), (2, 3)])
    sample = cells.copy()
    sample[(1 << 3 | 1 << 4) - 1] = 0  # nobody on exactly D and E
    sample[(1 << 0 | 1 << 3 | 1 << 4) - 1] = 0  # nor on A, D and E
    cache = CheckCache(layout)
    keys = support_keys(np.array([cells > 0, sample > 0]))
    assert keys[0] != keys[1]
    for model in (d_e, d_e_c_d):
        for key, counts in zip(keys, (cells, sample), strict=True):
            assert cache.check(model, key, counts > 0) == check_model_lp(layout, model, counts)
    assert len(cache) == 4


def test_it_rules_out_every_interaction_when_a_list_is_empty_as_sparsemse_does() -> None:
    table = published("NewOrl_5")
    layout = Layout(5)
    cells, _ = cell_counts(table)
    on_h = layout.cells[:, 4]
    cells[on_h] = 0
    model = layout.model_from_pairs([(0, 2)])
    assert not check_model(layout, model, cells > 0).exists
    assert check_model(layout, model, cells > 0, drop_empty_lists=True).passed
    assert check_model(layout, 0, cells > 0, drop_empty_lists=True).passed
