"""`tomoshibi estimate` run as a coordinator runs it.

The command's `main` is called in this process with the arguments a shell would pass, and its standard
output, standard error and exit status are read back; one test runs the installed command in a new
process, to prove the entry point and that Django is never loaded.
"""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tomoshibi.estimation.cli import ProgressBar, main
from tomoshibi.estimation.estimate import estimate
from tomoshibi.estimation.tests.helpers import DATA, Runner, published

JSON_KEYS = {
    "observed", "estimate", "dark_figure", "model", "interval", "method", "bootstrap", "percentile_interval",
    "interval_given_model", "alpha", "failed_replicates", "bias_correction", "acceleration", "seed", "generator",
    "pthresh", "quantiles", "notes", "chao_lower_bound", "cautions",
}  # fmt: skip


def test_it_prints_a_readable_table(run: Runner) -> None:
    done = run(DATA / "NewOrl.csv")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("  ", 1) for line in done.stdout.splitlines() if "  " in line)
    assert lines["people observed"].strip() == "185"
    assert lines["model"].strip() == "main effects + D:E"
    assert lines["estimated total"].strip() == "1,183.7"
    assert lines["people on no list"].strip() == "998.7"
    assert lines["95% interval (BCa)"].strip().startswith("717 to 1,658")
    assert "1,000 replicates" in done.stderr


def test_it_prints_json_with_exactly_the_agreed_keys(run: Runner) -> None:
    done = run(DATA / "UKdat_5.csv", "--json", "--bootstrap", 200, "--seed", 1)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == JSON_KEYS
    assert result["observed"] == 2744
    assert round(result["estimate"]) == 11313
    assert result["dark_figure"] == pytest.approx(result["estimate"] - 2744)
    assert sorted(result["model"]) == sorted(["LA:NG", "NG:GP", "PFNCA:GP", "LA:PFNCA", "GO:GP", "NG:GO"])
    assert result["method"] == "stepwise"
    assert result["bootstrap"] == 200
    low, high = result["interval"]
    assert low < result["estimate"] < high


def test_it_carries_every_interval_and_the_bca_ingredients_in_json(run: Runner) -> None:
    done = run(DATA / "NewOrl_5.csv", "--json", "--quantiles", "0.025,0.5,0.975")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["bootstrap"] == 1000
    assert result["failed_replicates"] == 0
    assert result["interval"] == pytest.approx([588.8, 1703.7], abs=0.1)  # SparseMSE's published (589, 1,703)
    assert result["acceleration"] == pytest.approx(-0.0552, abs=5e-4)
    assert result["bias_correction"] < 0  # z0 = Φ⁻¹(share below the estimate): most replicates lie above
    low, high = result["percentile_interval"]
    assert low < result["estimate"] < high
    assert result["interval_given_model"] == pytest.approx(estimate(published("NewOrl_5")).conditional)
    assert list(result["quantiles"]) == ["0.025", "0.5", "0.975"]
    assert result["quantiles"]["0.025"] == pytest.approx(low)
    assert result["quantiles"]["0.975"] == pytest.approx(high)
    assert (result["seed"], result["generator"], result["pthresh"], result["alpha"]) == (1234, "r", 0.02, 0.05)


