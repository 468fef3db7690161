"""The report a coordinator hands on: one self-contained HTML file, in English or Japanese; and the chart fixes."""

import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from tomoshibi.estimation.data import table_from_rows
from tomoshibi.estimation.estimate import estimate
from tomoshibi.estimation.plot import MAX_PATTERNS, draw
from tomoshibi.estimation.tests.helpers import DATA, Runner, published


@pytest.fixture(scope="module")
def uk_report_ja(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tomoshibi.estimation.cli import main

    path = tmp_path_factory.mktemp("report") / "uk.html"
    assert main([str(DATA / "UKdat_5.csv"), "--bootstrap", "200", "--report", str(path), "--lang", "ja"]) == 0
    return path.read_text(encoding="utf-8")


def test_it_writes_one_self_contained_page(uk_report_ja: str) -> None:
    assert uk_report_ja.startswith("<!DOCTYPE html>")
    assert '<html lang="ja">' in uk_report_ja
    assert uk_report_ja.count("<svg") == 3  # overlaps, bootstrap distribution, sensitivity
    # Nothing is fetched: every link points inside the page, no script, no external style or image.
    assert not re.search(r'(?:src|href)="(?!#)', uk_report_ja)
    assert "<script" not in uk_report_ja
    assert not re.search(r"url\((?!#)", uk_report_ja)
    assert not re.search(r"https?://(?!www\.w3\.org/)", uk_report_ja)  # only the SVG namespaces


def test_it_writes_every_section_in_japanese(uk_report_ja: str) -> None:
    for heading in ("データ", "リスト間の重なり", "推計", "ブートストラップ分布", "感度分析", "診断", "手法の前提"):
        assert f"<h2>{heading}" in uk_report_ja
    assert "<strong>11,313</strong>" in uk_report_ja
    assert "Chaoの下限" in uk_report_ja
    assert "LAなし" in uk_report_ja
    assert "16.35" in uk_report_ja  # the selected model's deviance


def test_it_gives_the_version_and_the_command_that_reproduces_it(uk_report_ja: str) -> None:
    assert re.search(r"Tomoshibi \d+\.\d+", uk_report_ja)
    assert f"<code>tomoshibi estimate {DATA / 'UKdat_5.csv'} --bootstrap 200 --report " in uk_report_ja
    assert "--lang ja</code>" in uk_report_ja


def test_it_writes_the_report_in_english_too(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "korea.html"
    done = run(DATA / "Korea.csv", "--bootstrap", 100, "--report", path)
    assert done.returncode == 0, done.stderr
    page = path.read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "<h2>What the method assumes, and which check speaks to it</h2>" in page
    assert "Chao&#x27;s lower bound (no model; only if every list has the same reach)" in page
    assert run(DATA / "Korea.csv", "--report", tmp_path / "absent" / "r.html", "--bootstrap", 0).returncode == 2


def test_it_shows_a_model_of_six_pair_effects_whole_in_the_chart_title() -> None:
    result = estimate(published("UKdat_5"))
    title = draw(result).axes[-1].get_title()
    assert all(name in title for name in result.model_names)
    assert max(len(line) for line in title.splitlines()) <= 30


def test_it_puts_the_interval_label_beside_the_error_bar_not_on_it() -> None:
    result = estimate(published("NewOrl_5"), bootstrap=100)
    panel = draw(result).axes[-1]
    (label,) = [text for text in panel.texts if "interval" in text.get_text()]
    assert isinstance(label, Annotation)
    assert label.xy[0] > 1.3  # the bar and its error bar stand at x = 1, 0.6 wide
    assert label.get_horizontalalignment() == "left"


def test_it_says_when_only_the_largest_combinations_are_drawn() -> None:
    rng = np.random.default_rng(2)
    patterns = [[int(bit) for bit in f"{code:09b}"] for code in range(1, 301)]
    table = table_from_rows([f"L{i}" for i in range(9)], patterns, rng.integers(1, 9, size=300))
    title = draw(estimate(table, "main")).axes[0].get_title()
    assert f"the {MAX_PATTERNS} largest of 300 combinations are drawn" in title


def test_it_labels_the_interval_in_the_chart_as_the_tables_do() -> None:
    result = estimate(published("NewOrl_5"), bootstrap=100, alpha=0.005)
    labels = [text.get_text() for text in draw(result).axes[-1].texts]
    assert any(label.startswith("99.5% interval") for label in labels), labels


def test_it_says_how_many_other_models_the_replicates_chose(tmp_path: Path) -> None:
    from tomoshibi.estimation.cli import main

    path = tmp_path / "neworl.html"
    assert main([str(DATA / "NewOrl.csv"), "--bootstrap", "200", "--sensitivity", "--report", str(path)]) == 0
    page = path.read_text(encoding="utf-8")
    found = re.search(r"\.\.\. and (\d+) other models, chosen in ([\d.]+)% of the replicates together", page)
    assert found is not None
    assert int(found[1]) > 0 and 0 < float(found[2]) < 100


SPARSE = "A,B,C,count\n1,0,0,10\n0,1,0,12\n0,0,1,9\n1,1,0,1\n0,1,1,1\n"


def test_it_gives_the_notes_on_the_input_in_japanese(tmp_path: Path) -> None:
    from tomoshibi.estimation.cli import main

    rows = "警察,NGO,病院,count\n1,0,0,10\n0,1,0,12\n0,0,1,9\n1,1,0,3\n0,1,1,4\n1,0,1,2\n1,0,0,2\n"
    source, path = tmp_path / "sjis.csv", tmp_path / "sjis.html"
    source.write_bytes(rows.encode("cp932"))
    assert main([str(source), "--bootstrap", "50", "--report", str(path), "--lang", "ja"]) == 0
    page = path.read_text(encoding="utf-8")
    assert "<li>UTF-8ではなくShift-JIS（CP932）として読み込みました</li>" in page
    assert "<li>前の行と同じ組み合わせの行は、その行に合算しました（8行目）</li>" in page
    assert "read as" not in page and "rows repeating" not in page
    assert "乱数生成器: R互換（r）" in page


def test_it_gives_why_a_variant_has_no_estimate_once_and_in_japanese(tmp_path: Path, run: Runner) -> None:
    source, path = tmp_path / "sparse.csv", tmp_path / "sparse.html"
    source.write_text(SPARSE, encoding="utf-8")
    done = run(source, "--bootstrap", 100, "--sensitivity", "--report", path, "--lang", "ja")
    assert done.returncode == 0, done.stderr
    assert "without B  none: the model with main effects only fails the checks: its maximum" in done.stdout
    page = path.read_text(encoding="utf-8")
    assert "推計なし: 主効果のみのモデルが検査を通りません: 最尤推定値が存在しません" in page
    assert "no estimate" not in page and "fails the checks" not in page


def test_it_names_the_method_in_the_chart_title_in_the_report_language() -> None:
    result = estimate(published("UKdat_5"))
    assert draw(result, "ja").axes[-1].get_title().startswith("ステップワイズ: ")
    assert draw(estimate(published("UKdat_5"), method="main"), "ja").axes[-1].get_title().startswith("主効果のみ: ")


def test_a_note_reads_as_english_and_keeps_its_key_through_pickling() -> None:
    import json
    import pickle

    from tomoshibi.estimation.texts import Note

    note = Note("repeated_rows", lines="5, 7")
    assert note == "rows repeating an earlier pattern were added to it (line(s) 5, 7)"
    assert json.loads(json.dumps([note])) == [str(note)]
    again = pickle.loads(pickle.dumps(note))  # noqa: S301 - a Note this test made
    assert again.render("ja") == "前の行と同じ組み合わせの行は、その行に合算しました（5, 7行目）"


def test_it_says_in_the_report_why_there_is_no_interval_and_still_draws_the_replicates(
    tmp_path: Path, run: Runner
) -> None:
    source, path = tmp_path / "sparse.csv", tmp_path / "sparse.html"
    source.write_text(SPARSE, encoding="utf-8")
    done = run(source, "--sensitivity", "--report", path, "--lang", "ja")
    assert done.returncode == 0, done.stderr
    assert "none: no model passed the checks in 121 of 1,000 replicates, so an interval would mislead" in done.stdout
    page = path.read_text(encoding="utf-8")
    reason = "なし: 1,000回の反復のうち121回でどのモデルも検査を通らず、区間を示すと誤解を招くため示しません"
    assert page.count(reason) == 2 + 5  # BCa and percentile, the threshold sweep (the same replicates)
    assert page.count("回でどのモデルも検査を通らず、区間を示すと") == 2 + 5 + 2  # and two lists left out
    assert "コマンドの出力" not in page
    assert "<h2>ブートストラップ分布</h2>" in page and page.count("<svg") == 3
    assert "1,000回の反復のうち121回は推計がなく（どのモデルも検査を通らず）、描いていません。" in page
    assert "「区間なし」の点は区間を示せなかった推計です" in page
    assert page.count(">区間なし<") >= 7 + 1  # beside each variant's dot and the estimate's bar


def test_it_draws_the_replicates_that_have_an_estimate() -> None:
    from tomoshibi.estimation.plot import bootstrap_figure

    result = estimate(table_from_rows(["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]],
                                      [10, 12, 9, 1, 1]), bootstrap=200)  # fmt: skip
    assert result.bootstrap is not None and result.bootstrap.failed > 0
    figure = bootstrap_figure(result, "en")
    assert figure is not None
    drawn = sum(patch.get_height() for patch in figure.axes[0].patches if isinstance(patch, Rectangle))
    assert drawn == result.bootstrap.size - result.bootstrap.failed


def test_it_says_what_the_deviance_misses_and_how_to_run_lcmcr(uk_report_ja: str, run: Runner, tmp_path: Path) -> None:
    assert "疎な表では大半の組み合わせが0人で、逸脱度はどのモデルでも小さくなり" in uk_report_ja
    assert "別のコマンド tomoshibi estimate FILE --method lcmcr で実行し" in uk_report_ja
    path = tmp_path / "korea.html"
    assert run(DATA / "Korea.csv", "--bootstrap", 50, "--report", path).returncode == 0
    page = path.read_text(encoding="utf-8")
    assert "deviance against df, which says little on sparse tables" in page
    assert "runs as its own command, tomoshibi estimate FILE --method lcmcr, and makes no report" in page
