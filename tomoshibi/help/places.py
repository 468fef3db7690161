"""Place names typed where a postal code is asked: "Osaka", "大阪", "osaka-fu", "Yokohama", "新宿".

Pure Python (no Django). `prefecture_named(text)` gives the JIS prefecture code of a prefecture
(romaji or kanji, with or without -fu/-to/-ken/県/府/都) or of a large city or well-known district,
or None. A name shared by a city and another prefecture's name is read as the prefecture.
"""

from __future__ import annotations

import re
import unicodedata

# JIS order: the romaji name and the kanji name (without 都/府/県, except 北海道).
PREFECTURES: tuple[tuple[str, str, str], ...] = (
    ("01", "hokkaido", "北海道"),
    ("02", "aomori", "青森"),
    ("03", "iwate", "岩手"),
    ("04", "miyagi", "宮城"),
    ("05", "akita", "秋田"),
    ("06", "yamagata", "山形"),
    ("07", "fukushima", "福島"),
    ("08", "ibaraki", "茨城"),
    ("09", "tochigi", "栃木"),
    ("10", "gunma", "群馬"),
    ("11", "saitama", "埼玉"),
    ("12", "chiba", "千葉"),
    ("13", "tokyo", "東京"),
    ("14", "kanagawa", "神奈川"),
    ("15", "niigata", "新潟"),
    ("16", "toyama", "富山"),
    ("17", "ishikawa", "石川"),
    ("18", "fukui", "福井"),
    ("19", "yamanashi", "山梨"),
    ("20", "nagano", "長野"),
    ("21", "gifu", "岐阜"),
    ("22", "shizuoka", "静岡"),
    ("23", "aichi", "愛知"),
    ("24", "mie", "三重"),
    ("25", "shiga", "滋賀"),
    ("26", "kyoto", "京都"),
    ("27", "osaka", "大阪"),
    ("28", "hyogo", "兵庫"),
    ("29", "nara", "奈良"),
    ("30", "wakayama", "和歌山"),
    ("31", "tottori", "鳥取"),
    ("32", "shimane", "島根"),
    ("33", "okayama", "岡山"),
    ("34", "hiroshima", "広島"),
    ("35", "yamaguchi", "山口"),
    ("36", "tokushima", "徳島"),
    ("37", "kagawa", "香川"),
    ("38", "ehime", "愛媛"),
    ("39", "kochi", "高知"),
    ("40", "fukuoka", "福岡"),
    ("41", "saga", "佐賀"),
    ("42", "nagasaki", "長崎"),
    ("43", "kumamoto", "熊本"),
    ("44", "oita", "大分"),
    ("45", "miyazaki", "宮崎"),
    ("46", "kagoshima", "鹿児島"),
    ("47", "okinawa", "沖縄"),
)

# Designated cities and places people name instead of their prefecture (romaji, kanji) -> prefecture.
CITIES: dict[str, str] = {
    "sapporo": "01",
    "札幌": "01",
    "sendai": "04",
    "仙台": "04",
    "kawaguchi": "11",
    "川口": "11",
    "shinjuku": "13",
    "新宿": "13",
    "shibuya": "13",
    "渋谷": "13",
    "ikebukuro": "13",
    "池袋": "13",
    "kabukicho": "13",
    "歌舞伎町": "13",
    "roppongi": "13",
    "六本木": "13",
    "ueno": "13",
    "上野": "13",
    "yokohama": "14",
    "横浜": "14",
    "kawasaki": "14",
    "川崎": "14",
    "sagamihara": "14",
    "相模原": "14",
    "hamamatsu": "22",
    "浜松": "22",
    "nagoya": "23",
    "名古屋": "23",
    "umeda": "27",
    "梅田": "27",
    "namba": "27",
    "難波": "27",
    "なんば": "27",
    "sakai": "27",
    "堺": "27",
    "kobe": "28",
    "神戸": "28",
    "kitakyushu": "40",
    "北九州": "40",
    "hakata": "40",
    "博多": "40",
    "naha": "47",
    "那覇": "47",
}

_SUFFIXES = re.compile(r"(?:-?(?:fu|to|ken|shi|ku|prefecture|pref|city)|都|府|県|市|区)$")
_MACRONS = str.maketrans({"ō": "o", "ū": "u", "ô": "o", "û": "u"})


def fold(text: str) -> str:
    """'Ōsaka-Fu ' -> 'osaka-fu': width, case, macrons and long vowels (Oosaka, Hyougo) folded."""
    folded = unicodedata.normalize("NFKC", text).strip().lower().translate(_MACRONS)
    return folded.replace(" ", "").replace("oo", "o").replace("ou", "o")


def spellings(text: str) -> list[str]:
    """The folded name, then without one suffix, then without two ('kyoto-fu' -> 'kyoto' before 'kyo')."""
    names = [fold(text)]
    for _round in range(2):
        shorter = _SUFFIXES.sub("", names[-1])
        if shorter and shorter != names[-1]:
            names.append(shorter)
    return [name for each in names for name in (each, each.replace("-", ""))]


_BY_NAME: dict[str, str] = {
    **{fold(name): code for name, code in CITIES.items()},
    **{name: code for code, romaji, kanji in PREFECTURES for name in (romaji, kanji)},
}


def prefecture_named(text: str) -> str | None:
    """The prefecture code of a place name, or None when the text names no place we know."""
    return next((_BY_NAME[name] for name in spellings(text) if name in _BY_NAME), None)


def looks_like_a_place(text: str) -> bool:
    """Letters or Japanese script, not only the digits and marks of a postal code."""
    return any(ch.isalpha() for ch in unicodedata.normalize("NFKC", text))
