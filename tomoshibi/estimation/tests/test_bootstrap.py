"""The bootstrap pieces: R's generator, the jackknife acceleration, BCa and percentile limits."""

import numpy as np
import pytest
from scipy.stats import binom, chisquare, norm

from tomoshibi.estimation import bootstrap as bootstrap_module
from tomoshibi.estimation.bootstrap import (
    acceleration,
    bca_limits,
    draw_replicates,
    jackknife_samples,
    percentile_limits,
)
from tomoshibi.estimation.design import FloatArray, IntArray
from tomoshibi.estimation.estimate import cell_counts, estimate
from tomoshibi.estimation.rstream import RStream, r_multinomial_samples
from tomoshibi.estimation.tests.helpers import bootstrap_of, published


def test_it_draws_the_uniforms_r_draws_after_set_seed() -> None:
    """R: set.seed(1234); runif(5) gives 0.1137034 0.6222994 0.6092747 0.6233794 0.8609154."""
    stream = RStream(1234)
    drawn = [stream.unif_rand() for _ in range(5)]
    np.testing.assert_allclose(drawn, [0.1137034, 0.6222994, 0.6092747, 0.6233794, 0.8609154], atol=5e-8)


@pytest.mark.parametrize(("n", "p"), [(20, 0.3), (200, 0.4), (1000, 0.93), (2744, 0.02)])
def test_it_draws_binomials_with_the_binomial_distribution(n: int, p: float) -> None:
    """Both of R's algorithms (inversion when n p < 30, BTPE otherwise) against the exact probabilities."""
    stream = RStream(99)
    draws = np.array([stream.rbinom(n, p) for _ in range(20_000)])
    observed, expected = pooled(np.bincount(draws, minlength=n + 1), binom.pmf(np.arange(n + 1), n, p) * len(draws))
    assert chisquare(observed, expected).pvalue > 1e-4


def pooled(observed: IntArray, expected: FloatArray, least: float = 5.0) -> tuple[FloatArray, FloatArray]:
    """Merge neighbouring values until each bin expects at least `least` draws (chi-square needs it)."""
    bins_observed: list[float] = []
    bins_expected: list[float] = []
    carry_observed = carry_expected = 0.0
    for seen, wanted in zip(observed, expected, strict=True):
        carry_observed, carry_expected = carry_observed + seen, carry_expected + wanted
        if carry_expected >= least:
            bins_observed.append(carry_observed)
            bins_expected.append(carry_expected)
            carry_observed = carry_expected = 0.0
    bins_observed[-1] += carry_observed
    bins_expected[-1] += carry_expected
    return np.array(bins_observed), np.array(bins_expected) * sum(bins_observed) / sum(bins_expected)


def test_it_draws_multinomials_that_keep_the_total() -> None:
    counts = published("NewOrl").counts
    samples = r_multinomial_samples(counts, 200, seed=1)
    assert (samples.sum(axis=1) == counts.sum()).all()
    np.testing.assert_allclose(samples.mean(axis=0), counts, rtol=0.25, atol=1.0)


def test_it_draws_replicates_by_cell_from_either_generator() -> None:
    table = published("Korea")
    _, rows = cell_counts(table)
    for generator in ("r", "numpy"):
        cells = draw_replicates(table.counts, rows, 7, 50, seed=3, generator=generator)
        assert cells.shape == (50, 7)
        assert (cells.sum(axis=1) == table.observed).all()
        assert (cells[:, np.setdiff1d(np.arange(7), rows)] == 0).all()
    with pytest.raises(ValueError, match="unknown generator"):
        draw_replicates(table.counts, rows, 7, 5, seed=3, generator="excel")


def test_it_removes_one_person_from_each_observed_row_for_the_jackknife() -> None:
    counts = np.array([3, 0, 1])
    cells = np.array([0, 2, 5])
    samples, rows = jackknife_samples(counts, cells, 7)
    assert rows.tolist() == [0, 2]
    assert samples.tolist() == [[2, 0, 0, 0, 0, 1, 0], [3, 0, 0, 0, 0, 0, 0]]


def test_it_weights_each_leave_one_out_estimate_by_its_row_count() -> None:
    counts = np.array([2, 1, 3])
    rows = np.array([0, 1, 2])
    leave_one_out = np.array([10.0, 13.0, 11.0])
    repeated = np.repeat(leave_one_out, counts)
    residuals = repeated.mean() - repeated
    expected = (residuals**3).sum() / (6 * (residuals**2).sum() ** 1.5)
    assert acceleration(counts, rows, leave_one_out) == pytest.approx(expected)
    assert acceleration(counts, rows, np.full(3, 5.0)) == 0.0


def test_it_computes_bca_limits_as_efron_defines_them() -> None:
    replicates = np.random.default_rng(4).lognormal(7, 0.4, size=4000)
    estimate_value, accel, alpha = 1000.0, 0.05, 0.1
    z0, limits = bca_limits(replicates, estimate_value, accel, alpha)
    assert limits is not None
    low, high = limits
    assert z0 == pytest.approx(norm.ppf(np.mean(replicates < estimate_value)))
    for limit, level in ((low, alpha / 2), (high, 1 - alpha / 2)):
        z = z0 + norm.ppf(level)
        adjusted = norm.cdf(z0 + z / (1 - accel * z))
        assert limit == pytest.approx(np.quantile(replicates, adjusted, method="median_unbiased"))


def test_it_reduces_to_percentile_limits_without_bias_or_acceleration() -> None:
    replicates = np.arange(1.0, 1001.0)
    z0, bca = bca_limits(replicates, 500.5, 0.0, 0.05)
    assert z0 == 0.0
    assert bca == pytest.approx(percentile_limits(replicates, 0.05), rel=1e-12)


def test_it_gives_no_bca_limits_when_every_replicate_is_on_one_side() -> None:
    _, limits = bca_limits(np.array([5.0, 6.0, 7.0]), 1.0, 0.0, 0.05)
    assert limits is None


def test_it_reports_a_percentile_interval_and_the_acceleration() -> None:
    result = estimate(published("NewOrl_5"), bootstrap=1000, seed=1234, generator="r")
    boot = bootstrap_of(result)
    assert boot.size == 1000
    assert boot.failed == 0
    assert boot.acceleration == pytest.approx(-0.0552, abs=5e-4)
    assert boot.percentile is not None
    low, high = boot.percentile
    assert low < result.total < high


def test_it_gives_the_same_interval_however_the_replicates_are_batched(monkeypatch: pytest.MonkeyPatch) -> None:
    table = published("NewOrl")
    whole = estimate(table, bootstrap=600)
    monkeypatch.setattr(bootstrap_module, "CHUNK", 170)
    seen: list[int] = []
    batched = estimate(table, bootstrap=600, progress=lambda done, total: seen.append(done))
    np.testing.assert_allclose(bootstrap_of(batched).replicates, bootstrap_of(whole).replicates, rtol=1e-9)
    assert seen[-1] == 600
    assert seen == sorted(seen)
