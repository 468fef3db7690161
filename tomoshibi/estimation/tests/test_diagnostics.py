"""Diagnostics: fit statistics as R's glm gives them for SparseMSE's fits, the selection's steps, Chao's bound.

Reference values from R 4.2.2 with SparseMSE 2.0.1 (cran/SparseMSE on GitHub), 2026-12-06:

    f <- stepwisefit(d, pthresh = p)$fit      # p = 0 gives main effects, 0.02 the selected model
    f$deviance; f$df.residual; f$aic; BIC(f)

and the p-value of each step by printing `pvmin` and the pair chosen inside a copy of `stepwisefit`.
"""

import json

import numpy as np
import pytest

from tomoshibi.estimation.data import CaptureTable, parse_csv
from tomoshibi.estimation.diagnostics import chao_lower_bound, diagnose
from tomoshibi.estimation.estimate import estimate
from tomoshibi.estimation.tests.helpers import DATA, Runner, published
from tomoshibi.estimation.texts import text

# name: (main effects: deviance, df, AIC, BIC), (selected: deviance, df, AIC, BIC)
GLM = {
    "NewOrl": ((41.29173507, 246, 118.3538599, 150.2252318), (34.00706443, 245, 113.0691893, 148.4818247)),
    "UKdat_5": ((118.5316293, 25, 217.7788765, 226.3827997), (16.3513834, 19, 127.5986306, 144.806477)),
}
STEPS = {
    ("UKdat_5", 0.02): [
        ("LA:NG", 2.184491137e-07),
        ("NG:GP", 2.182758484e-05),
        ("PFNCA:GP", 0.0001110067019),
        ("LA:PFNCA", 0.0003867515238),
        ("GO:GP", 0.001342632438),
        ("NG:GO", 0.01700299098),
    ],
    ("NewOrl", 0.1): [
        ("D:E", 0.01218524972),
        ("B:F", 0.03486008154),
        ("A:E", 0.03512668664),
        ("C:G", 0.06195048157),
        ("A:D", 0.09526921953),
    ],
}


@pytest.mark.parametrize("name", list(GLM))
def test_it_gives_the_deviance_df_aic_and_bic_r_gives(name: str) -> None:
    found = diagnose(estimate(published(name)))
    for fit, expected in ((found.main, GLM[name][0]), (found.selected, GLM[name][1])):
        deviance, df, aic, bic = expected
        assert fit.deviance == pytest.approx(deviance, rel=1e-8)
        assert fit.df == df
        assert fit.aic == pytest.approx(aic, rel=1e-8)
        assert fit.bic == pytest.approx(bic, rel=1e-8)


@pytest.mark.parametrize(("name", "pthresh"), list(STEPS))
def test_it_gives_each_added_pair_its_p_value_at_the_step_it_entered(name: str, pthresh: float) -> None:
    steps = estimate(published(name), pthresh=pthresh).steps
    assert [pair for pair, _ in steps] == [pair for pair, _ in STEPS[name, pthresh]]
    np.testing.assert_allclose([p for _, p in steps], [p for _, p in STEPS[name, pthresh]], rtol=1e-7)


def test_it_gives_fitted_counts_that_add_up_to_the_observed_for_each_list() -> None:
    """Main effects in a Poisson log-linear model reproduce every list's total: a check of the fitted column."""
    table = published("UKdat_5")
    found = diagnose(estimate(table))
    for fit in (found.main, found.selected):
        np.testing.assert_allclose(fit.fitted @ found.patterns, table.list_totals(), rtol=1e-8)
    assert found.observed.sum() == table.observed


def test_it_leaves_out_of_the_fit_the_cells_of_a_pair_that_shares_nobody() -> None:
    table = parse_csv("A,B,C,count\n1,0,0,30\n0,1,0,20\n0,0,1,25\n1,0,1,6\n0,1,1,5\n")
    found = diagnose(estimate(table, "fixed", [(0, 1)]))
    assert found.selected.cells == 5  # A and B share nobody: the cells with both are left out
    assert found.selected.df == 5 - 4


def test_it_computes_chaos_lower_bound_from_the_people_on_one_and_two_lists() -> None:
    table = published("Korea")
    on = table.patterns.sum(axis=1)
    f1, f2 = table.counts[on == 1].sum(), table.counts[on == 2].sum()
    assert chao_lower_bound(table) == pytest.approx(table.observed + (2 / 3) * f1**2 / (2 * f2))
    nobody_twice = parse_csv("A,B,count\n1,0,4\n0,1,3\n1,1,0\n")
    assert chao_lower_bound(nobody_twice) == pytest.approx(7 + (1 / 2) * 7 * 6 / 2)


def test_it_prints_the_diagnostics_and_carries_them_in_json(run: Runner) -> None:
    done = run(DATA / "UKdat_5.csv", "--bootstrap", 0, "--diagnostics", "--json")
    found = json.loads(done.stdout)
    assert found["diagnostics"]["selected"]["df"] == 19
    assert found["diagnostics"]["steps"][0]["pair"] == "LA:NG"
    assert len(found["diagnostics"]["cells"]) == 31
    assert found["chao_lower_bound"] == pytest.approx(chao_lower_bound(published("UKdat_5")))
    table = run(DATA / "UKdat_5.csv", "--bootstrap", 0, "--diagnostics").stdout
    assert "selected model      deviance 16.35 on 19 df, AIC 127.60, BIC 144.81" in table
    assert "step 6: + NG:GO" in table
    assert "Chao's lower bound" in table


def test_it_says_chaos_figure_is_a_lower_bound_only_for_lists_of_equal_reach() -> None:
    # Two independent lists finding half and a tenth of 1,000 people: the figure overshoots the truth.
    patterns = np.array([[1, 0], [0, 1], [1, 1]], dtype=bool)
    table = CaptureTable(("a", "b"), patterns, np.array([450, 50, 50], dtype=np.int64))
    assert chao_lower_bound(table) == pytest.approx(1800)
    assert "an estimate below it is a warning" not in text("c_heterogeneity", "en")
    assert "推計がこれを下回れば警告" not in text("c_heterogeneity", "ja")
    for key in ("chao", "c_heterogeneity"):
        assert "same reach" in text(key, "en") and "捕捉率が等しい" in text(key, "ja")
