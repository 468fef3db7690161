"""Stepwise selection as SparseMSE's stepwisefit does it."""

import numpy as np
import pytest
from scipy.stats import poisson

from tomoshibi.estimation.data import parse_csv
from tomoshibi.estimation.design import Layout
from tomoshibi.estimation.estimate import cell_counts, estimate
from tomoshibi.estimation.fit import fit_poisson
from tomoshibi.estimation.output import Analysis, as_table
from tomoshibi.estimation.select import Engine
from tomoshibi.estimation.tests.helpers import bootstrap_of, published


def test_it_uses_the_smaller_poisson_tail_of_each_overlap_as_its_p_value() -> None:
    table = published("NewOrl")
    layout = Layout(8)
    cells, _ = cell_counts(table)
    main = fit_poisson(layout.design(0), layout.column_codes(0), cells)
    engine = Engine(layout)
    observed = cells @ layout.pair_cells.T.astype(np.int64)
    expected = main.fitted[0] @ layout.pair_cells_float.T
    pvalues = engine._pvalues(0, observed[None, :], expected[None, :])[0]
    d_e = layout.pair_index(3, 4)
    n, mean = observed[d_e], expected[d_e]
    assert n == 3
    assert pvalues[d_e] == pytest.approx(min(poisson.cdf(n, mean), poisson.sf(n - 1, mean)))
    a_b = layout.pair_index(0, 1)
    assert observed[a_b] == 0
    assert pvalues[a_b] == pytest.approx(np.exp(-expected[a_b]))
    assert np.argmin(pvalues) == d_e
    assert pvalues[d_e] < 0.02


def test_it_keeps_main_effects_with_a_zero_threshold() -> None:
    result = estimate(published("UKdat_5"), pthresh=0.0)
    assert result.model_names == []
    assert round(result.total) == 13444


def test_it_adds_interactions_in_order_of_significance() -> None:
    """UKdat_5 at thresholds that stop the search after fewer steps."""
    table = published("UKdat_5")
    sizes = [len(estimate(table, pthresh=threshold).model_names) for threshold in (1e-12, 1e-4, 0.02)]
    assert sizes == sorted(sizes)
    assert sizes[-1] == 6


def test_it_reports_progress_until_every_replicate_is_done() -> None:
    table = published("NewOrl_5")
    layout = Layout(5)
    _, rows = cell_counts(table)
    samples = np.zeros((40, layout.n_cells), dtype=np.int64)
    samples[:, rows] = np.random.default_rng(0).multinomial(table.observed, table.counts / table.observed, size=40)
    seen: list[tuple[int, int]] = []
    Engine(layout).run(samples, lambda done, total: seen.append((done, total)))
    assert seen[-1] == (40, 40)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_it_withholds_the_interval_when_some_replicates_have_no_valid_model() -> None:
    """List A holds everybody but one person; replicates that miss that person have no finite estimate."""
    table = parse_csv("A,B,C,count\n1,0,0,4\n1,1,0,5\n1,0,1,5\n1,1,1,3\n0,1,0,1\n", "few.csv")
    result = estimate(table, "main", bootstrap=200)
    assert result.total > result.observed
    assert bootstrap_of(result).failed > 0
    assert result.interval is None
    assert "no model passed the checks in" in as_table(Analysis(result))