def test_it_carries_notes_about_the_input_into_json(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "split.csv"
    path.write_bytes("警察;NGO;count\n1;0;30\n0;1;20\n1;1;5\n1;0;2\n".encode("cp932"))
    result = json.loads(run(path, "--json", "--bootstrap", 0).stdout)
    assert result["notes"] == [
        "read as Shift-JIS (CP932), not UTF-8",
        "rows repeating an earlier pattern were added to it (line(s) 5)",
    ]
    assert result["observed"] == 57


def test_it_prints_asked_quantiles_and_refuses_them_without_replicates(run: Runner) -> None:
    done = run(DATA / "Korea.csv", "--bootstrap", 200, "--quantiles", "0.1,0.9")
    assert re.search(r"bootstrap quantiles +0\.1: [\d,.]+, 0\.9: [\d,.]+", done.stdout)
    refused = run(DATA / "Korea.csv", "--bootstrap", 0, "--quantiles", "0.5")
    assert refused.returncode == 2
    assert "--quantiles needs bootstrap replicates" in refused.stderr
    assert run(DATA / "Korea.csv", "--quantiles", "0.5,1.5").returncode == 2


def test_it_gives_a_null_interval_without_bootstrap(run: Runner) -> None:
    done = run(DATA / "Korea.csv", "--json", "--bootstrap", 0, "--method", "main")
    result = json.loads(done.stdout)
    assert result["interval"] is None
    assert result["percentile_interval"] is None
    assert result["bias_correction"] is None
    assert result["quantiles"] is None
    assert result["bootstrap"] == 0
    assert result["model"] == []
    assert round(result["estimate"], 1) == 142.0


def test_it_fits_a_fixed_model(run: Runner) -> None:
    done = run(DATA / "NewOrl_186.csv", "--model", "D:E", "--json", "--bootstrap", 0)
    result = json.loads(done.stdout)
    assert result["method"] == "fixed"
    assert result["model"] == ["D:E"]
    assert round(result["estimate"]) == 1110


def test_it_draws_a_png(run: Runner, tmp_path: Path) -> None:
    picture = tmp_path / "overlaps.png"
    done = run(DATA / "NewOrl_5.csv", "--plot", picture, "--bootstrap", 100)
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 10_000


def test_it_says_when_the_plot_cannot_be_written(run: Runner, tmp_path: Path) -> None:
    done = run(DATA / "Korea.csv", "--plot", tmp_path / "missing" / "plot.png", "--bootstrap", 0)
    assert done.returncode == 2
    assert "cannot write the plot" in done.stderr


def test_it_refuses_a_plot_file_that_is_not_named_png(run: Runner, tmp_path: Path) -> None:
    done = run(DATA / "Korea.csv", "--plot", tmp_path / "plot.pdf", "--bootstrap", 0)
    assert done.returncode == 2
    assert "--plot draws a PNG image: name the file with .png" in done.stderr
    assert not (tmp_path / "plot.pdf").exists()


BAD_FILES = [
    ("A,B,count\n1,0,3\n0,2,4\n", "line 3: column 'B' is '2'; list columns must be 0 or 1"),
    ("A,B,count\n1,0,3\n0,1,\n", "line 3: the count is missing"),
    ("A,B,count\n1,0,3\n0,1,-4\n", "line 3: the count -4 is negative"),
    ("A,B,count\n1,0,3\n0,0,4\n", "line 3: every list column is 0"),
    ("A,count\n1,3\n", "line 1: found 1 list column(s); estimation needs at least two lists"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_it_refuses_bad_input_with_status_2_naming_file_and_line(
    run: Runner, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "lists.csv"
    path.write_text(text)
    done = run(path)
    assert done.returncode == 2
    assert f"{path}: {message}" in done.stderr
    assert done.stdout == ""


def test_it_refuses_a_model_naming_an_unknown_list(run: Runner) -> None:
    done = run(DATA / "Korea.csv", "--model", "b:x")
    assert done.returncode == 2
    assert f"{DATA / 'Korea.csv'}: line 1: the model names list 'x', which is not in the header" in done.stderr


def test_it_refuses_a_missing_file_and_bad_options(run: Runner, tmp_path: Path) -> None:
    missing = run(tmp_path / "absent.csv")
    assert missing.returncode == 2
    assert "absent.csv: no such file" in missing.stderr
    assert run(DATA / "Korea.csv", "--pthresh", "2").returncode == 2
    assert run(DATA / "Korea.csv", "--bootstrap", "-5").returncode == 2
    assert run(DATA / "Korea.csv", "--seed", "-1").returncode == 2
    assert run(DATA / "Korea.csv", "--alpha", "1").returncode == 2
    assert run(DATA / "Korea.csv", "--method", "fixed").returncode == 2
    assert run(DATA / "Korea.csv", "--method", "main", "--model", "b:c").returncode == 2


def test_it_prints_no_number_when_no_model_passes_the_checks(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "apart.csv"
    path.write_text("A,B,C,count\n1,0,0,5\n0,1,0,7\n0,0,1,4\n")
    done = run(path, "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no estimate" in done.stderr
    assert "maximum likelihood estimate does not exist" in done.stderr


def test_it_refuses_a_fixed_model_that_fails_the_checks(run: Runner) -> None:
    done = run(DATA / "Artificial_3.csv", "--model", "A:B,A:C,B:C")
    assert done.returncode == 1
    assert "not identifiable" in done.stderr
    assert done.stdout == ""


def test_it_runs_as_the_installed_command_without_loading_django() -> None:
    """The one test in a new process: `tomoshibi estimate` from the shell, and Django never imported."""
    code = (
        "import sys; from tomoshibi.cli import main\n"
        "try:\n"
        f"    main(['tomoshibi', 'estimate', {str(DATA / 'Korea.csv')!r}, '--bootstrap', '50', '--json'])\n"
        "except SystemExit as exit:\n"
        "    assert 'django' not in sys.modules, 'django was imported'\n"
        "    raise\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert round(json.loads(done.stdout)["estimate"], 1) == 268.8


def test_it_notes_rows_that_were_added_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "split.csv"
    path.write_text("b,c,d,count\n" + (DATA / "Korea.csv").read_text().split("\n", 1)[1] + "1,1,0,0\n")
    assert main([str(path), "--bootstrap", "0"]) == 0
    assert "note: rows repeating an earlier pattern were added to it (line(s) 9)" in capsys.readouterr().out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_a_progress_bar_on_a_terminal() -> None:
    stream = Terminal()
    bar = ProgressBar(stream)
    bar(250, 1000)
    bar(1000, 1000)
    bar.finish()
    written = stream.getvalue()
    assert "\rbootstrap [########----------------------] 250/1,000" in written
    assert "\rbootstrap [##############################] 1,000/1,000" in written
    assert re.search(r"\nbootstrap: 1,000 replicates in \d+\.\d s\n$", written)


@pytest.mark.parametrize(
    "refused",
    [("--report", "out.html"), ("--by", "prefecture"), ("--lang", "ja")],
)
def test_it_refuses_lcmcr_options_it_would_otherwise_ignore(
    run: Runner, tmp_path: Path, refused: tuple[str, str]
) -> None:
    option, value = refused
    done = run(DATA / "Korea.csv", "--method", "lcmcr", option, tmp_path / value if option == "--report" else value)
    assert done.returncode == 2
    assert "--method lcmcr takes none of" in done.stderr and option in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "out.html").exists()


def test_counts_of_a_billion_give_an_estimate_not_a_false_does_not_exist(run: Runner, tmp_path: Path) -> None:
    """Rounding in the fit's gradient at such counts once stopped the fit converging, reported as no MLE."""
    path = tmp_path / "large.csv"
    cells = ["1,0,0", "0,1,0", "0,0,1", "1,1,0", "1,0,1", "0,1,1"]
    path.write_text("A,B,C,count\n" + "".join(f"{cell},1000000000\n" for cell in cells) + "1,1,1,1\n")
    for options in ((), ("--model", "A:B,A:C,B:C")):
        done = run(path, "--bootstrap", 0, "--json", *options)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["estimate"] == pytest.approx(6_000_000_002, abs=1)


def test_a_reader_that_stops_early_ends_it_quietly() -> None:
    """`tomoshibi estimate ... | head -3`: a closed pipe is no traceback (in a new process: the exit is the point)."""
    korea = str(DATA / "Korea.csv")
    code = f"from tomoshibi.cli import main; main(['tomoshibi', 'estimate', {korea!r}, '--bootstrap', '0'])"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    process.stdout.close()  # before it writes: its first write meets a closed pipe
    _, errors = process.communicate(timeout=120)
    assert errors == ""
    assert process.returncode == 141


def test_lang_without_report_is_refused(run: Runner) -> None:
    done = run(DATA / "Korea.csv", "--lang", "ja", "--bootstrap", 0)
    assert done.returncode == 2
    assert "--lang sets the language of the report: it needs --report" in done.stderr
    assert done.stdout == ""


def test_merge_refuses_a_list_whose_name_has_a_plus(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "plus.csv"
    path.write_text("police+ngo,iom,clinic,count\n1,0,0,30\n0,1,0,20\n0,0,1,25\n1,1,0,6\n1,0,1,7\n0,1,1,5\n")
    done = run(path, "--sensitivity", "--merge", "police+ngo,iom", "--bootstrap", 0)
    assert done.returncode == 2
    assert "--merge names list 'police+ngo', whose name contains '+'" in done.stderr
    assert done.stdout == ""


def test_a_fit_that_does_not_settle_is_said_so_and_names_the_model_reached(run: Runner, tmp_path: Path) -> None:
    """At counts near 2^53 rounding stops even a fit whose estimate exists: say that, of the model that failed."""
    path = tmp_path / "huge.csv"
    cells = ["1,0,0", "0,1,0", "0,0,1", "1,1,0", "1,0,1", "0,1,1"]
    path.write_text("A,B,C,count\n" + "".join(f"{cell},{10**15}\n" for cell in cells) + "1,1,1,1\n")
    done = run(path, "--bootstrap", 0)
    assert done.returncode == 1
    assert "the model A:B + A:C + B:C cannot be fitted: its fit did not settle" in done.stderr
    assert "does not exist" not in done.stderr
