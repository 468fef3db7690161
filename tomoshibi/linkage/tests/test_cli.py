"""`tomoshibi linkage encode` and `match` run as organisations and a coordinator run them.

`main` is called in this process with the arguments a shell would pass; one test runs the installed
command in a new process, to prove the entry point.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tomoshibi.estimation.data import read_csv
from tomoshibi.linkage.cli import main

HEADER = "family_name,given_name,date_of_birth,sex,nationality\n"
LISTS = {
    "shelter": "佐藤,花子,1990-04-12,女,日本\nNguyễn,Văn An,1991/2/3,M,Vietnam\nSantos,Maria Cruz,1988,F,PH\n"
    "Tanaka,Ichiro,1970-01-01,M,JP\n",
    "clinic": "SATOU,HANAKO,1990/04/12,F,JPN\nNGUYEN,VAN AN,1991-02-03,m,ベトナム\nYamada,Taro,1980,M,JP\n"
    "YAMADA,TARO,1980,M,JP\n",
    "ngo": "サトウ,ハナコ,1990-04-12,F,日本\nSANTOS,MARIA CRUZ,1988,F,Philippines\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("a long passphrase agreed by telephone\n")
    for name, rows in LISTS.items():
        (tmp_path / f"{name}.csv").write_text(HEADER + rows, encoding="utf-8")
    return tmp_path


def encode(folder: Path, name: str) -> int:
    return main(["encode", str(folder / f"{name}.csv"), "--secret-file", str(folder / "secret.txt"),
                 "--out", str(folder / f"{name}.clk.json")])  # fmt: skip


def test_it_encodes_links_and_writes_a_capture_table_estimate_reads(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert [encode(folder, name) for name in LISTS] == [0, 0, 0]
    encoded = json.loads((folder / "shelter.clk.json").read_text())
    assert encoded["lines"] == [2, 3, 4, 5] and len(encoded["clks"]) == 4
    assert "花子" not in (folder / "shelter.clk.json").read_text() and "sato" not in encoded["clks"][0]
    files = [str(folder / f"{name}.clk.json") for name in LISTS]
    assert main(["match", *files, "--out", str(folder / "capture.csv")]) == 0
    rows = list(csv.reader((folder / "capture.csv").open()))
    assert rows[0] == ["shelter", "clinic", "ngo", "count"]
    counts = {tuple(row[:3]): int(row[3]) for row in rows[1:]}
    assert counts == {
        ("1", "1", "1"): 1,
        ("1", "1", "0"): 1,
        ("1", "0", "1"): 1,
        ("1", "0", "0"): 1,
        ("0", "1", "0"): 2,
    }
    assert read_csv(folder / "capture.csv").observed == 6
    assert "clinic: lines 4 and 5 may be the same person" in capsys.readouterr().err


def test_a_kanji_name_links_by_the_reading_the_list_gives_and_a_guess_is_pointed_out(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pykakasi guesses Sanchu Takashi for 山中 孝司; he reads his name Yamanaka Koji, as the clinic writes it.
    header = "nationality,given_name,family_name,date_of_birth,sex,given_name_reading,family_name_reading\n"
    (folder / "shelter.csv").write_text(header + "日本,孝司,山中,1990-04-12,M,コウジ,やまなか\n日本,花子,佐藤,,F,,\n")
    (folder / "clinic.csv").write_text(HEADER + "YAMANAKA,Koji,1990-04-12,M,JP\n")
    assert encode(folder, "shelter") == encode(folder, "clinic") == 0
    noted = capsys.readouterr().err
    assert "a name in kanji without its reading" in noted and "read by a guess from the kanji: 1 of 2 people" in noted
    assert not {"山中", "佐藤", "花子", "孝司", "yamanaka", "koji", "sato"} & set(noted.replace(":", " ").split())
    files = [str(folder / f"{name}.clk.json") for name in ("shelter", "clinic")]
    assert main(["match", *files, "--out", str(folder / "capture.csv")]) == 0
    assert ["1", "1", "1"] in list(csv.reader((folder / "capture.csv").open()))  # one person on both lists
    (folder / "shelter.csv").write_text(HEADER + "山中,孝司,1990-04-12,M,日本\n")
    assert encode(folder, "shelter") == 0 and main(["match", *files, "--out", str(folder / "capture.csv")]) == 0
    assert [row[:2] for row in csv.reader((folder / "capture.csv").open())][1:] == [["1", "0"], ["0", "1"]]


def test_it_names_the_missing_columns(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "shelter.csv").write_text("family_name,given_name,dob\nSato,Hanako,1990\n")
    assert encode(folder, "shelter") == 2
    assert "missing column(s) date_of_birth, sex, nationality" in capsys.readouterr().err
    assert not (folder / "shelter.clk.json").exists()


def test_it_reads_shift_jis_and_refuses_a_file_that_is_no_text(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "shelter.csv").write_bytes((HEADER + LISTS["shelter"]).encode("cp932", errors="replace"))
    assert encode(folder, "shelter") == 0
    assert "read as Shift-JIS" in capsys.readouterr().err
    (folder / "shelter.csv").write_bytes(HEADER.encode() + b"\xff\xfe\x00\x81\xff,x,,,\n")
    assert encode(folder, "shelter") == 2
    assert "is neither UTF-8 nor Shift-JIS" in capsys.readouterr().err


def test_it_reads_old_mac_line_endings_and_a_name_with_a_variation_selector(folder: Path) -> None:
    assert encode(folder, "shelter") == 0
    expected = json.loads((folder / "shelter.clk.json").read_text())
    mac = (HEADER + LISTS["shelter"]).replace("\n", "\r").replace("佐藤", "佐\ufe00藤\U000e0100")
    (folder / "shelter.csv").write_bytes(mac.encode("utf-8"))
    assert encode(folder, "shelter") == 0
    assert json.loads((folder / "shelter.clk.json").read_text()) == expected
    (folder / "shelter.csv").write_text(HEADER + "さ\ufe00,はなこ,1990,F,\n", encoding="utf-8")
    assert encode(folder, "shelter") == 0


def test_it_refuses_a_file_mixing_lone_cr_with_other_line_endings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "shelter.csv").write_bytes((HEADER + "Sato,Hanako,1990,F,JP\rTanaka,Yui,1991,F,JP\n").encode())
    assert encode(folder, "shelter") == 2
    assert "mixes line endings: a lone CR" in capsys.readouterr().err
    assert not (folder / "shelter.clk.json").exists()


def test_it_lists_every_unreadable_date_with_its_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "shelter.csv").write_text(HEADER + "Sato,Hanako,12/04/1990,F,JP\nSato,Jiro,1990,M,JP\nLee,Min,soon,,\n")
    assert encode(folder, "shelter") == 2
    error = capsys.readouterr().err
    assert "2 unreadable date(s) of birth: line 2: '12/04/1990'" in error and "line 4: 'soon'" in error


def test_it_refuses_a_short_or_missing_secret(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "secret.txt").write_text("short")
    assert encode(folder, "shelter") == 2
    assert "at least 16 characters" in capsys.readouterr().err
    (folder / "secret.txt").unlink()
    assert encode(folder, "shelter") == 2
    assert "the secret file cannot be read" in capsys.readouterr().err


def test_match_refuses_files_it_cannot_link(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in LISTS:
        encode(folder, name)
    out = ["--out", str(folder / "capture.csv")]
    assert main(["match", str(folder / "shelter.clk.json"), *out]) == 2
    assert "between 2 and 10" in capsys.readouterr().err
    (folder / "ngo.clk.json").write_text("name,dob\n")
    assert main(["match", str(folder / "shelter.clk.json"), str(folder / "ngo.clk.json"), *out]) == 2
    assert "not an encoded list" in capsys.readouterr().err
    other = json.loads((folder / "clinic.clk.json").read_text()) | {"schema": "0" * 64}
    (folder / "clinic.clk.json").write_text(json.dumps(other))
    assert main(["match", str(folder / "shelter.clk.json"), str(folder / "clinic.clk.json"), *out]) == 2
    assert "encoded with a different schema" in capsys.readouterr().err
    assert not (folder / "capture.csv").exists()


def test_the_installed_command_encodes_and_matches(folder: Path) -> None:
    command = [str(Path(sys.executable).with_name("tomoshibi")), "linkage"]
    for name in ("shelter", "ngo"):
        done = subprocess.run(
            [*command, "encode", f"{name}.csv", "--secret-file", "secret.txt", "--out", f"{name}.clk.json"],
            cwd=folder, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [*command, "match", "shelter.clk.json", "ngo.clk.json", "--out", "capture.csv", "--threshold", "0.75"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (folder / "capture.csv").read_text().splitlines()[0] == "shelter,ngo,count"
