"""Normalisation: the ways one person's name and birth date are typed become one spelling."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.linkage.normalise import (
    FIELDS,
    DateError,
    Person,
    fold_romaji,
    guesses_a_reading,
    normalise,
    normalise_date,
    normalise_nationality,
)


def latin(person: Person) -> tuple[str, str, str]:
    fields = normalise(person)
    return fields["family"], fields["given"], fields["name_tokens"]


@pytest.mark.parametrize(
    "person",
    [
        Person("サトウ", "ハナコ"), Person("さとう", "はなこ"), Person("ｻﾄｳ", "ﾊﾅｺ"), Person("SATOU", "Hanako"),
        Person("Sato", "Hanako"), Person("SATOH", "HANAKO"), Person("Satō", "Hanako"),
        Person("ｓａｔｏ", "ｈａｎａｋｏ"),
        Person("サトー", "ハナコ"),
    ],
)  # fmt: skip
def test_kana_and_romaji_spellings_of_sato_hanako_agree(person: Person) -> None:
    assert latin(person) == ("sato", "hanako", "hanako sato")


def test_kanji_are_read_and_a_part_with_kana_or_romaji_keeps_its_own_reading() -> None:
    fields = normalise(Person("佐藤", "花子"))
    assert (fields["family"], fields["given"], fields["native"]) == ("sato", "hanako", "")
    assert normalise(Person("佐藤 サトウ", "花子 ハナコ"))["family"] == "sato"
    assert latin(Person("佐藤", "さくら")) == latin(Person("SATOU", "Sakura")) == ("sato", "sakura", "sakura sato")


def test_a_kanji_name_is_read_by_the_reading_its_record_gives() -> None:
    # pykakasi reads 山中 幸恵 as Sanchu Yukie; the bearer's furigana says Yamanaka Sachie.
    guessed = latin(Person("山中", "幸恵"))
    given = latin(Person("山中", "幸恵", family_name_reading="ヤマナカ", given_name_reading="さちえ"))
    assert guessed == ("sanchu", "yukie", "sanchu yukie")
    assert given == latin(Person("YAMANAKA", "Sachie")) == ("yamanaka", "sachie", "sachie yamanaka")
    assert latin(Person("山中", "幸恵", given_name_reading="Sachie"))[2] == "sachie sanchu"


def test_it_knows_which_names_are_read_by_a_guess() -> None:
    assert guesses_a_reading(Person("山中", "さちえ"))
    assert guesses_a_reading(Person("山中", "幸恵", family_name_reading="やまなか"))
    assert not guesses_a_reading(Person("山中", "幸恵", family_name_reading="やまなか", given_name_reading="Sachie"))
    assert not guesses_a_reading(Person("王", "秀英", nationality="cn"))
    assert not guesses_a_reading(Person("Nguyễn", "Thị Lan"))
    assert not guesses_a_reading(Person("张", "伟", nationality="CN"))  # a Chinese national's pinyin is no guess
    assert guesses_a_reading(Person("𠮷田", "花子", given_name_reading="はなこ"))  # pinyin for 𠮷 is one


def test_a_reading_column_yields_to_the_names_own_kana_and_to_a_chinese_names_pinyin() -> None:
    assert latin(Person("山中 やまなか", "幸恵", family_name_reading="サンチュウ"))[0] == "yamanaka"
    chinese = Person("王", "秀英", nationality="China", family_name_reading="ワン")
    assert latin(chinese) == ("wang", "xiuying", "wang xiuying")
    assert latin(Person("", "", family_name_reading="ヤマナカ"))[0] == "yamanaka"
    # A Chinese national's name takes a reading in Latin letters (a Taiwanese passport's Wade-Giles), not in kana.
    taiwanese = Person("謝", "長廷", nationality="TW", family_name_reading="Hsieh", given_name_reading="Chang・ting")
    assert latin(taiwanese) == ("hsieh", "chang", "chang hsieh ting")
    assert latin(Person("张", "伟", nationality="中国", family_name_reading="ﾁｮｳ"))[0] == "zhang"
    # Without the nationality, characters outside CP932 are read as pinyin, but a reading given wins: 𠮷田 is Japanese.
    assert latin(Person("𠮷田", "花子", family_name_reading="ヨシダ"))[0] == "yoshida"
    assert latin(Person("张", "伟", family_name_reading="ﾁｮｳ"))[0] == "cho"
    blank = Person("山中", "幸恵", family_name_reading=" ", given_name_reading="")
    assert latin(blank) == latin(Person("山中", "幸恵"))


def test_chinese_names_in_hanzi_are_read_as_pinyin() -> None:
    assert latin(Person("王", "伟", nationality="中国")) == latin(Person("Wang", "WEI")) == ("wang", "wei", "wang wei")
    assert latin(Person("孙", "秀英", nationality="CHN"))[2] == "sun xiuying"
    assert latin(Person("张", "伟"))[2] == "wei zhang"  # 张 is never written in Japanese: pinyin without a nationality
    assert latin(Person("王", "花子", nationality="日本"))[0] == "o"  # a Japanese 王 is read as Japanese


def test_variation_selectors_change_no_reading() -> None:
    # 葛 with an ideographic variation selector, as family registers print it; selectors after kana and kanji.
    assert latin(Person("葛\U000e0100", "花子")) == latin(Person("葛", "花子")) == ("kuzu", "hanako", "hanako kuzu")
    assert latin(Person("さ\ufe00", "はなこ\U000e01ef")) == latin(Person("さ", "はなこ"))
    assert latin(Person("佐藤\ufe0f", "花子")) == ("sato", "hanako", "hanako sato")
    assert normalise(Person("", "", "1990\ufe00-04", "F\ufe0e", "日本\U000e0100"))["nationality"] == "jp"


def test_long_vowels_and_passport_spellings_fold_alike() -> None:
    assert latin(Person("オオノ", "ショウヘイ")) == latin(Person("OHNO", "SHOHEI")) == latin(Person("Ono", "Shohei"))
    assert fold_romaji("yuuki") == fold_romaji("yuki")
    assert fold_romaji("shimbashi") == fold_romaji("shinbashi")
    assert fold_romaji("ohashi") == "ohashi"  # oh before a vowel is o + h, not a long vowel


def test_swapped_order_agrees_on_the_sorted_name_tokens() -> None:
    assert latin(Person("Hanako", "Sato"))[2] == latin(Person("Sato", "Hanako"))[2]
    assert latin(Person("AN", "NGUYEN VAN"))[2] == latin(Person("Nguyễn", "Văn An"))[2] == "an nguyen van"


def test_vietnamese_diacritics_and_d_with_stroke_are_removed() -> None:
    assert latin(Person("Đặng", "Thị Hồng")) == ("dang", "ti", "dang hong ti")  # th folds to t, like Thai romanisations


def test_a_filipino_middle_initial_is_left_out_of_the_name_tokens() -> None:
    assert latin(Person("Santos", "Maria C."))[2] == latin(Person("SANTOS", "MARIA"))[2] == "maria santos"


def test_without_a_nationality_a_given_name_keeps_every_word_only_when_each_is_one_syllable() -> None:
    # Kristine Rilaang with no nationality is the Filipino Kristine, middle name Rilaang, of the record that has one
    assert latin(Person("Tacaez", "Kristine Rilaang"))[2] == latin(Person("Tacaez", "Kristine", "", "", "PH"))[2]
    assert latin(Person("Santos", "Maria Cruz", "", "", "不明"))[2] == "maria santos"  # a nationality it cannot read
    assert latin(Person("Santos", "Ma. Luisa"))[2] == "maria santos"  # as the Filipino record reads it
    # Vietnamese, pinyin, Wade-Giles, Korean and Burmese given names are one syllable a word, and every word is the
    # name: the record without a nationality agrees with the one that has it
    for family, given_name, nationality in [
        ("Nguyễn", "Thị Thu Hà", "VN"), ("Wang", "Xiu Ying", "CN"), ("Chen", "Yu-Hsuan", "TW"),
        ("Kim", "Young Sook", "Korea"), ("Park", "Ji Hwan", "KR"), ("Lee", "Kwang Chul", "KR"),
        ("Aung", "Kyaw Htun", "Myanmar"), ("Tran", "Thi Ngoc Anh", "VN"), ("Tan", "Hnin Ei Phyu", "Myanmar"),
        ("Win", "Khine Myint", "MM"), ("Chen", "Szu Ying", "TW"), ("Ng", "Tsz Wai", "HK"), ("Kim", "Ssang Kkot", "KR"),
    ]:  # fmt: skip
        assert latin(Person(family, given_name))[2] == latin(Person(family, given_name, "", "", nationality))[2]
    assert latin(Person("Kim", "Young Sook"))[2] == "kim sok yong"
    assert latin(Person("Chen", "Yu-Hsuan"))[2] == "chen hsuan yu"
    # a given name in kana (half-width too) or kanji keeps its words: the name says nothing of a middle name
    assert latin(Person("Santos", "ｸﾘｽﾃｨﾝ ﾘﾗｱﾝ"))[2] == latin(Person("Santos", "クリスティン リラアン"))[2]
    assert latin(Person("Santos", "クリスティン リラアン"))[2] == "kurisutein riraan santos"
    assert latin(Person("佐藤", "花子", "", "", "", "", "Kristine Rilaang"))[2] == "kristine rilaang sato"
    # a full name typed into the given column, the family column blank, keeps its words
    assert latin(Person("", "Yamada Taro"))[2] == latin(Person("Yamada", "Taro"))[2] == "taro yamada"
    # only blank and what records write for "not known" is unknown; a nationality the table lacks is one
    for unknown in ("不明", "XX", "unknown", "n/a", "-"):
        assert latin(Person("Tacaez", "Kristine Rilaang", "", "", unknown))[2] == "kristine tacaez", unknown
    assert (
        latin(Person("Silva", "Maria Aparecida", "", "", "Brasil"))[2]
        == latin(Person("Silva", "Maria Aparecida", "", "", "BR"))[2]
    )
    # a Filipino given name keeps its first word whatever the words are
    assert latin(Person("Santos", "Jun Ray", "", "", "PH"))[2] == "jun santos"


def test_other_nationalities_keep_every_given_word() -> None:
    # a Japanese-Brazilian's Japanese second name is the name other records write alone
    assert latin(Person("Tanaka", "Carlos Hideki", "", "", "Brazil"))[2] == "carlos hideki tanaka"
    assert latin(Person("Sok", "Chan Dara", "", "", "Cambodia"))[2] == "chan dara sok"


def test_a_word_of_a_name_column_is_one_word_where_pykakasi_reads_it_in_pieces() -> None:
    # pykakasi knows neither 川河 nor 知菜 as a word and reads them kanji by kanji; よし子 it reads as よし + 子
    assert latin(Person("川河", "秀郎"))[0] == latin(Person("カワカワ", "ヒデオ"))[0] == "kawakawa"
    assert latin(Person("新浜", "知菜")) == latin(Person("NIIHAMA", "CHINA"))
    assert latin(Person("佐藤", "よし子")) == latin(Person("サトウ", "ヨシコ")) == latin(Person("Sato", "Yoshiko"))
    # 々 repeats the reading before it, where pykakasi alone writes "(kurikaesi)"
    assert latin(Person("佐藤", "菜々子")) == latin(Person("サトウ", "ナナコ"))
    assert latin(Person("野々村", "花"))[0] == "nonomura"  # a word pykakasi knows, 々 and all
    assert latin(Person("佐藤", "さ々"))[1] == "sasa"
    # words pykakasi knows stay apart: two names written together
    assert latin(Person("佐藤", "マリア花子"))[2] == "hanako maria sato"
    assert latin(Person("山田佐藤", "花子"))[2] == "hanako sato yamada"
    # a full name typed into one column, the other blank or holding no letter, is two words
    for other in ("", "\u3000", "\xa0", "-", "\ufe00"):
        assert latin(Person("林愛", other))[2] == latin(Person("林", "愛"))[2] == "ai hayashi"
    assert latin(Person("川河", "\u3000"))[0] == "kawa kawa"
    assert latin(Person("よし子", ""))[2] == "ko yoshi"
    assert latin(Person("", "佐藤花子"))[2] == "hanako sato"


def test_an_apostrophe_joins_a_word_and_does_not_split_it() -> None:
    assert latin(Person("ヨシダ", "シンイチ")) == latin(Person("YOSHIDA", "SHINICHI")) == latin(Person("吉田", "信一"))
    assert (
        latin(Person("Yoshida", "Shin'ichi")) == latin(Person("ヨシダ", "シン'イチ")) == latin(Person("吉田", "信一"))
    )
    assert latin(Person("Yoshida", "Shin’ichi"))[2] == "shinichi yoshida"
    assert latin(Person("O'Brien", "Sean", "", "", "Ireland"))[0] == "obrien"
    assert normalise(Person("'", "Sean"))["native"] == ""  # an apostrophe alone is nothing, not a native word


def test_a_filipino_given_name_keeps_its_first_word_whatever_follows_it() -> None:
    written = [("Maria Cruz", "Philippines"), ("Maria C.", "PHL"), ("MARIA", "フィリピン"), ("Maria Dela Cruz", "ph")]
    assert {latin(Person("Santos", given, "", "", nationality))[2] for given, nationality in written} == {
        "maria santos"
    }
    assert latin(Person("Dela Cruz", "Mary Grace Reyes", "", "", "Filipina"))[2] == "cruz dela mary"
    assert latin(Person("Nguyễn", "Văn An", "", "", "Vietnam"))[2] == "an nguyen van"  # other nationalities keep all


def test_ma_in_a_filipino_given_name_is_maria_and_filipino_nationality_has_its_own_spellings() -> None:
    written = [("Ma. Luisa", "Philippine"), ("Maria Luisa", "Pilipinas"), ("MA LUISA", "ph"), ("Ma.Luisa", "Pilipino")]
    assert {latin(Person("Santos", given, "", "", nationality))[2] for given, nationality in written} == {
        "maria santos"
    }
    assert normalise_nationality("Philippine") == normalise_nationality("Pilipinas") == "ph"


def test_thai_romanisation_digraphs_fold() -> None:
    assert latin(Person("Thongchai", "Somchai")) == latin(Person("Tongchai", "Somchai"))


def test_other_scripts_stay_as_written_and_sex_and_nationality_become_codes() -> None:
    fields = normalise(Person("สมชาย", "ใจดี", "", "男性", "タイ"))
    assert fields["native"] == "".join(sorted(["สมชาย", "ใจดี"]))
    assert (fields["sex"], fields["nationality"]) == ("m", "th")
    assert normalise(Person("x", "y", "", "F", "Việt Nam"))["nationality"] == "vn"
    assert normalise(Person("x", "y", "", "", "PH"))["nationality"] == "ph"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1990-04-12", "1990-04-12"), ("1990/4/12", "1990-04-12"), ("1990.04.12", "1990-04-12"),
        ("19900412", "1990-04-12"), ("1990年4月12日", "1990-04-12"), ("平成2年4月12日", "1990-04-12"),
        ("昭和元年", "1926"), ("１９９０－０４", "1990-04"), ("1990-4", "1990-04"), ("1990", "1990"), ("", ""),
        ("  ", ""),
    ],
)  # fmt: skip
def test_dates_in_their_typing_variants_become_one_form(typed: str, expected: str) -> None:
    assert normalise_date(typed) == expected


@pytest.mark.parametrize("typed", ["12/04/1990", "1990-13-01", "1990-04-32", "soon", "1850"])
def test_it_refuses_what_is_not_a_date(typed: str) -> None:
    with pytest.raises(DateError, match="is not a date"):
        normalise_date(typed)


# Every script the normaliser knows, with what sits between and after letters in real text: combining marks,
# the marks pykakasi treats specially, ZWJ and ZWNJ, variation selectors, emoji and astral kanji.
SPECIAL = "さカﾊﾞゝヽ々〆ーっッゕヷㇰ葛张\u200d\u200c\ufe00\ufe0f\U000e0100\u3099\u309a\u0301\U0001f468\U00020b9f"
NAME_CHARACTERS = st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs", "Cf"]) | st.sampled_from(
    list(SPECIAL)
)
TYPED = st.text(NAME_CHARACTERS, max_size=8)


@given(st.builds(Person, TYPED, TYPED, TYPED, TYPED, st.sampled_from(["", "jp", "cn"]) | TYPED, TYPED, TYPED))
def test_any_text_gives_fields_or_a_date_error_and_nothing_else(person: Person) -> None:
    try:
        fields = normalise(person)
    except DateError:
        return
    assert set(fields) == set(FIELDS) and all(isinstance(value, str) for value in fields.values())
