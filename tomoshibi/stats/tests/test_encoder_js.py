"""The encoder in the round page gives byte for byte what `tomoshibi linkage encode` gives, and never sends the list.

Each list is written to a file, encoded by the command (in this process, as a shell would call it) and by
the page in Debian's Chromium (the file chosen in a file input, as an organisation admin chooses it); the
two .clk.json texts must be identical. Of the 110 records (86 in the Shift-JIS file, those CP932 can write),
24 fill the optional reading columns; the files place those columns apart, together at the end, one alone, or
leave them out. The page is the real include (stats/linkage/_encoder_assets.html) served with the real
scripts and the dictionaries `tomoshibi linkage export-dictionaries` writes, by a local server that records
every request the page makes. The page also counts the people whose name in kanji it read by a guess, as
`guesses_a_reading` does and `tomoshibi linkage encode` says, and keeps that count out of the document.
"""

import csv
import gzip
import hashlib
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from tomoshibi.linkage import dictionaries
from tomoshibi.linkage.cli import main
from tomoshibi.linkage.normalise import INPUT_COLUMNS, READING_COLUMNS, Person, guesses_a_reading, normalise

STATS = Path(__file__).resolve().parents[1]
SECRET = "  a long passphrase agreed by telephone \n"
# family_name, given_name, date_of_birth, sex, nationality: the spellings lists really hold.
RECORDS = [
    ("佐藤", "花子", "1990-04-12", "F", "Japan"),
    ("サトウ", "ハナコ", "1990/4/12", "女", "日本"),
    ("SATOU", "Hanako", "19900412", "female", "JPN"),
    ("Sato", "Hanako", "1990.04.12", "f", "jp"),
    ("さとう", "はなこ", "平成2年4月12日", "女性", "にほん"),
    ("大野", "太郎", "昭和60年", "M", "Japan"),
    ("OHNO", "Taro", "1985", "male", "japanese"),
    ("オオノ", "タロウ", "1985-01", "男", ""),
    ("佐々木", "翔太", "令和元年5月1日", "m", "JP"),
    ("東海林", "さくら", "2001年3月", "", ""),
    ("小鳥遊", "結衣", "", "", ""),
    ("新橋", "亮", "1979-12-31", "M", ""),
    ("SHIMBASHI", "Ryo", "1979-12-31", "M", ""),
    ("伊藤", "ゆうこ", "1992-02-29", "F", ""),
    ("ｲﾄｳ", "ﾕｳｺ", "1992-02-29", "F", ""),
    ("ＴＡＮＡＫＡ", "Ｙｕｉ", "１９９５－０６－０１", "Ｆ", "ＪＰ"),
    ("田中", "ヴァイオレット", "1995年6月1日", "F", ""),
    ("ジョーンズ", "メアリー", "1988", "F", "フィリピン"),
    ("張", "偉", "1980-01-01", "M", "CN"),
    ("张", "伟", "1980-01-01", "M", ""),
    ("Zhang", "Wei", "1980-01-01", "M", "China"),
    ("王", "秀英", "1975-07-07", "F", "中国"),
    ("陈", "丽娜", "1991-11-11", "F", "中華人民共和国"),
    ("陳", "麗娜", "1991-11-11", "F", "TW"),
    ("林", "志玲", "1974-11-29", "F", "台湾"),
    ("劉", "德華", "1961-09-27", "M", "Taiwan"),
    ("刘", "德华", "1961-09-27", "M", "chn"),
    ("欧阳", "娜娜", "2000-06-15", "F", ""),
    ("长孙", "无忌", "", "M", "cn"),
    ("Nguyễn", "Văn An", "1993-03-03", "Nam", "Việt Nam"),
    ("Nguyen", "Van An", "1993-03-03", "M", "Vietnam"),
    ("An", "Nguyễn Văn", "1993", "nam", "VN"),
    ("Đặng", "Thị Hương", "1996-08-20", "Nữ", "vietnamese"),
    ("Dang", "Thi Huong", "1996-8-20", "nu", "ベトナム"),
    ("Trần", "Thị Thu Hà", "1999-10", "F", "越南"),
    ("グエン", "ヴァン アン", "1993-03-03", "男", "ベトナム"),
    ("Dela Cruz", "Maria C.", "1987-05-05", "babae", "Philippines"),
    ("dela Cruz", "Maria Clara", "1987-05-05", "F", "Filipina"),
    ("Santos", "Juan P. Reyes", "1982-12-12", "lalaki", "PHL"),
    ("SANTOS", "JUAN", "1982/12/12", "M", "filipino"),
    ("Garcia-Lopez, Jr.", "Ana Marie", "1990", "W", "ph"),
    ("Reyes", "Ma. Luisa", "1991-02-03", "F", "Philippine"),
    ("Reyes", "Ma.Luisa Cruz", "", "babae", "Pilipinas"),
    ("Thongchai", "Somchai", "1984-04-04", "M", "Thailand"),
    ("Tongchai", "Somchai", "1984-04-04", "M", "ประเทศไทย"),
    ("สมชาย", "ทองใจ", "1984-04-04", "ชาย", "ไทย"),
    ("Phan", "Kanya", "1998-01-31", "F", "タイ"),
    ("Sok", "Sophea", "1990-09-09", "F", "Cambodia"),
    ("សុខ", "សុភា", "1990-09-09", "ស្រី", "កម្ពុជា"),
    ("Khim", "Dara", "", "M", "khm"),
    ("김", "민준", "1995-05-05", "M", "한국"),
    ("Kim", "Minjun", "1995-05-05", "M", "South  Korea"),
    ("金", "敏俊", "1995-05-05", "M", "韓国"),
    ("Silva", "José", "1970-01-01", "M", "Brazil"),
    ("Müller", "Jürgen", "1966-06-06", "M", "Deutschland"),
    ("STRAßE", "Groß", "1966", "", ""),
    ("Ivanova", "Ольга", "1989-02-02", "F", "Russia"),
    ("Gurung", "Bikash", "2002-02-02", "M", "ネパール"),
    ("O'Brien", "Seán", "1977-07-17", "M", "Ireland"),
    ("", "Madonna", "1958-08-16", "F", ""),
    ("渡邉", "", "1960", "", ""),
    ("齋藤", "飛鳥", "1998-08-10", "F", "JP"),
    ("斎藤", "あすか", "1998-08-10", "F", "JP"),
    ("髙橋", "一二三", "1950-05", "M", "JP"),
    ("山本", "五十六", "1900-01-01", "M", ""),
    ("服部", "半蔵", "2100-12-31", "M", ""),
    ("ヨシダ", "ケンイチ", " 1970 - 05 - 05 ", " M ", " japan "),
    ("吉田", "健一 ", "1970 年 5 月 5 日", "男性", "日本国"),
    ("中村", "さおり", "平成元年", "F", ""),
    ("木村", "拓哉", "昭和47年11月13日", "男", ""),
    ("Ng", "Ka Wai", "", "X", "HK"),
    ("鈴木", "一郎", "", "", "Japan"),
    ("すずき", "いちろう", "", "", ""),
    ("Suzuki", "Ichirou", "", "", ""),
    ("渡辺", "美香ー", "1980", "F", ""),
    ("チェン", "リー", "", "", "中国"),
    ("ΣΩΚΡΑΤΗΣ", "Παπαδόπουλος", "", "", "greece"),
    ("長谷川", "真由美", "1983-03-03", "F", "日本"),
    ("ハセガワ", "マユミ", "1983/03/03", "女", ""),
    ("Hasegawa", "Mayumi", "1983", "F", "JP"),
    ("丸山", "純一郎", "", "M", ""),
    ("ﾏﾙﾔﾏ", "ｼﾞｭﾝｲﾁﾛｳ", "", "M", ""),
    ("Tanaka\nTaro", "line break inside quotes", "1990", "M", "JP"),
    ("葛\U000e0100", "花子", "1990", "F", ""),  # an ideographic variation selector, as family registers print
    ("さ\ufe00", "はなこ\ufe0f", "1990\ufe00", "F\ufe0e", "日本\U000e01ef"),  # selectors after kana, anywhere
    ("佐\ufe00藤", "\u200dハナコ\u200c", "", "", ""),  # ZWJ and ZWNJ
    # a word of a name column is one word (川河, よし子, 菜々子) unless the other column is blank (林愛); apostrophes;
    # middle names without a known nationality unless every given word is a syllable (Thi Thu Ha, Young Sook)
    ("川河", "由子", "1991-05-19", "F", "Japan"),
    ("新浜", "知菜", "", "F", ""),
    ("佐藤", "よし子", "1940", "F", ""),
    ("野々村", "菜々子", "", "F", "JP"),
    ("々", "美々", "", "F", ""),
    ("林愛", "", "", "F", ""),
    ("", "佐藤花子", "", "F", ""),
    ("吉田", "シン'イチ", "1980", "M", ""),
    ("O'Brien", "Mary Kate", "1985-03-03", "F", "Ireland"),
    ("'", "’", "", "", ""),
    ("Tacaez", "Kristine Rilaang", "1977", "F", ""),
    ("Reyes", "Ma. Luisa", "", "F", "不明"),
    ("Reyes", "Constructor Jose", "", "M", ""),
    ("Wang", "Xiu Ying", "1975-07-07", "F", ""),
    ("Nguyen", "Thi Thu Ha", "", "F", ""),
    ("Kim", "Young Sook", "2001-01-01", "F", ""),
    ("Chen", "Yu-Hsuan", "", "F", ""),
    ("Aung", "Kyaw Htun", "", "M", "XX"),
    ("Tanaka", "Carlos Hideki", "1990", "M", "Brazil"),
    ("林愛", "-", "", "F", ""),
    ("川河", "\u3000", "", "F", ""),
    ("佐藤", "マリア花子", "2005", "F", ""),
    ("佐藤々", "さ々", "", "", ""),
    ("Santos", "ｸﾘｽﾃｨﾝ ﾘﾗｱﾝ", "", "F", ""),
    ("", "Yamada Taro", "", "M", ""),
    ("Tan", "Hnin Ei Phyu", "", "F", ""),
    ("Chen", "Szu Ying", "", "F", ""),
    ("Silva", "Maria Aparecida", "", "F", "Brasil"),
    ("Tacaez", "Kristine Rilaang", "", "F", "XX"),
]
# The same five, then family_name_reading and given_name_reading: a kanji name's reading (furigana) as forms record it.
READ_RECORDS = [
    ("佐藤", "幸恵", "1985-05-05", "F", "Japan", "さとう", "さちえ"),  # kana: not the guess (yukie)
    ("Sato", "Sachie", "1985-05-05", "F", "JP", "", ""),
    ("東海林", "幸恵", "", "F", "", "しょう じ", "ゆきえ"),
    ("小鳥遊", "結衣", "2003", "F", "JP", "Takanashi", "Yui"),  # romaji
    ("長谷川", "真由美", "1983-03-03", "F", "日本", "HASEGAWA", "MAYUMI"),
    ("田中", "一", "", "M", "", "ＴＡＮＡＫＡ", "Ｈａｊｉｍｅ"),  # full-width romaji
    ("大野", "太郎", "1985", "M", "", "オーノ", "タ・ロウ"),
    ("丸山", "純一郎", "", "M", "", "ﾏﾙﾔﾏ", "ｼﾞｭﾝｲﾁﾛｳ"),  # half-width kana
    ("齋藤", "飛鳥", "1998-08-10", "F", "JP", "サイトウ", "アスカ"),  # full-width katakana
    ("髙橋", "一二三", "1950-05", "M", "JP", "たかはし", "ﾋﾌﾐ"),
    ("王", "秀英", "1975-07-07", "F", "中国", "おう", "しゅうえい"),  # Chinese: pinyin, the reading ignored
    ("陳", "麗娜", "1991-11-11", "F", "TW", "チン", "レイナ"),
    ("謝", "長廷", "1950-02-18", "M", "台湾", "Hsieh", "Chang-ting"),  # Taiwan: a Wade-Giles reading is taken
    ("𠮷田", "花子", "", "F", "", "Yoshida", "はなこ"),  # 𠮷 is no CP932 character: pinyin, but a reading wins
    ("𠮷田", "花子", "2001", "F", "", "よしだ", ""),  # ... in kana too; the given name is guessed
    ("謝", "長廷", "1950-02-18", "M", "TW", "シェ", "Chang・Ting"),  # Taiwan: kana ignored, ・ is no kana
    ("张", "伟", "1980-01-01", "M", "", "チョウ", "イ"),  # 张 is no Japanese character: pinyin
    ("金", "敏俊", "1995-05-05", "M", "韓国", "キム", "ミンジュン"),  # Korean hanja: the reading given
    ("さとう", "はなこ", "1990", "F", "", "Suzuki", "Ichiro"),  # kana of its own: the reading ignored
    ("Sato", "Hanako ハナ", "", "", "", "たなか", "ゆい"),
    ("佐藤", "さくら", "", "F", "", "", "Yukie"),  # given has kana: reading ignored; family's blank: guessed
    ("", "", "1990", "F", "", "やまだ", "はなこ"),  # no name, a reading
    ("", "Madonna", "", "", "", "Ciccone", ""),
    ("葛\U000e0100", "花子", "1990", "F", "", "かつらぎ\ufe00", "は\U000e0100なこ\ufe0f"),  # selectors in readings
    ("鈴木", "一郎", "", "", "Japan", "  ", "\u3000"),  # blank readings: guessed
    ("吉田", "健一", "", "M", "", "吉田", "けんいち"),  # a reading in kanji has no Latin: guessed
    ("中村", "さおり", "", "F", "", "Naka-Mura", "O'Hara"),
    ("สมชาย", "ทองใจ", "1984-04-04", "ชาย", "ไทย", "Somchai", "Thongchai"),  # no kanji: the reading is read too
]
ALL_RECORDS = [*RECORDS, *READ_RECORDS]
LATIN_ONLY = [record for record in ALL_RECORDS if all(cell.isascii() for cell in record)]


