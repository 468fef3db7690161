"""The Newton fits against statsmodels' GLM (Poisson family), one data set and many at once."""

from typing import Any

import numpy as np
import pytest
import statsmodels.api as sm

from tomoshibi.estimation.design import FloatArray, IntArray, Layout, superset_sums
from tomoshibi.estimation.estimate import cell_counts, parse_model
from tomoshibi.estimation.fit import fit_poisson
from tomoshibi.estimation.rstream import r_multinomial_samples
from tomoshibi.estimation.tests.helpers import published

CASES = [
    ("UKdat_5", ""),
    ("UKdat_5", "LA:NG,NG:GP,PFNCA:GP,LA:PFNCA,GO:GP,NG:GO"),
    ("UKdat", "LA:NG,PF:NCA"),
    ("NewOrl", ""),
    ("NewOrl", "D:E"),
    ("Korea", "b:c"),
    ("NewOrl_5", "A:C,C:D"),
]


def statsmodels_fit(design: FloatArray, counts: IntArray) -> Any:
    return sm.GLM(counts, design, family=sm.families.Poisson()).fit(tol=1e-12, maxiter=200)


def problem(name: str, spec: str) -> tuple[Layout, int, IntArray]:
    table = published(name)
    layout = Layout(table.n_lists)
    model = layout.model_from_pairs(parse_model(spec, table.lists))
    cells, _ = cell_counts(table)
    return layout, model, cells


@pytest.mark.parametrize(("name", "spec"), CASES)
def test_it_fits_as_statsmodels_does(name: str, spec: str) -> None:
    layout, model, cells = problem(name, spec)
    design = layout.design(model)
    ours = fit_poisson(design, layout.column_codes(model), cells)
    reference = statsmodels_fit(design, cells)
    assert ours.converged.all()
    np.testing.assert_allclose(ours.beta[0], reference.params, rtol=1e-7, atol=1e-8)
    assert ours.deviance(cells)[0] == pytest.approx(reference.deviance, rel=1e-8, abs=1e-9)
    np.testing.assert_allclose(ours.fitted[0], reference.mu, rtol=1e-7, atol=1e-9)


def test_it_fits_a_model_with_a_non_overlapping_pair_as_statsmodels_fits_it_without_those_cells() -> None:
    """New Orleans: A and B share nobody, so A:B is minus infinity; the cells with both are left out."""
    layout, _, cells = problem("NewOrl", "")
    model = layout.model_from_pairs([(0, 1), (3, 4)])
    retained = layout.retained_cells(model, cells > 0)[0]
    assert not retained.all()
    ours = fit_poisson(layout.design(model), layout.column_codes(model), cells, retained)
    reduced = layout.design(model)[retained]
    kept_columns = np.any(reduced != 0, axis=0)
    reference = statsmodels_fit(reduced[:, kept_columns], cells[retained])
    np.testing.assert_allclose(ours.beta[0, kept_columns], reference.params, rtol=1e-7, atol=1e-8)
    assert ours.beta[0, ~kept_columns] == pytest.approx(0.0)
    np.testing.assert_allclose(ours.fitted[0, ~retained], 0.0)


def test_it_fits_many_bootstrap_samples_at_once_as_one_at_a_time() -> None:
    table = published("UKdat_5")
    layout, model, _ = problem("UKdat_5", "LA:NG,PFNCA:GO")
    _, rows = cell_counts(table)
    samples = np.zeros((25, layout.n_cells), dtype=np.int64)
    samples[:, rows] = r_multinomial_samples(table.counts, 25, seed=5)
    design = layout.design(model)
    batch = fit_poisson(design, layout.column_codes(model), samples)
    for sample, beta in zip(samples, batch.beta, strict=True):
        np.testing.assert_allclose(beta, statsmodels_fit(design, sample).params, rtol=1e-7, atol=1e-8)


def test_it_warm_starts_to_the_same_answer() -> None:
    layout, model, cells = problem("NewOrl", "D:E")
    design, codes = layout.design(model), layout.column_codes(model)
    cold = fit_poisson(design, codes, cells)
    warm = fit_poisson(design, codes, cells, start=np.zeros((1, design.shape[1])))
    np.testing.assert_allclose(warm.beta, cold.beta, rtol=1e-9, atol=1e-10)


def test_it_sums_over_supersets_as_the_definition_says() -> None:
    rng = np.random.default_rng(0)
    layout = Layout(4)
    values = rng.random((3, layout.n_cells))
    sums = superset_sums(values)
    for code in range(16):
        contains = [(cell + 1) & code == code for cell in range(layout.n_cells)]
        np.testing.assert_allclose(sums[:, code], values[:, contains].sum(axis=1))
