"""Breakdowns (`--by COLUMN`): an estimate per group and for everybody; groups too small are said so."""

import json
import re
from pathlib import Path

import pytest

from tomoshibi.estimation.breakdown import by_group, read_groups
from tomoshibi.estimation.data import DataError
from tomoshibi.estimation.estimate import estimate
from tomoshibi.estimation.tests.helpers import DATA, Runner, published


def people_rows(name: str, group: str) -> list[str]:
    """One row per person of a published table, each with the group's name in a last column."""
    table = published(name)
    rows = []
    for pattern, count in zip(table.patterns, table.counts, strict=True):
        rows += [",".join(str(int(flag)) for flag in pattern) + f",{group}"] * int(count)
    return rows


@pytest.fixture
def prefectures(tmp_path: Path) -> Path:
    rows = people_rows("Korea", "Tokyo")
    rows += ["1,0,0,Osaka"] * 12 + ["0,1,0,Osaka"] * 9  # nobody on two lists
    rows += ["1,1,0,Kyoto"] * 3 + ["1,0,0,Kyoto"] * 2  # five people
    rows += ["1,0,0,Nara"] * 20 + ["0,1,0,Nara"] * 15 + ["1,1,0,Nara"] * 6  # nobody on d
    path = tmp_path / "people.csv"
    path.write_text("b,c,d,prefecture\n" + "\n".join(rows) + "\n")
    return path


def test_it_estimates_each_group_as_if_it_were_the_whole_file(prefectures: Path) -> None:
    everybody, tables = read_groups(prefectures, "prefecture")
    assert everybody.observed == 123 + 21 + 5 + 41
    groups = {group.name: group for group in by_group(tables, estimate)}
    assert list(groups) == ["Kyoto", "Nara", "Osaka", "Tokyo"]
    tokyo = groups["Tokyo"].result
    assert tokyo is not None
    assert tokyo.total == pytest.approx(estimate(published("Korea")).total, rel=1e-12)


def test_it_says_which_groups_are_too_small_rather_than_guessing(prefectures: Path) -> None:
    _, tables = read_groups(prefectures, "prefecture")
    groups = {group.name: group for group in by_group(tables, estimate)}
    assert groups["Kyoto"].result is None
    assert groups["Kyoto"].problem == "too small to estimate: 5 people, fewer than 10"
    assert (
        groups["Osaka"].problem == "too small to estimate: nobody is on two lists at once, so the overlaps say nothing"
    )


def test_it_leaves_out_a_list_nobody_in_the_group_is_on_and_says_so(prefectures: Path) -> None:
    _, tables = read_groups(prefectures, "prefecture")
    nara = next(group for group in by_group(tables, estimate) if group.name == "Nara")
    assert nara.result is not None
    assert nara.result.table.lists == ("b", "c")
    assert nara.result.table.notes == ("nobody in this group is on d; estimated without it",)


def test_it_refuses_a_column_that_is_not_there(prefectures: Path) -> None:
    with pytest.raises(DataError, match="--by 'age' is not a column"):
        read_groups(prefectures, "age")


