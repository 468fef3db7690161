"""Person fields made comparable before encoding: one spelling for the many ways a name is written down.

Japanese records write the same person as 佐藤 花子, サトウ ハナコ, SATOU Hanako or Sato Hanako, and foreign
residents' names arrive in passport romaji, in katakana, with or without diacritics, in either order. The
encoder compares bigrams, so everything that should count as "the same" must become the same string here:

* NFKC first (full-width Latin and half-width katakana become ordinary characters);
* kana become a Hepburn reading (pykakasi), then long vowels are folded (ou, oo and oh become o; uu
  becomes u) and m before b/p becomes n, so サトウ, SATOU, SATOH and Sato all read ``sato``; romaji typed
  by people gets the same folds, so both sides meet in the middle;
* kanji and hanzi are read: pinyin (pypinyin) for Chinese names (nationality China or Taiwan, or
  characters Japanese never writes, such as 张), else pykakasi's most common Japanese reading; in a column
  that holds one part of the name (the other column has a letter), a kanji pykakasi reads alone is one word
  with the piece beside it, as kana and romaji write the name (川河 kawa kawa, よし子 yoshi ko: kawakawa,
  yoshiko), and 々 repeats the reading before it (菜々子 is nanako). A name
  part written in kanji takes its reading only when it has no kana or romaji of its own, so 佐藤 さくら
  reads sato sakura, and one with the record's own reading (furigana, in the optional columns
  ``family_name_reading`` and ``given_name_reading``) takes that reading: a guess is often not the bearer's
  (幸恵 is Yukie or Sachie), except a kana reading of a Chinese national's name, whose pinyin is what
  other records write. Kanji are not kept as written: a field present on one side only would cost every
  kanji-against-kana pair its bits. Scripts with no reading here (Thai, Khmer, Hangul) are kept as
  written in a field of their own;
* diacritics go (Nguyễn becomes nguyen, đ becomes d) and Thai/Khmer romanisation digraphs are folded
  (th, ph, kh become t, p, k: Somchai Thongchai / Somchai Tongchai);
* name order is not trusted: besides the family name and the first given name as written, the sorted
  name tokens form a field, so "NGUYEN Van An" and "An Nguyen Van" agree there; single-letter tokens
  (a Filipino middle initial "C.") are left out of it;
* a Filipino given name keeps its first word only (the middle name after it is written in full, as an
  initial or not at all), and so does a given name without kana or kanji on a record whose nationality is
  not known (blank, 不明, unknown, XX) when a word of it is not one syllable: Kristine Rilaang is read as
  the Filipino record with her nationality reads it, while Thi Thu Ha, Xiu Ying and Young Sook keep every
  word, as Vietnamese, Chinese and Korean records with theirs do;
* an apostrophe is dropped within a word (シンイチ, which pykakasi writes shin'ichi, is shinichi; O'Brien is
  obrien);
* dates in their typing variants (1990-04-12, 1990/4/12, 1990.04.12, 19900412, 1990年4月12日,
  平成2年4月12日, partial 1990-04 or 1990, blank) become ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or blank,
  then year, month and day fields (blank where the date is partial or missing).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import astuple, dataclass
from functools import cache, lru_cache
from typing import Any

import jaconv

FIELDS = ("family", "given", "name_tokens", "native", "birth_year", "birth_month", "birth_day", "sex", "nationality")
INPUT_COLUMNS = ("family_name", "given_name", "date_of_birth", "sex", "nationality")
# Optional: the reading of a name written in kanji (furigana), in kana or romaji, as Japanese forms record it.
READING_COLUMNS = ("family_name_reading", "given_name_reading")

# An apostrophe is no separator: it is dropped within a word (_APOSTROPHES), so Hepburn's シンイチ (shin'ichi),
# SHINICHI and O'Brien stay one word each.
_SEPARATORS = re.compile(r"[\s・･,./\-‐_()（）「」]+")
_APOSTROPHES = re.compile("['’]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_KANA_LETTER = re.compile(r"[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff]")  # not ・ ー ゠
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_LATIN = re.compile(r"[a-z]")
_NOT_LATIN_LETTER = re.compile(r"[^a-z]")
# Folds applied to every romanised token, in this order: what differs between writers, not between names.
_FOLDS = (
    (re.compile(r"oh(?=[^aeiouy]|$)"), "o"),  # passport Hepburn: SATOH, OHNO
    (re.compile(r"ou|oo"), "o"),
    (re.compile(r"uu"), "u"),
    (re.compile(r"m(?=[bp])"), "n"),  # SHIMBASHI / shinbashi
    (re.compile(r"([tpk])h"), r"\1"),  # Thai and Khmer romanisations: Thongchai / Tongchai
)
_PINYIN_NATIONALITIES = ("cn", "tw")
# One syllable as Vietnamese (without its marks), pinyin, Wade-Giles, Cantonese, Korean and Burmese romanisations
# write it, after fold_romaji (th, ph, kh are t, p, k): the words of those given names (Thi, Xiu, Hsuan, Szu, Sook,
# Kyaw, Hnin, Khine, Myint), and the vowel-less Cantonese Ng and Tsz.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|qu|tr|zh|shw|sh|hw|kw|gw|hs|ts|tz|ht|hl|hn|hm|sz|ss|kk|tt|pp|jj|[kstnlmh]w"
    r"|[bcdfghjklmnpqrstvwxyz]y?)?[aeiouvy]{1,3}w?(?:ng|nh|ch|nt|rh|[chklmnprt])?e?"
    r"|(?:ts|s)z|ng"
)
# What records write where the nationality is not known: read as a blank one.
_UNKNOWN_NATIONALITIES = frozenset(
    ("", "不明", "なし", "無し", "未確認", "不詳", "unknown", "none", "n/a", "-", "ー", "?", "？", "xx")
)
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss"})
_ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_ERA_DATE = re.compile(r"^(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")
_SEXES = {
    "f": "f", "female": "f", "woman": "f", "girl": "f", "w": "f", "女": "f", "女性": "f", "babae": "f", "nu": "f",
    "m": "m", "male": "m", "man": "m", "boy": "m", "男": "m", "男性": "m", "lalaki": "m", "nam": "m",
}  # fmt: skip
# The nationalities most seen in Japan's support work, under the names records use for them.
_NATIONALITIES = {
    "jp": ("japan", "jpn", "japanese", "日本", "日本国", "にほん"),
    "ph": (
        "philippines",
        "philippine",
        "phl",
        "filipino",
        "filipina",
        "pilipinas",
        "pilipino",
        "pilipina",
        "フィリピン",
        "比",
        "菲律宾",
    ),
    "vn": ("vietnam", "viet nam", "vnm", "vietnamese", "ベトナム", "越南"),
    "th": ("thailand", "tha", "thai", "タイ", "泰国", "ประเทศไทย"),
    "cn": ("china", "chn", "chinese", "中国", "中華人民共和国"),
    "tw": ("taiwan", "twn", "台湾"),
    "kh": ("cambodia", "khm", "cambodian", "カンボジア", "柬埔寨", "កម្ពុជា"),
    "kr": ("korea", "south korea", "kor", "korean", "韓国", "大韓民国", "한국"),
    "id": ("indonesia", "idn", "indonesian", "インドネシア"),
    "np": ("nepal", "npl", "nepali", "ネパール"),
    "mm": ("myanmar", "mmr", "burma", "ミャンマー"),
    "br": ("brazil", "bra", "brazilian", "ブラジル"),
    "lk": ("sri lanka", "lka", "スリランカ"),
    "co": ("colombia", "col", "コロンビア"),
    "ru": ("russia", "rus", "ロシア"),
    "ua": ("ukraine", "ukr", "ウクライナ"),
}


class DateError(ValueError):
    """A date of birth that is none of the accepted typing variants."""


@dataclass(frozen=True)
class Person:
    """One row of an organisation's list, as typed."""

    family_name: str
    given_name: str
    date_of_birth: str = ""
    sex: str = ""
    nationality: str = ""
    family_name_reading: str = ""  # the record's own reading of a kanji name (furigana), in kana or romaji
    given_name_reading: str = ""