# Where the optional reading columns go: left out (their cells unwritten), apart from each other and from the
# names, together at the end (a row whose readings are blank then stops short of them), or one of the two alone.
READING_LAYOUTS = {
    None: ["nationality", "Family_Name", "notes", "given_name", "date_of_birth", "SEX"],
    "apart": ["nationality", "given_name_reading", "Family_Name", "notes", "given_name", "date_of_birth",
              "FAMILY_NAME_READING", "SEX"],
    "end": ["nationality", "Family_Name", "notes", "given_name", "date_of_birth", "SEX", "Family_Name_Reading",
            "Given_Name_Reading"],
    "family only": ["family_name_reading", "nationality", "Family_Name", "notes", "given_name", "date_of_birth",
                    "SEX"],
}  # fmt: skip


def csv_bytes(records, *, delimiter=",", encoding="utf-8", blank_line=True, readings=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)  # lines end in CRLF, as Excel writes them
    # Columns in another order, in other cases, and one the encoder ignores.
    header = READING_LAYOUTS[readings]
    writer.writerow(header)
    for index, record in enumerate(records):
        family, given, born, sex, nationality, family_reading, given_reading = (*record, "", "")[:7]
        cells = {"nationality": nationality, "family_name": family, "notes": f"note {index}", "given_name": given,
                 "date_of_birth": born, "sex": sex, "family_name_reading": family_reading,
                 "given_name_reading": given_reading}  # fmt: skip
        row = [cells[name.casefold()] for name in header]
        if readings == "end" and not (family_reading or given_reading):
            row = row[:-2]
        writer.writerow(row)
        if blank_line and index == 3:
            out.write("\r\n")  # a blank line: line numbers must still count it
    return out.getvalue().encode(encoding)


