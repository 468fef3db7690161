"""Reading capture-history tables: both layouts, and a clear error for every kind of bad input."""

from pathlib import Path

import numpy as np
import pytest

from tomoshibi.estimation.data import DataError, parse_csv, read_csv, table_from_people, table_from_rows
from tomoshibi.estimation.estimate import ModelError, estimate, parse_model
from tomoshibi.estimation.tests.helpers import Runner, published


def test_it_reads_a_published_table() -> None:
    table = published("Korea")
    assert table.lists == ("b", "c", "d")
    assert table.observed == 123
    assert len(table.counts) == 7


def test_it_reads_one_row_per_person() -> None:
    table = parse_csv("A,B,C\n1,0,0\n1,1,0\n1,0,0\n0,0,1\n", "people.csv")
    assert dict(zip(map(tuple, table.patterns.astype(int)), table.counts, strict=True)) == {
        (1, 0, 0): 2,
        (1, 1, 0): 1,
        (0, 0, 1): 1,
    }
    assert table.notes == ()


def test_it_builds_a_table_from_the_lists_each_person_is_on() -> None:
    people = [{"police"}, {"police", "ngo"}, {"ngo"}, {"ngo"}, {"iom", "ngo"}]
    table = table_from_people(["police", "ngo", "iom"], people)
    assert table.observed == 5
    assert table.list_totals().tolist() == [2, 4, 1]


def test_it_gives_the_same_estimate_from_people_as_from_their_table() -> None:
    table = published("Korea")
    rows = []
    for pattern, count in zip(table.patterns, table.counts, strict=True):
        rows += [",".join(str(int(flag)) for flag in pattern)] * int(count)
    from_people = parse_csv("b,c,d\n" + "\n".join(rows) + "\n")
    assert estimate(from_people).total == pytest.approx(estimate(table).total, rel=1e-12)


def test_it_sums_rows_that_repeat_a_pattern_and_says_so() -> None:
    table = parse_csv("A,B,count\n1,0,3\n0,1,4\n1,1,1\n1,0,2\n", "split.csv")
    assert table.counts.tolist() == [5, 4, 1]
    assert table.notes == ("rows repeating an earlier pattern were added to it (line(s) 5)",)


def test_it_accepts_explicit_zero_counts_and_blank_lines() -> None:
    table = parse_csv("A,B,count\n1,0,3\n\n0,1,4\n1,1,0\n1,1,2\n")
    assert table.observed == 9


BAD_INPUT = [
    ("A,B,count\n1,0,3\n2,1,4\n", 3, "column 'A' is '2'; list columns must be 0 or 1"),
    ("A,B,count\n1,0,3\nx,1,4\n", 3, "list columns must be 0 or 1"),
    ("A,B,count\n1,0,3\n0,1,\n", 3, "the count is missing"),
    ("A,B,count\n1,0,3\n0,1\n", 3, "expected 3 columns, found 2"),
    ("A,B,count\n1,0,-2\n", 2, "the count -2 is negative"),
    ("A,B,count\n1,0,2.5\n", 2, "is not a whole number"),
    ("A,B,count\n1,0,3\n0,0,4\n", 3, "every list column is 0"),
    ("A,count\n1,3\n", 1, "needs at least two lists"),
    ("A,A,count\n1,0,3\n", 1, "repeated in the header: A"),
    ("A,,count\n1,0,3\n", 1, "a column has no name"),
    ("A:1,B,count\n1,0,3\n", 1, "contains ':' or ','"),
    ("A,B,count\n1,0,3\n1,0,4\n", 1, "nobody is on list 'B'"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BAD_INPUT)
def test_it_refuses_bad_input_naming_the_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(DataError) as raised:
        parse_csv(text, "lists.csv")
    assert raised.value.line == line
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"lists.csv: line {line}: ")


