"""Sensitivity: the threshold sweep, each list left out, two lists merged, the models chosen in the bootstrap.

Reference values from R 4.2.2 with SparseMSE 2.0.1 (installed from the CRAN mirror on GitHub, cran/SparseMSE,
with lpSolve 5.6.23 and Rcapture 1.4-4), on 2026-12-06, by:

    library(SparseMSE); data(NewOrl); data(UKdat_5)
    est <- function(d, p = 0.02) { f <- stepwisefit(d, pthresh = p)
      c(exp(f$fit$coefficients[1]) + sum(d[, ncol(d)]), names(f$fit$coefficients)) }
    collapse <- function(d) { m <- ncol(d); a <- aggregate(d[, m], by = as.list(d[, -m, drop = FALSE]), FUN = sum)
      names(a)[ncol(a)] <- "count"; a[rowSums(a[, -ncol(a), drop = FALSE]) > 0, ] }
    for (p in c(0.001, 0.01, 0.02, 0.05, 0.1)) print(est(NewOrl, p))  # and est(UKdat_5, p)
    for (k in 1:(ncol(d) - 1)) print(est(collapse(d[, -k])))         # each list left out
    d <- NewOrl; d$BE <- pmax(d$B, d$E); est(collapse(d[, c("A", "BE", "C", "D", "F", "G", "H", "n")]))
"""

import json
import re

import numpy as np
import pytest

from tomoshibi.estimation.checks import CheckResult
from tomoshibi.estimation.data import DataError, table_from_rows
from tomoshibi.estimation.estimate import Estimate, NoValidModel, estimate, estimate_sweep, parse_model
from tomoshibi.estimation.sensitivity import (
    PTHRESH_SWEEP,
    merged_lists,
    parse_merge,
    sensitivity,
    why_no_estimate,
    without_list,
)
from tomoshibi.estimation.tests.helpers import DATA, Runner, bootstrap_of, published, replicates
from tomoshibi.estimation.texts import Note