def normalise(person: Person) -> dict[str, str]:
    """The encoder's fields for one person (every field in FIELDS, possibly blank)."""
    person = Person(*(_without_variation_selectors(text) for text in astuple(person)))
    nationality = normalise_nationality(person.nationality)
    family = _name_parts(person.family_name, nationality, _one_part(person.given_name))
    given = _name_parts(person.given_name, nationality, _one_part(person.family_name))
    latin_family = _latin_name(family, person.family_name_reading, nationality)
    latin_given = _latin_name(given, person.given_name_reading, nationality)
    middle = _without_middle_name(latin_given, nationality, _a_given_name_in_latin_letters(person))
    named = (*latin_family, *middle)
    tokens = sorted(_words(named))
    return {
        "family": " ".join(latin_family),
        "given": latin_given[0] if latin_given else "",
        "name_tokens": " ".join(tokens),
        "native": "".join(sorted((*family.native, *given.native))),
        **birth_fields(normalise_date(person.date_of_birth)),
        "sex": normalise_sex(person.sex),
        "nationality": nationality,
    }


# "Ma." is how Filipino records shorten Maria (Ma. Luisa is Maria Luisa); as a first given word it means Maria.
_FILIPINO_ABBREVIATIONS = {"ma": "maria"}


def guesses_a_reading(person: Person) -> bool:
    """Whether a part of the name is read only by a guess from its kanji (no kana, romaji or reading given)."""
    nationality = normalise_nationality(_without_variation_selectors(person.nationality))
    parts = (
        (_without_variation_selectors(person.family_name), _without_variation_selectors(person.family_name_reading)),
        (_without_variation_selectors(person.given_name), _without_variation_selectors(person.given_name_reading)),
    )
    return any(_guessed(_name_parts(name, nationality), reading, nationality) for name, reading in parts)