def test_it_refuses_an_empty_file_and_a_file_without_rows() -> None:
    with pytest.raises(DataError, match="the file is empty"):
        parse_csv("\n\n", "empty.csv")
    with pytest.raises(DataError, match="no data rows"):
        parse_csv("A,B,count\n", "header.csv")


def test_it_refuses_a_table_with_only_zero_counts() -> None:
    with pytest.raises(DataError, match="every count is 0"):
        parse_csv("A,B,count\n1,0,0\n0,1,0\n", "zeros.csv")


def test_it_refuses_more_lists_than_it_supports() -> None:
    header = ",".join(f"L{i}" for i in range(11))
    with pytest.raises(DataError, match="at most 10"):
        parse_csv(header + ",count\n" + ",".join(["1"] * 11) + ",1\n")


def test_it_says_when_the_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_csv(tmp_path / "absent.csv")


def test_it_refuses_a_person_on_an_unknown_list() -> None:
    with pytest.raises(DataError, match="unknown list 'nca'"):
        table_from_people(["police", "ngo"], [{"police"}, {"nca"}], "people")


def test_it_builds_a_table_from_rows_with_the_same_checks() -> None:
    table = table_from_rows(["A", "B"], [(1, 0), (0, 1), (1, 1)], [3, 4, 1])
    assert table.observed == 8
    with pytest.raises(DataError, match="line 3: the count -1 is negative"):
        table_from_rows(["A", "B"], [(1, 0), (0, 1)], [3, -1])


MODEL_ERRORS = [
    ("A:X", "the model names list 'X', which is not in the header (lists: A, B, C)"),
    ("A-B", "is not of the form LIST:LIST"),
    ("A:A", "pairs a list with itself"),
    ("A:B,B:A", "is given twice"),
]


@pytest.mark.parametrize(("spec", "message"), MODEL_ERRORS)
def test_it_refuses_a_model_that_does_not_fit_the_lists(spec: str, message: str) -> None:
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_model(spec, ("A", "B", "C"))


def test_it_reorders_lists_without_changing_the_data() -> None:
    table = published("Korea")
    reordered = table.reordered(["d", "b", "c"])
    assert reordered.lists == ("d", "b", "c")
    np.testing.assert_array_equal(reordered.list_totals(), table.list_totals()[[2, 0, 1]])


# Input as it comes in Japan: Excel's Shift-JIS, semicolons and tabs, counts written as decimals.
JAPANESE_HEADER = "警察,入管,女性相談,count"
JAPANESE_ROWS = "1,0,0,31\n0,1,0,8\n0,0,1,20\n1,0,1,3\n1,1,0,2\n"


def test_it_reads_a_shift_jis_file_as_excel_saves_it_in_japan_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_bytes(f"{JAPANESE_HEADER}\n{JAPANESE_ROWS}".encode("cp932"))
    table = read_csv(path)
    assert table.lists == ("警察", "入管", "女性相談")
    assert table.observed == 64
    assert table.notes == ("read as Shift-JIS (CP932), not UTF-8",)