def encodable(records, encoding):
    def fits(record):
        try:
            "".join(record).encode(encoding)
        except UnicodeEncodeError:
            return False
        return True

    return [record for record in records if fits(record)]


LISTS = {
    "utf8-bom-comma": csv_bytes(ALL_RECORDS, encoding="utf-8-sig", readings="apart"),
    "utf8-semicolon": csv_bytes(ALL_RECORDS, delimiter=";", readings="end"),
    "shift-jis": csv_bytes(encodable(ALL_RECORDS, "cp932"), encoding="cp932", readings="apart"),
    "utf16-tab": csv_bytes(ALL_RECORDS, delimiter="\t", encoding="utf-16", readings="family only"),
    "utf8-tab": csv_bytes(ALL_RECORDS, delimiter="\t", blank_line=False),  # no reading columns at all
    # Excel on classic Mac OS: every line, and the break inside quotes, ends in a lone CR.
    "utf8-old-mac": csv_bytes(ALL_RECORDS, readings="end").replace(b"\r\n", b"\r").replace(b"\n", b"\r"),
}
# The records of each list and where its reading columns are.
LIST_RECORDS = {
    "utf8-bom-comma": (ALL_RECORDS, "apart"),
    "utf8-semicolon": (ALL_RECORDS, "end"),
    "shift-jis": (encodable(ALL_RECORDS, "cp932"), "apart"),
    "utf16-tab": (ALL_RECORDS, "family only"),
    "utf8-tab": (ALL_RECORDS, None),
    "utf8-old-mac": (ALL_RECORDS, "end"),
}