def _guessed(parts: _Parts, written_reading: str, nationality: str) -> bool:
    """The part is read from its characters alone, and is not a Chinese national's (whose pinyin the passport
    says). Pinyin read because the characters are no Japanese ones (张) is a guess too: 𠮷田 is Japanese."""
    if not parts.reading or parts.latin or nationality in _PINYIN_NATIONALITIES:
        return False
    return not _given_reading(written_reading, nationality)


def _without_middle_name(given: tuple[str, ...], nationality: str, in_latin_letters: bool) -> tuple[str, ...]:
    """A Filipino given name's first word alone. After it, records write the middle name (the mother's maiden
    surname) in full, as an initial or not at all; a second given word (Mary Grace) cannot be told from a middle
    name, so it goes too, and Mary Grace Santos and Mary Jane Santos are told apart by the date.

    A record whose nationality is not known (blank, 不明, unknown) is read so that it agrees with the person's record
    that has one, as far as the name itself tells: a given name in Latin letters with a word that is not one
    syllable (Kristine Rilaang) loses what follows its first word, as a Filipino one would; one whose every word is
    a syllable (Thi Thu Ha, Xiu Ying, Min Ji) keeps them all, as Vietnamese, Chinese and Korean names do."""
    words = _words(given)
    unknown = nationality in _UNKNOWN_NATIONALITIES
    if nationality == "ph" or (unknown and in_latin_letters and not _syllables(words)):
        return tuple(_FILIPINO_ABBREVIATIONS.get(token, token) for token in words[:1])
    return given


def _syllables(words: tuple[str, ...]) -> bool:
    return all(_SYLLABLE.fullmatch(word) for word in words)


