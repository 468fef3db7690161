"""One call from capture rows held in memory to the figures and the report page, as the command gives them."""

import json
import re
from pathlib import Path

import pytest

from tomoshibi.estimation.analysis import Settings, analyse_rows, run_analysis
from tomoshibi.estimation.data import DataError
from tomoshibi.estimation.estimate import NoValidModel, estimate
from tomoshibi.estimation.tests.helpers import DATA, Runner, published


def test_it_turns_capture_rows_into_the_commands_json_and_report(run: Runner, tmp_path: Path) -> None:
    table = published("UKdat_5")
    rows = table.patterns.astype(int).tolist()
    found = analyse_rows(
        table.lists, rows, table.counts.tolist(), Settings(bootstrap=200), [("LA", "NG")], "ja", "uk.csv"
    )
    page = tmp_path / "uk.html"
    done = run(
        DATA / "UKdat_5.csv", "--bootstrap", 200, "--sensitivity", "--merge", "LA,NG", "--diagnostics", "--json",
        "--report", page, "--lang", "ja",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)
    assert json.loads(json.dumps(found.figures)) == {**expected, "notes": []}  # the file's read notes aside
    assert found.figures["estimate"] == pytest.approx(11312.99, rel=1e-6)
    assert found.report_html.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in found.report_html
    assert "<strong>11,313</strong>" in found.report_html
    command = "tomoshibi estimate uk.csv --method stepwise --pthresh 0.02 --bootstrap 200 --seed 1234 --alpha 0.05"
    assert command in found.report_html
    # Apart from the command line and the charts' ids, the page is the one the command writes.
    ours, theirs = (
        re.sub(r"<svg.*?</svg>", "", text.split("<code>")[0], flags=re.DOTALL)
        for text in (found.report_html, page.read_text(encoding="utf-8"))
    )
    assert ours == theirs.replace(str(DATA / "UKdat_5.csv"), "uk.csv")
    assert found.report_html.count("<svg") == 3


def test_it_says_what_is_wrong_with_the_rows_or_why_nothing_estimates() -> None:
    with pytest.raises(DataError, match="line 3"):
        analyse_rows(["A", "B"], [[1, 0], [0, 2]], [3, 4])
    with pytest.raises(NoValidModel, match="fails the checks"):
        analyse_rows(["A", "B"], [[1, 0], [0, 1]], [3, 4], Settings(bootstrap=0))


def test_its_estimate_is_the_estimate_of_the_same_settings() -> None:
    table = published("NewOrl")
    analysis = run_analysis(table, Settings(pthresh=0.05, bootstrap=100), with_diagnostics=False)
    alone = estimate(table, pthresh=0.05, bootstrap=100)
    assert analysis.result.model_names == alone.model_names
    assert analysis.result.total == pytest.approx(alone.total, rel=1e-12)
    assert analysis.result.interval == pytest.approx(alone.interval, rel=1e-12)
    assert analysis.diagnostics is None
    assert analysis.sensitivity is not None
    assert [variant.label for variant in analysis.sensitivity.pthresh] == ["0.001", "0.01", "0.02", "0.05", "0.1"]
