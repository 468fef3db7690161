"""Every published figure in data/README.md, reproduced."""

import pytest
from scipy.stats import ks_2samp

from tomoshibi.estimation.checks import check_model, check_model_lp
from tomoshibi.estimation.design import Layout
from tomoshibi.estimation.estimate import cell_counts, estimate, parse_model
from tomoshibi.estimation.tests.helpers import interval, published, replicates


def model_set(names: list[str]) -> set[frozenset[str]]:
    return {frozenset(name.split(":")) for name in names}


def test_it_reproduces_the_uk_stepwise_estimate_and_its_six_interactions() -> None:
    result = estimate(published("UKdat_5"), "stepwise")
    assert round(result.total) == 11313
    assert result.observed == 2744
    expected = ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]
    assert model_set(result.model_names) == model_set(expected)


def test_it_reproduces_the_uk_main_effects_estimate() -> None:
    assert round(estimate(published("UKdat_5"), "main").total) == 13444


def test_it_reproduces_new_orleans_185_stepwise_with_d_e() -> None:
    result = estimate(published("NewOrl"), "stepwise")
    assert result.observed == 185
    assert round(result.total) == 1184
    assert result.model_names == ["D:E"]


def test_it_reproduces_new_orleans_185_main_effects() -> None:
    assert round(estimate(published("NewOrl"), "main").total) == 997


def test_it_reproduces_new_orleans_185_five_lists_with_no_interaction() -> None:
    result = estimate(published("NewOrl_5"), "stepwise")
    assert round(result.total) == 1034
    assert result.model_names == []


def test_it_reproduces_new_orleans_186_with_the_d_e_model() -> None:
    table = published("NewOrl_186")
    assert table.observed == 186
    fixed = estimate(table, "fixed", parse_model("D:E", table.lists))
    assert round(fixed.total) == 1110
    chosen = estimate(table, "stepwise")
    assert chosen.model_names == ["D:E"]
    assert chosen.total == pytest.approx(fixed.total, rel=1e-10)


def test_it_reproduces_new_orleans_186_five_lists_main_effects() -> None:
    table = published("NewOrl_5_186")
    assert table.observed == 186
    assert round(estimate(table, "main").total) == 981


def test_it_reproduces_korea_stepwise_with_b_c() -> None:
    result = estimate(published("Korea"), "stepwise")
    assert round(result.total, 1) == 268.8
    assert result.model_names == ["b:c"]


def test_it_reproduces_korea_main_effects() -> None:
    assert round(estimate(published("Korea"), "main").total, 1) == 142.0


ARTIFICIAL_CHECKS = [
    ("A:B,A:C,B:C", True, False),  # not identifiable
    ("A:B", False, True),  # no finite MLE
    ("A:B,A:C", False, True),
    ("A:B,B:C", False, True),
    ("A:C,B:C", True, True),  # passes both
    ("", True, True),
]


@pytest.mark.parametrize(("spec", "exists", "identifiable"), ARTIFICIAL_CHECKS)
def test_it_reproduces_the_three_check_results_on_artificial_3(spec: str, exists: bool, identifiable: bool) -> None:
    table = published("Artificial_3")
    layout = Layout(3)
    model = layout.model_from_pairs(parse_model(spec, table.lists))
    cells, _ = cell_counts(table)
    for result in (check_model(layout, model, cells > 0), check_model_lp(layout, model, cells)):
        assert (result.exists, result.identifiable) == (exists, identifiable)


def within(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance * target


@pytest.mark.parametrize(
    ("name", "published_interval"),
    [("NewOrl", (717, 1657)), ("NewOrl_5", (589, 1703))],
)
def test_it_reproduces_the_published_bca_intervals_with_sparsemse_samples(
    name: str, published_interval: tuple[int, int]
) -> None:
    """SparseMSE's own replicates (R's generator, its default seed 1234, 1,000 of them) give the published limits."""
    low, high = interval(estimate(published(name), "stepwise", bootstrap=1000, seed=1234, generator="r"))
    assert within(low, published_interval[0], 0.002)
    assert within(high, published_interval[1], 0.002)


def test_it_reproduces_the_published_main_effects_interval_as_the_interval_given_the_model() -> None:
    """New Orleans main effects, 997 (644, 1,618): the published limits are SparseMSE's interval given the model."""
    low, high = estimate(published("NewOrl"), "main").conditional
    assert within(low, 644, 0.002)
    assert within(high, 1618, 0.002)


def test_it_finds_the_published_lower_limits_are_the_smallest_replicate() -> None:
    """Why only SparseMSE's own samples can match the lower limits closely.

    The bias correction is strong here (most replicates exceed the estimate), so the BCa level for the lower
    limit is below 1 in 1,000: the limit is the smallest of the 1,000 replicates, which moves a lot from one
    random stream to another.
    """
    result = estimate(published("NewOrl"), "stepwise", bootstrap=1000, seed=1234, generator="r")
    assert interval(result)[0] == replicates(result).min()


@pytest.mark.slow
def test_it_draws_the_same_bootstrap_distribution_with_numpy_as_with_r() -> None:
    numpy_draws = estimate(published("NewOrl"), "stepwise", bootstrap=1000, seed=3, generator="numpy")
    r_draws = estimate(published("NewOrl"), "stepwise", bootstrap=1000, seed=1234, generator="r")
    assert ks_2samp(replicates(numpy_draws), replicates(r_draws)).pvalue > 0.001


@pytest.mark.slow
def test_it_gives_the_published_upper_limit_with_its_own_generator_too() -> None:
    result = estimate(published("NewOrl"), "stepwise", bootstrap=5000, seed=7, generator="numpy")
    assert within(interval(result)[1], 1657, 0.05)