def people_of(records, readings) -> list[Person]:
    """The persons the command reads from a list of these records: cells stripped, absent reading columns blank."""
    kept = {None: 0, "family only": 1}.get(readings, 2)
    return [Person(*(cell.strip() for cell in (*record[:5], *(*record[5:], "", "")[:kept]))) for record in records]


def guessed_by_python(records, readings) -> int:
    return sum(guesses_a_reading(person) for person in people_of(records, readings))


def test_the_readings_in_the_lists_both_change_fields_and_are_ignored_where_they_must_be():
    used = [record for record in READ_RECORDS if normalise(Person(*record)) != normalise(Person(*record[:5]))]

    assert 8 <= len(used) < len(READ_RECORDS) - 5  # a guard on the lists themselves: both kinds stay covered
    assert len(encodable(READ_RECORDS, "cp932")) >= 15  # the Shift-JIS file keeps most of them
    # Names read by a guess: some even where readings are given, more where the columns are left out.
    assert 10 < guessed_by_python(ALL_RECORDS, "apart") < guessed_by_python(ALL_RECORDS, "family only")
    assert guessed_by_python(ALL_RECORDS, "family only") < guessed_by_python(ALL_RECORDS, None) < len(ALL_RECORDS)


def assets_html() -> str:
    """The include the round page uses, rendered by the project's templates."""
    return render_to_string("stats/linkage/_encoder_assets.html")


