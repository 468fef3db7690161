"""The cautions: docs/estimation.md's "when not to trust a figure", checked on the published tables."""

import json

import pytest

from tomoshibi.estimation.analysis import run_analysis
from tomoshibi.estimation.cautions import bca_levels, cautions
from tomoshibi.estimation.output import Analysis, as_json, as_table
from tomoshibi.estimation.tests.helpers import DATA, Runner, published


@pytest.fixture(scope="module")
def uk() -> Analysis:
    return run_analysis(published("UKdat_5"), with_diagnostics=False)


@pytest.fixture(scope="module")
def new_orleans() -> Analysis:
    return run_analysis(published("NewOrl"), with_diagnostics=False)


def kinds(analysis: Analysis) -> list[str]:
    return [caution.key for caution in cautions(analysis.result, analysis.sensitivity)]


def test_it_flags_the_uk_tables_model_choice_sensitivity_and_chao(uk: Analysis) -> None:
    assert kinds(uk) == ["caution_model", "caution_sensitivity", "caution_chao"]
    said = [str(caution) for caution in cautions(uk.result, uk.sensitivity)]
    assert "chosen in only 25.7% of the bootstrap replicates (the most frequent model in 27.9%)" in said[0]
    assert "more than the interval is wide (5,916): without PFNCA gives 22,623." in said[1]
    assert said[2].startswith("Chao's figure (14,642) is above the estimate (11,313).")
    assert "the estimate may be too low" in said[2]


def test_it_flags_new_orleans_bca_interval_as_rough(new_orleans: Analysis) -> None:
    assert kinds(new_orleans) == ["caution_bca", "caution_model", "caution_sensitivity", "caution_chao"]
    boot = new_orleans.result.bootstrap
    assert boot is not None
    low, high = bca_levels(boot.bias, boot.acceleration, boot.alpha)
    assert low < 1 / boot.size < high
    said = str(cautions(new_orleans.result, new_orleans.sensitivity)[0])
    assert "its lower limit is the smallest of the replicates" in said
    assert "the bias correction is large (z0 = -1.13)" in said and "(their median is 1,936)" in said
    assert said.endswith("Read the percentile interval (923 to 10,569) beside it.")
    assert "p < 0.1 gives 2,282" in str(cautions(new_orleans.result, new_orleans.sensitivity)[2])


def test_it_raises_no_caution_where_none_applies() -> None:
    korea = run_analysis(published("Korea"), with_diagnostics=False)
    assert kinds(korea) == []
    assert "caution" not in as_table(korea)
    assert as_json(korea)["cautions"] == []


def test_it_leaves_out_what_was_not_computed() -> None:
    result = run_analysis(published("UKdat_5"), with_sensitivity=False, with_diagnostics=False).result
    assert [caution.key for caution in cautions(result)] == ["caution_model", "caution_chao"]


def test_it_prints_the_cautions_and_puts_them_in_json(run: Runner) -> None:
    done = run(DATA / "NewOrl.csv", "--sensitivity")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\ncaution: ") == 4
    found = json.loads(run(DATA / "NewOrl.csv", "--sensitivity", "--json").stdout)
    assert [caution["kind"] for caution in found["cautions"]] == kinds(run_analysis(published("NewOrl")))
    assert found["cautions"][3]["text"].startswith("Chao's figure (1,362)")


def test_it_gives_the_cautions_in_the_japanese_report(new_orleans: Analysis) -> None:
    from tomoshibi.estimation.report import report_html

    page = report_html(new_orleans, "ja", "tomoshibi estimate NewOrl.csv --report r.html --lang ja")
    assert "<h3>注意点</h3>" in page
    assert "BCa区間は粗い目安です" in page and "Chaoの値（1,362）が推計（1,184）を上回っています" in page
    assert "The BCa interval" not in page