def _words(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(token for token in tokens if len(token) > 1)  # an initial ("C.") is no word


def _a_given_name_in_latin_letters(person: Person) -> bool:
    """Whether the given name column holds a given name alone (the family name is filled in: a full name typed into
    one column, Yamada Taro, keeps its words) written in Latin letters (no kana, half-width or not, and no kanji)."""
    typed = unicodedata.normalize("NFKC", person.given_name)
    return _one_part(person.family_name) and not (_KANA_LETTER.search(typed) or _KANJI.search(typed))


def _one_part(other_column: str) -> bool:
    """Whether a name column holds one part of the name: yes when the other column has a letter in it. A full name
    typed into one column with the other left blank or holding a mark ("-") is two words (林愛 is hayashi ai)."""
    return any(char.isalpha() for char in other_column)


def _without_variation_selectors(text: str) -> str:
    # 葛 with a selector is the glyph a family register prints, the same name: CP932 and pykakasi know neither.
    return _VARIATION_SELECTORS.sub("", text)


@dataclass(frozen=True)
class _Parts:
    latin: tuple[str, ...]  # from romaji and kana
    native: tuple[str, ...]  # kanji and other scripts, as written
    reading: tuple[str, ...]  # a reading of the kanji: used only when the part has no kana or romaji


def _latin_name(parts: _Parts, written_reading: str, nationality: str) -> tuple[str, ...]:
    """The name part in Latin tokens: its own kana or romaji; else the reading the record gives for it (a
    guessed reading of kanji is wrong for many names: 幸恵 is Yukie or Sachie, and only the bearer knows);
    else the reading guessed from its characters."""
    return parts.latin or _given_reading(written_reading, nationality) or parts.reading


def _given_reading(text: str, nationality: str) -> tuple[str, ...]:
    """The Latin tokens of a reading column. A Chinese national's name takes it only in Latin letters (pinyin, or
    the Wade-Giles of a Taiwanese passport: Hsieh): a katakana rendering (ワン for 王) is further from what other
    records write than the pinyin its characters give. Separators (・, ー) are no kana here."""
    if nationality in _PINYIN_NATIONALITIES and _KANA_LETTER.search(unicodedata.normalize("NFKC", text)):
        return ()
    return _name_parts(text, nationality).latin


@lru_cache(maxsize=1 << 16)  # a list is normalised twice (checked, then encoded), and names repeat
def _name_parts(text: str, nationality: str, one_part: bool = True) -> _Parts:
    latin: list[str] = []
    native: list[str] = []
    reading: list[str] = []
    for word in _SEPARATORS.split(unicodedata.normalize("NFKC", text).casefold()):
        word = _APOSTROPHES.sub("", word)
        if not word:
            continue
        if _KANJI.search(word):  # read, not kept as written: a kanji field on one side only costs a true pair
            reading.extend(_latin_tokens(_read_hanzi(word, nationality, one_part)))
        elif _KANA.search(word):
            latin.extend(_latin_tokens(_romanise(word, one_part)))
        elif _LATIN.search(_strip_diacritics(word)):
            latin.extend(_latin_tokens(_strip_diacritics(word)))
        else:
            native.append(word)
    return _Parts(tuple(latin), tuple(native), tuple(reading))


def _latin_tokens(text: str) -> list[str]:
    return [fold_romaji(token) for token in _SEPARATORS.split(text) if _NOT_LATIN_LETTER.sub("", token)]


def fold_romaji(token: str) -> str:
    """One spelling for the romanisations of a name token (lower-case Latin letters in, letters out)."""
    folded = _NOT_LATIN_LETTER.sub("", token)
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _romanise(text: str, one_part: bool = True) -> str:
    """Hepburn for kana and the most common reading for kanji (pykakasi), word by word. In a column that holds one
    part of the name, pieces that pykakasi reads apart are one word where a piece is a single kanji beside another
    or beside kana: a name its dictionary lacks, read kanji by kanji (川河 as kawa kawa, 知菜 as chi na), and kana
    beside a kanji (よし子 as yoshi ko) become kawakawa, china and yoshiko, as the name's kana and romaji write them;
    words it knows stay apart (マリア花子, 山田佐藤). 々 repeats the reading before it (菜々子 is nanako; pykakasi
    alone writes "(kurikaesi)")."""
    words: list[str] = []
    previous = ""
    for original, reading in _repeated(_kakasi().convert(jaconv.kata2hira(text))):
        if words and one_part and _joined(_piece(previous), _piece(original)):
            words[-1] += reading
        else:
            words.append(reading)
        previous = original
    return " ".join(words)


def _piece(original: str) -> str:
    """A piece pykakasi read: one kanji ("single"), a word of several kanji ("word"), or kana and the rest."""
    if not _KANJI.search(original):
        return "kana"
    return "single" if len(original) == 1 else "word"


def _joined(before: str, after: str) -> bool:
    return "single" in (before, after) and "word" not in (before, after)


def _repeated(parts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(original, reading) of each piece, a 々 read as the reading before it (none at the start)."""
    pieces: list[tuple[str, str]] = []
    for part in parts:
        original, reading = str(part["orig"]), str(part["hepburn"])
        pieces.append((original, (pieces[-1][1] if pieces else "") if original == "々" else reading))
    return pieces


def _read_hanzi(word: str, nationality: str, one_part: bool = True) -> str:
    """Pinyin for Chinese names (by nationality, or characters Japanese never writes), else a Japanese reading."""
    if _reads_as_chinese(word, nationality):
        from pypinyin import lazy_pinyin

        return "".join(lazy_pinyin(word))  # one word, one token: 秀英 is xiuying, as passports write it
    return _romanise(word, one_part)


def _reads_as_chinese(word: str, nationality: str) -> bool:
    return nationality in _PINYIN_NATIONALITIES or (nationality != "jp" and not _writable_in_japanese(word))


def _writable_in_japanese(word: str) -> bool:
    try:
        word.encode("cp932")
    except UnicodeEncodeError:
        return False  # simplified hanzi such as 张, 刘, 陈
    return True


@cache
def _kakasi() -> Any:
    # Loading pykakasi's dictionaries takes seconds: only lists with Japanese script pay for it, once.
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def normalise_date(text: str) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or blank; DateError for anything else."""
    typed = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not typed:
        return ""
    match = _DATE.match(typed) or _COMPACT_DATE.match(typed)
    if match:
        return _format_date(int(match[1]), match[2], match[3], text)
    era = _ERA_DATE.match(typed)
    if era:
        year = _ERAS[era[1]] + (1 if era[2] == "元" else int(era[2])) - 1
        return _format_date(year, era[3], era[4], text)
    raise DateError(f"'{text}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")


def birth_fields(date: str) -> dict[str, str]:
    """Year, month and day as fields of their own: a wrong day costs only the day's bits."""
    parts = [*date.split("-"), "", "", ""] if date else ["", "", ""]
    return {"birth_year": parts[0], "birth_month": parts[1], "birth_day": parts[2]}


def _format_date(year: int, month: str | None, day: str | None, text: str) -> str:
    if not 1900 <= year <= 2100 or (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        raise DateError(f"'{text}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [f"{year:04d}", *(f"{int(part):02d}" for part in (month, day) if part)]
    return "-".join(parts)


def normalise_sex(text: str) -> str:
    """``f``, ``m``, blank, or the folded text for anything else a record says."""
    typed = unicodedata.normalize("NFKC", text).strip().casefold()
    return _SEXES.get(typed, typed)


def normalise_nationality(text: str) -> str:
    """An ISO 3166 alpha-2 code where the name or code is known, else the folded text."""
    typed = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if len(typed) == 2 and typed.isascii() and typed.isalpha():
        return typed
    return _NATIONALITY_CODES.get(typed) or _NATIONALITY_CODES.get(_strip_diacritics(typed), typed)


_NATIONALITY_CODES = {name: code for code, names in _NATIONALITIES.items() for name in names}