SPARSEMSE_NEWORL_SWEEP = {
    0.001: (996.6643, []),
    0.01: (996.6643, []),
    0.02: (1183.692, ["D:E"]),
    0.05: (1494.453, ["D:E", "B:F", "A:E"]),
    0.1: (2282.067, ["D:E", "B:F", "A:E", "C:G", "A:D"]),
}
SPARSEMSE_UK_SWEEP = {
    0.001: (13100.84, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA"]),
    0.01: (12262.41, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP"]),
    0.02: (11312.99, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]),
    0.05: (11312.99, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]),
    0.1: (11312.99, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"]),
}
SPARSEMSE_NEWORL_WITHOUT = {
    "A": (1558.075, ["D:E"]),
    "B": (1193.439, ["D:E"]),
    "C": (592.5807, []),
    "D": (1002.848, []),
    "E": (1443.014, []),
    "F": (1177.174, ["D:E"]),
    "G": (1280.499, ["D:E"]),
    "H": (799.7435, []),
}
SPARSEMSE_UK_WITHOUT = {
    "LA": (11110.93, ["NG:GP", "PFNCA:GP", "GO:GP", "NG:GO"]),
    "NG": (12187.38, ["LA:PFNCA", "PFNCA:GP", "GO:GP"]),
    "PFNCA": (22623.03, ["LA:NG", "NG:GP"]),
    "GO": (10202.00, ["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA"]),
    "GP": (11015.24, ["LA:NG", "LA:PFNCA", "NG:GO"]),
}


def same_model(found: tuple[str, ...], expected: list[str]) -> bool:
    return {frozenset(name.split(":")) for name in found} == {frozenset(name.split(":")) for name in expected}


@pytest.mark.parametrize(
    ("name", "sweep", "without"),
    [
        ("NewOrl", SPARSEMSE_NEWORL_SWEEP, SPARSEMSE_NEWORL_WITHOUT),
        ("UKdat_5", SPARSEMSE_UK_SWEEP, SPARSEMSE_UK_WITHOUT),
    ],
)
def test_it_agrees_with_sparsemse_at_every_threshold_and_without_each_list(
    name: str, sweep: dict[float, tuple[float, list[str]]], without: dict[str, tuple[float, list[str]]]
) -> None:
    found = sensitivity(estimate(published(name)))
    assert [float(variant.label) for variant in found.pthresh] == list(sweep)
    for variant in found.pthresh:
        total, model = sweep[float(variant.label)]
        assert variant.total == pytest.approx(total, rel=1e-5)
        assert same_model(variant.model, model)
    assert [variant.label for variant in found.without] == list(without)
    for variant in found.without:
        total, model = without[variant.label]
        assert variant.total == pytest.approx(total, rel=1e-5)
        assert same_model(variant.model, model)


def test_it_agrees_with_sparsemse_with_two_lists_merged() -> None:
    found = sensitivity(estimate(published("NewOrl")), [("B", "E")])
    (merged,) = found.merged
    assert merged.label == "B+E"
    assert merged.total == pytest.approx(992.5215, rel=1e-6)  # SparseMSE, as in the module docstring
    assert merged.model == ()


def test_it_leaves_a_list_out_as_if_it_had_never_been_collected() -> None:
    table = published("Korea")
    without = without_list(table, "b")
    on_b_only = int(table.counts[(table.patterns[:, 0]) & ~table.patterns[:, 1:].any(axis=1)].sum())
    assert without.lists == ("c", "d")
    assert without.observed == table.observed - on_b_only
    assert without.list_totals().tolist() == table.list_totals()[1:].tolist()


def test_it_merges_two_lists_into_one_of_the_people_on_either() -> None:
    table = published("Korea")
    merged = merged_lists(table, "b", "d")
    assert merged.lists == ("b+d", "c")
    assert merged.observed == table.observed
    on_either = int(table.counts[table.patterns[:, 0] | table.patterns[:, 2]].sum())
    assert merged.list_totals().tolist() == [on_either, table.list_totals()[1]]


def test_it_refuses_a_merge_that_names_no_such_list() -> None:
    table = published("Korea")
    with pytest.raises(DataError, match="--merge names list 'x', which is not in the header"):
        parse_merge("b,x", table)
    with pytest.raises(DataError, match="must name two lists"):
        parse_merge("b", table)
    with pytest.raises(DataError, match="two different lists"):
        parse_merge("b,b", table)


def test_it_says_why_a_variant_has_no_estimate() -> None:
    found = sensitivity(estimate(published("Korea")))
    assert all(variant.total is not None for variant in found.without)
    two_lists = sensitivity(estimate(published("Artificial_3"), "main"))
    assert two_lists.pthresh == ()  # only stepwise selection has a threshold
    assert {variant.label for variant in two_lists.without} == {"A", "B", "C"}


def test_it_carries_a_fixed_model_into_the_variants_where_its_lists_remain() -> None:
    table = published("NewOrl_186")
    found = sensitivity(estimate(table, "fixed", parse_model("D:E", table.lists)), [("A", "D")])
    by_list = {variant.label: variant for variant in found.without}
    assert by_list["A"].model == ("D:E",)
    assert by_list["D"].model == ()
    assert found.merged[0].model == ("A+D:E",)


def test_it_counts_the_models_chosen_across_the_bootstrap_replicates() -> None:
    result = estimate(published("NewOrl"), bootstrap=300)
    found = sensitivity(result)
    assert sum(share.replicates for share in found.models) == 300
    assert sum(share.share for share in found.models) == pytest.approx(1.0)
    assert [share.replicates for share in found.models] == sorted((s.replicates for s in found.models), reverse=True)
    threshold = next(variant for variant in found.pthresh if variant.label == "0.02")
    assert threshold.interval == result.interval  # the same analysis, the same replicates


def test_it_prints_the_sensitivity_in_the_table_and_in_json(run: Runner) -> None:
    done = run(DATA / "NewOrl.csv", "--bootstrap", 100, "--sensitivity", "--merge", "B,E", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["sensitivity"]
    assert [round(row["estimate"]) for row in found["pthresh"]] == [997, 997, 1184, 1494, 2282]
    assert found["without"][0]["list"] == "A"
    assert found["merged"][0]["lists"] == ["B", "E"]
    assert sum(row["replicates"] for row in found["models_in_replicates"]) == 100
    table = run(DATA / "NewOrl.csv", "--bootstrap", 0, "--sensitivity")
    assert "p < 0.05" in table.stdout
    assert "without H" in table.stdout
    assert run(DATA / "NewOrl.csv", "--merge", "B,Z").returncode == 2


@pytest.mark.parametrize(("name", "replicates"), [("NewOrl", 300), ("UKdat_5", 300), ("Korea", 200), ("Kosovo", 200)])
def test_one_selection_at_the_highest_threshold_gives_what_separate_runs_give_at_each(
    name: str, replicates: int
) -> None:
    table = published(name)
    swept = estimate_sweep(table, PTHRESH_SWEEP, bootstrap=replicates)
    for pthresh in PTHRESH_SWEEP:
        alone = estimate(table, pthresh=pthresh, bootstrap=replicates)
        found = swept[pthresh]
        assert isinstance(found, Estimate)
        assert (found.pthresh, found.model_names, found.steps) == (alone.pthresh, alone.model_names, alone.steps)
        assert found.total == pytest.approx(alone.total, rel=1e-12)
        assert found.conditional == pytest.approx(alone.conditional, rel=1e-12)
        ours, theirs = bootstrap_of(found), bootstrap_of(alone)
        assert ours.models.tolist() == theirs.models.tolist()
        assert ours.failed == theirs.failed
        np.testing.assert_allclose(ours.replicates, theirs.replicates, rtol=1e-12)
        for got, expected in ((ours.bca, theirs.bca), (ours.percentile, theirs.percentile)):
            assert (got is None) == (expected is None)
            assert got is None or got == pytest.approx(expected, rel=1e-12)
        assert ours.acceleration == pytest.approx(theirs.acceleration, rel=1e-9, nan_ok=True)
        assert ours.bias == pytest.approx(theirs.bias, rel=1e-12, nan_ok=True)


def test_the_sweep_keeps_replicates_with_no_estimate_and_a_threshold_with_no_model_apart() -> None:
    # Two sparse lists of three: some replicates fail the checks at every threshold.
    table = table_from_rows(["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]], [9, 7, 5, 1, 1])
    swept = estimate_sweep(table, PTHRESH_SWEEP, bootstrap=200)
    for pthresh in PTHRESH_SWEEP:
        alone = estimate(table, pthresh=pthresh, bootstrap=200)
        found = swept[pthresh]
        assert isinstance(found, Estimate)
        assert bootstrap_of(found).failed == bootstrap_of(alone).failed
        assert bootstrap_of(found).models.tolist() == bootstrap_of(alone).models.tolist()
        np.testing.assert_allclose(replicates(found), replicates(alone), rtol=1e-12)
    nobody_twice = table_from_rows(["A", "B"], [[1, 0], [0, 1]], [4, 6])
    assert all(isinstance(found, NoValidModel) for found in estimate_sweep(nobody_twice, (0.01, 0.1)).values())


def test_the_sensitivity_from_a_sweep_already_made_is_the_sensitivity_made_alone() -> None:
    table = published("NewOrl")
    swept = estimate_sweep(table, PTHRESH_SWEEP, bootstrap=100)
    main = swept[0.02]
    assert isinstance(main, Estimate)
    shared, alone = sensitivity(main, swept=swept), sensitivity(estimate(table, bootstrap=100))
    assert (shared.without, shared.merged, shared.models) == (alone.without, alone.merged, alone.models)
    for ours, theirs in zip(shared.pthresh, alone.pthresh, strict=True):
        assert (ours.label, ours.model) == (theirs.label, theirs.model)
        assert ours.total == pytest.approx(theirs.total, rel=1e-12)
        assert ours.interval == pytest.approx(theirs.interval, rel=1e-12)


@pytest.mark.parametrize("model", ["with main effects only", "A:B + B:C"])
@pytest.mark.parametrize("fixed, started", [(True, True), (False, True), (False, False)])
@pytest.mark.parametrize(
    "checks",
    [
        CheckResult(exists=False, identifiable=True),
        CheckResult(exists=True, identifiable=False),
        CheckResult(exists=False, identifiable=False),
        CheckResult(exists=True, identifiable=True, converged=False),
    ],
)
def test_it_gives_why_there_is_no_estimate_once_and_in_either_language(
    model: str, fixed: bool, started: bool, checks: CheckResult
) -> None:
    error = NoValidModel(model, checks, fixed, started)
    reason = why_no_estimate(error)
    assert str(error) == f"no estimate: {reason}"
    assert isinstance(reason, Note)
    japanese = reason.render("ja")
    assert not re.search(r"[a-z]{3,}", re.sub(r"--[a-z]+|stepwise|main|model", "", japanese)), japanese