class EncoderSite(BaseHTTPRequestHandler):
    """The page with the include and a file input, and the static files under /static/."""

    page = b""
    requests: list = []

    def do_GET(self):
        self.requests.append(("GET", self.path))
        path = self.path.split("?")[0]
        if path == "/":
            self.reply(self.page, "text/html; charset=utf-8")
            return
        file = (STATS / "static" / path.removeprefix("/static/")).resolve()
        if not path.startswith("/static/") or not file.is_file() or STATS / "static" not in file.parents:
            self.send_error(404)
            return
        kinds = {".js": "text/javascript", ".json": "application/json", ".gz": "application/gzip"}
        self.reply(file.read_bytes(), kinds[file.suffix])

    def do_POST(self):
        self.requests.append(("POST", self.path))
        self.send_error(405)

    def reply(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    dictionaries.export()
    page = f"<!doctype html><html lang='en'><title>Encoder</title><input type='file' id='list'>{assets_html()}</html>"
    EncoderSite.page = page.encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), EncoderSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def page(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    EncoderSite.requests.clear()
    page.goto(site)
    page.wait_for_function("() => window.TomoshibiLinkage && window.TomoshibiLinkage.encodeFile")
    yield page
    context.close()


ENCODE_CHOSEN_FILE = """async ([secret]) => {
    const progress = [];
    const events = [];
    try {
        const file = document.getElementById("list").files[0];
        const onProgress = (done, total) => progress.push([done, total]);
        const onNotes = (notes) => events.push(["notes", notes]);
        const document_ = await TomoshibiLinkage.encodeFile(file, secret, {onProgress, onNotes});
        events.push(["resolved"]);
        return {text: TomoshibiLinkage.toText(document_), document: document_, progress, events};
    } catch (error) {
        return {code: error.code, details: error.details};
    }
}"""


def encode_in_page(page, data: bytes, secret: str = SECRET) -> dict:
    page.set_input_files("#list", files=[{"name": "list.csv", "mimeType": "text/csv", "buffer": data}])
    return page.evaluate(ENCODE_CHOSEN_FILE, [secret])


def encode_with_cli(tmp_path: Path, data: bytes, secret: str = SECRET) -> tuple[int, str]:
    (tmp_path / "list.csv").write_bytes(data)
    (tmp_path / "secret.txt").write_text(secret, encoding="utf-8")
    out = tmp_path / "list.clk.json"
    status = main(["encode", str(tmp_path / "list.csv"), "--secret-file", str(tmp_path / "secret.txt"),
                   "--out", str(out)])  # fmt: skip
    return status, out.read_text(encoding="utf-8") if status == 0 else ""


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_page_encodes_each_list_exactly_as_the_command_does(page, tmp_path, name):
    status, expected = encode_with_cli(tmp_path, LISTS[name])
    result = encode_in_page(page, LISTS[name])

    assert status == 0
    assert result.get("code") is None, result
    assert result["text"] == expected
    assert result["document"] == json.loads(expected)
    assert len(result["document"]["clks"]) >= 80
    assert result["progress"][-1][0] == result["progress"][-1][1]
    assert [done for done, _ in result["progress"]] == sorted(done for done, _ in result["progress"])


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_page_counts_the_names_read_by_a_guess_as_the_command_does_outside_the_document(
    page, tmp_path, capsys, name
):
    records, readings = LIST_RECORDS[name]
    guessed = guessed_by_python(records, readings)
    status, expected = encode_with_cli(tmp_path, LISTS[name])
    result = encode_in_page(page, LISTS[name])

    assert status == 0
    assert f"read by a guess from the kanji: {guessed} of {len(records)} people;" in capsys.readouterr().err
    assert result["events"] == [["notes", {"guessedReadings": guessed, "people": len(records)}], ["resolved"]]
    assert list(result["document"]) == ["format", "version", "schema", "bits", "lines", "clks"]
    assert result["text"] == expected


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_page_finds_a_guessed_reading_for_each_person_where_guesses_a_reading_does(page):
    texts = [csv_bytes([record], readings="apart", blank_line=False).decode() for record in ALL_RECORDS]
    found = page.evaluate(
        """async ([texts, secret]) => {
            const found = [];
            for (const text of texts) {
                let notes = null;
                await TomoshibiLinkage.encodeText(text, secret, {onNotes: (given) => (notes = given)});
                found.push(notes);
            }
            return found;
        }""",
        [texts, SECRET],
    )

    expected = [guesses_a_reading(person) for person in people_of(ALL_RECORDS, "apart")]
    assert [notes["guessedReadings"] == 1 for notes in found] == expected
    assert {notes["people"] for notes in found} == {1}


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_nothing_leaves_the_page_but_requests_for_the_scripts_and_dictionaries(page):
    result = encode_in_page(page, LISTS["utf8-bom-comma"])

    assert result.get("code") is None
    assert all(method == "GET" and path.startswith(("/static/", "/?", "/")) for method, path in EncoderSite.requests)
    assert not [path for _, path in EncoderSite.requests if "passphrase" in path or "%" in path]
    fetched = {path.split("?")[0].rsplit("/", 1)[-1] for _, path in EncoderSite.requests}
    assert set(dictionaries.FILES) <= fetched


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_list_without_kanji_or_hanzi_does_not_load_their_dictionaries(page, tmp_path):
    status, expected = encode_with_cli(tmp_path, csv_bytes(LATIN_ONLY, readings="apart"))
    result = encode_in_page(page, csv_bytes(LATIN_ONLY, readings="apart"))

    assert status == 0 and result["text"] == expected
    fetched = {path.split("?")[0].rsplit("/", 1)[-1] for _, path in EncoderSite.requests}
    assert dictionaries.BASE in fetched
    assert not fetched & {dictionaries.KANWA, dictionaries.PINYIN}


HEADER = ",".join(INPUT_COLUMNS)
REJECTED = {
    "missing_columns": (
        b"family_name,given_name,date_of_birth,nationality\nSato,Hanako,1990,JP\n",
        {"columns": ["sex"]},
    ),
    "duplicate_columns": (
        b"family_name,given_name,date_of_birth,sex,nationality,Given_Name\nSato,Hanako,1990,F,JP,Yui\n",
        {"columns": ["given_name"]},
    ),
    "bad_dates": (
        f"{HEADER}\nSato,Hanako,1990-02-31,F,JP\nTanaka,Yui,31/12/1990,F,JP\n\nKim,Min,1990-13,M,KR\n"
        "Ito,Yu,平成32年,F,JP\nSuzuki,Ichiro,1899,M,JP\n".encode(),
        {"lines": [3, 5, 7]},
    ),
    "unreadable": (HEADER.encode() + b"\nSato,\x81\x20Hanako,1990,F,JP\n", {}),
    "empty": (b"\r\n   \n\t\n", {}),
    "mixed_line_endings": (f"{HEADER}\nSato,Hanako,1990,F,JP\rTanaka,Yui,1991,F,JP\n".encode(), {}),
}


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("code", sorted(REJECTED))
def test_a_list_the_command_refuses_is_refused_by_the_page_with_a_code(page, tmp_path, code):
    data, details = REJECTED[code]
    status, _ = encode_with_cli(tmp_path, data)
    result = encode_in_page(page, data)

    assert status == 2
    assert result == {"code": code, "details": details}


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_secret_under_sixteen_characters_is_refused_by_both(page, tmp_path):
    short = " fifteen chars!!\n".replace("!!", "!")  # 15 characters once the spaces around it are stripped
    status, _ = encode_with_cli(tmp_path, LISTS["utf8-tab"], secret=short)
    result = encode_in_page(page, LISTS["utf8-tab"], secret=short)

    assert status == 2
    assert result == {"code": "short_secret", "details": {"minimum": 16}}


BLAKE_PARAMETERS = ((b"", b"", b"", 64), (bytes(range(64)), b"0", b"", 64), (b"k" * 17, b"12", b"me", 32))
BLAKE_CASES = [
    {"data": bytes(i % 256 for i in range(length)), "key": key, "salt": salt, "person": person, "size": size}
    for length in (0, 1, 3, 63, 64, 127, 128, 129, 255, 256, 257, 300)  # around the 128-byte block
    for key, salt, person, size in BLAKE_PARAMETERS
]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_blake2b_of_the_page_matches_rfc_7693_and_hashlib(page):
    hexes = page.evaluate(
        """(cases) => cases.map(({data, key, salt, person, size}) => {
            const bytes = (list) => new Uint8Array(list);
            const options = {key: bytes(key), salt: bytes(salt), person: bytes(person), digestSize: size};
            const digest = TomoshibiLinkage.blake2b(bytes(data), options);
            return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
        })""",
        [{**case, **{field: list(case[field]) for field in ("data", "key", "salt", "person")}} for case in BLAKE_CASES]
        + [{"data": list(b"abc"), "key": [], "salt": [], "person": [], "size": 64}],
    )
    expected = [
        hashlib.blake2b(data, key=key, salt=salt, person=person, digest_size=size).hexdigest()
        for data, key, salt, person, size in (case.values() for case in BLAKE_CASES)
    ]

    assert hexes[:-1] == expected
    assert hexes[-1] == (  # RFC 7693, appendix A: BLAKE2b-512("abc")
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
    )


def test_export_dictionaries_writes_the_tables_of_the_installed_packages_once(tmp_path, capsys):
    from pypinyin import lazy_pinyin

    assert main(["export-dictionaries", "--out", str(tmp_path)]) == 0
    written = {name: (tmp_path / name).stat().st_mtime_ns for name in dictionaries.FILES}
    assert main(["export-dictionaries", "--out", str(tmp_path)]) == 0  # up to date: nothing rewritten

    assert {name: (tmp_path / name).stat().st_mtime_ns for name in dictionaries.FILES} == written
    assert dictionaries.is_current(tmp_path)
    base = json.loads((tmp_path / dictionaries.BASE).read_text(encoding="utf-8"))
    assert base["normalise"]["columns"] == list(INPUT_COLUMNS)
    assert base["normalise"]["reading_columns"] == list(READING_COLUMNS)
    assert base["casefold"]["ß"] == "ss"
    kanwa = json.loads(gzip.decompress((tmp_path / dictionaries.KANWA).read_bytes()))
    assert kanwa["佐藤"] == "さとう"
    assert kanwa["色"] == [["しょく", ["そん"]], "いろ"]  # the one reading pykakasi chooses by context
    pinyin = json.loads(gzip.decompress((tmp_path / dictionaries.PINYIN).read_bytes()))
    assert pinyin["chars"]["张"] == "zhang"
    assert pinyin["phrases"]["长孙"] == lazy_pinyin("长孙")
    assert "kanwa.json.gz: " in capsys.readouterr().err


def test_the_include_carries_the_schema_file_and_stamped_dictionary_addresses():
    dictionaries.export()
    html = assets_html()
    config = json.loads(html.split('type="application/json">')[1].split("</script>")[0])
    stamp = (dictionaries.DEFAULT_DIRECTORY / dictionaries.STAMP).read_text(encoding="ascii").strip()

    assert config["schema"] == json.loads((STATS.parent / "linkage" / "schema.json").read_text(encoding="utf-8"))
    assert config["dictionaries"]["kanwa"] == f"/static/stats/linkage/dictionaries/kanwa.json.gz?v={stamp[:16]}"
    assert html.index("blake2b.js") < html.index("normalise.js") < html.index("encoder.js")