def test_it_prints_each_group_and_everybody(run: Runner, prefectures: Path) -> None:
    done = run(prefectures, "--by", "prefecture", "--bootstrap", 50, "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [row["group"] for row in found["by"]] == ["Kyoto", "Nara", "Osaka", "Tokyo"]
    assert found["by"][0]["estimate"] is None
    assert found["by"][3]["interval"] is not None
    assert found["total"]["observed"] == 190
    table = run(prefectures, "--by", "prefecture", "--bootstrap", 0).stdout
    assert "prefecture = Kyoto" in table
    assert "too small to estimate: 5 people" in table
    assert "everybody" in table
    assert run(DATA / "Korea.csv", "--by", "prefecture").returncode == 2


def test_it_notes_a_group_under_fifty_people_as_rough_in_the_table_and_json(run: Runner, prefectures: Path) -> None:
    found = json.loads(run(prefectures, "--by", "prefecture", "--bootstrap", 0, "--json").stdout)
    notes = {row["group"]: row["notes"] for row in found["by"]}
    caution = "only 41 people, fewer than about 50: a rough figure, not to be relied on"
    assert caution in notes["Nara"]  # 41 people, estimated
    assert not any("fewer than about 50" in note for note in notes["Tokyo"])  # 123 people
    assert notes["Kyoto"] == []  # not estimated at all: too small
    table = run(prefectures, "--by", "prefecture", "--bootstrap", 0).stdout
    nara = next(line for line in table.splitlines() if "prefecture = Nara" in line)
    assert caution in nara


@pytest.mark.parametrize(
    "refused",
    [("--report", "out.html"), ("--lang", "ja"), ("--quantiles", "0.5"), ("--merge", "b,c")],
)
def test_it_refuses_options_a_breakdown_would_otherwise_ignore(
    run: Runner, prefectures: Path, refused: tuple[str, str]
) -> None:
    option, value = refused
    target = prefectures.parent / value if option == "--report" else value
    done = run(prefectures, "--by", "prefecture", "--bootstrap", 10, option, target)
    assert done.returncode == 2
    assert "--by works with" in done.stderr and option in done.stderr
    assert done.stdout == ""
    assert not (prefectures.parent / "out.html").exists()


def test_a_list_with_only_zero_count_rows_in_a_group_is_left_out_not_an_error(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "groups.csv"
    path.write_text(
        "A,B,C,count,g\n1,0,0,30,x\n0,1,0,20,x\n1,1,0,5,x\n0,0,1,0,x\n"
        "1,0,0,30,z\n0,0,1,20,z\n1,0,1,5,z\n0,1,0,4,z\n1,1,0,2,z\n"
    )
    done = run(path, "--by", "g", "--bootstrap", 0, "--json")
    assert done.returncode == 0, done.stderr
    found = {row["group"]: row for row in json.loads(done.stdout)["by"]}
    assert found["x"]["observed"] == 55
    assert "nobody in this group is on C; estimated without it" in found["x"]["notes"]
    assert found["z"]["observed"] == 61
    assert found["z"]["estimate"] is not None


def test_a_group_all_on_one_list_says_how_many_people_it_has(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("A,B,C,g\n" + "1,0,0,solo\n" * 15 + "1,1,0,a\n0,1,0,a\n0,0,1,a\n1,0,1,a\n" * 10)
    done = run(path, "--by", "g", "--bootstrap", 0)
    assert done.returncode == 0, done.stderr
    assert re.search(r"g = solo +15  too small to estimate: fewer than two lists", done.stdout)


def test_a_blank_group_is_labelled(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("A,B,g\n" + "1,0,\n1,1,\n0,1,\n" * 5 + "1,0,a\n1,1,a\n0,1,a\n" * 5)
    done = run(path, "--by", "g", "--bootstrap", 0)
    assert done.returncode == 0, done.stderr
    assert re.search(r"g = \(blank\) +15 ", done.stdout)
    path.write_text("A,B,g\n1,0,\n1,1,(blank)\n")
    refused = run(path, "--by", "g", "--bootstrap", 0)
    assert refused.returncode == 2 and "line 3: the group (blank) is how blank cells are shown" in refused.stderr


def test_by_refuses_the_count_column_or_a_list_column_clearly(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "groups.csv"
    path.write_text("A,B,count,g\n1,0,3,x\n0,1,4,x\n1,1,2,z\n")
    count = run(path, "--by", "count")
    assert count.returncode == 2
    assert "--by 'count' names the count column" in count.stderr
    listed = run(path, "--by", "A")
    assert listed.returncode == 2
    assert "--by 'A' names a list column" in listed.stderr
    assert "perhaps --by g" in listed.stderr