def test_it_reads_utf_8_with_a_byte_order_mark_without_a_note(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_bytes(f"{JAPANESE_HEADER}\n{JAPANESE_ROWS}".encode("utf-8-sig"))
    table = read_csv(path)
    assert table.lists[0] == "警察"
    assert table.notes == ()


def test_it_says_how_to_resave_a_file_that_is_neither_utf_8_nor_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_bytes(b"A,B,count\n1,0,3\n" + b"\x81\x7f,1,4\n")
    with pytest.raises(DataError) as raised:
        read_csv(path)
    assert raised.value.line == 3
    assert "neither UTF-8 nor Shift-JIS" in raised.value.problem
    assert "CSV UTF-8" in raised.value.problem


def test_it_reads_the_utf_16_that_excel_saves_as_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "lists.txt"
    path.write_bytes(f"{JAPANESE_HEADER}\n{JAPANESE_ROWS}".replace(",", "\t").encode("utf-16"))
    table = read_csv(path)
    assert table.lists == ("警察", "入管", "女性相談")
    assert table.notes == ("read as UTF-16 (Excel's 'Unicode text')",)


def test_it_reads_a_file_whose_lines_end_in_a_lone_cr_as_old_mac_excel_saves_it(tmp_path: Path) -> None:
    path = tmp_path / "lists.csv"
    path.write_bytes(f"{JAPANESE_HEADER}\n{JAPANESE_ROWS}".replace("\n", "\r").encode("cp932"))
    table = read_csv(path)
    assert table.lists == ("警察", "入管", "女性相談")
    assert table.observed == 64


def test_it_says_a_file_mixes_line_endings_when_a_lone_cr_stands_among_lf() -> None:
    with pytest.raises(DataError) as raised:
        parse_csv("A,B,count\n1,0,3\r0,1,4\n", "lists.csv")
    assert raised.value.problem.startswith("mixes line endings: a lone CR (as old Macs end lines) among LF or CRLF")
    assert "CSV UTF-8" in raised.value.problem


@pytest.mark.parametrize("separator", [";", "\t"])
def test_it_detects_semicolons_and_tabs_from_the_header(separator: str) -> None:
    text = f"{JAPANESE_HEADER}\n{JAPANESE_ROWS}".replace(",", separator)
    table = parse_csv(text)
    assert table.lists == ("警察", "入管", "女性相談")
    assert table.observed == 64


def test_it_names_the_separator_when_a_row_does_not_split_like_the_header() -> None:
    with pytest.raises(DataError) as raised:
        parse_csv("A;B;count\n1;0;3\n0,1,4\n", "lists.csv")
    assert raised.value.line == 3
    assert raised.value.problem == "expected 3 columns, found 1 (columns separated by semicolons, as in the header)"


@pytest.mark.parametrize("written", ["10", "10.0", "1e1", "1.0E+01", " 10 "])
def test_it_reads_whole_counts_however_a_spreadsheet_writes_them(written: str) -> None:
    table = parse_csv(f"A,B,count\n1,0,{written}\n0,1,4\n1,1,1\n")
    assert table.counts.tolist() == [10, 4, 1]


@pytest.mark.parametrize("written", ["10.5", "1e-1", "inf", "nan", "ten"])
def test_it_refuses_counts_that_are_not_whole(written: str) -> None:
    with pytest.raises(DataError, match="is not a whole number"):
        parse_csv(f"A,B,count\n1,0,{written}\n0,1,4\n")


@pytest.mark.parametrize("written", [str(2**53 + 1), "1e20", "99999999999999999999999"])
def test_it_refuses_counts_past_two_to_the_53_clearly(written: str) -> None:
    with pytest.raises(DataError) as raised:
        parse_csv(f"A,B,count\n1,0,{written}\n0,1,4\n", "lists.csv")
    assert raised.value.line == 2
    assert raised.value.problem == (
        f"the count {written} is larger than 2^53 (9,007,199,254,740,992), beyond what can be counted exactly"
    )


def test_it_refuses_counts_that_add_up_past_two_to_the_53_at_the_line_that_passes_it() -> None:
    with pytest.raises(DataError, match=r"the counts up to this line add up to more than 2\^53") as raised:
        parse_csv(f"A,B,count\n1,0,{2**53}\n0,1,4\n")
    assert raised.value.line == 3


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("4503599627370496.5", "the count '4503599627370496.5' is not a whole number (0 or more)"),
        ("9007199254740993.0", "the count 9007199254740993.0 is larger than 2^53"),
        ("1e999999999", "the count 1e999999999 is larger than 2^53"),
    ],
)
def test_the_command_reads_counts_exactly_and_names_the_line(
    run: Runner, tmp_path: Path, written: str, problem: str
) -> None:
    path = tmp_path / "lists.csv"
    path.write_text(f"A,B,count\n0,1,4\n1,0,{written}\n1,1,1\n")
    done = run(path, "--bootstrap", 0)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {path}: line 3: {problem}")
