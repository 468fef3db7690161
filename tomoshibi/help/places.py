"""Place names typed where a postal code is asked: "Osaka", "大阪", "osaka-fu", "Yokohama", "新宿", "오사카".

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

# The names other readers of the platform type: Korean (Hangul), Chinese where its characters differ
# from the Japanese ones (Simplified, and Traditional as written in Taiwan), and Nepali and Burmese
# for the places most of their communities live in. Romaji covers the Latin-script languages.
OTHER_SCRIPTS: dict[str, str] = {
    **dict.fromkeys(["홋카이도", "삿포로"], "01"),
    **dict.fromkeys(["아오모리"], "02"),
    **dict.fromkeys(["이와테"], "03"),
    **dict.fromkeys(["미야기", "센다이", "宫城"], "04"),
    **dict.fromkeys(["아키타"], "05"),
    **dict.fromkeys(["야마가타"], "06"),
    **dict.fromkeys(["후쿠시마", "福岛"], "07"),
    **dict.fromkeys(["이바라키"], "08"),
    **dict.fromkeys(["도치기", "枥木", "櫪木"], "09"),
    **dict.fromkeys(["군마", "群马"], "10"),
    **dict.fromkeys(["사이타마", "साइतामा"], "11"),
    **dict.fromkeys(["지바", "치바", "千叶", "चिबा"], "12"),
    **dict.fromkeys(["도쿄", "도쿄도", "신주쿠", "东京", "टोकियो", "तोक्यो", "တိုကျို"], "13"),
    **dict.fromkeys(["가나가와", "요코하마", "横滨", "橫濱", "कानागावा", "योकोहामा"], "14"),
    **dict.fromkeys(["니가타"], "15"),
    **dict.fromkeys(["도야마"], "16"),
    **dict.fromkeys(["이시카와"], "17"),
    **dict.fromkeys(["후쿠이"], "18"),
    **dict.fromkeys(["야마나시"], "19"),
    **dict.fromkeys(["나가노", "长野"], "20"),
    **dict.fromkeys(["기후"], "21"),
    **dict.fromkeys(["시즈오카", "静冈", "靜岡"], "22"),
    **dict.fromkeys(["아이치", "나고야", "爱知", "आइची", "नागोया", "နာဂိုယာ"], "23"),
    **dict.fromkeys(["미에"], "24"),
    **dict.fromkeys(["시가", "滋贺"], "25"),
    **dict.fromkeys(["교토", "क्योटो"], "26"),
    **dict.fromkeys(["오사카", "ओसाका", "အိုဆာကာ"], "27"),
    **dict.fromkeys(["효고", "고베", "兵库", "神户", "神戶"], "28"),
    **dict.fromkeys(["나라"], "29"),
    **dict.fromkeys(["와카야마"], "30"),
    **dict.fromkeys(["돗토리", "鸟取"], "31"),
    **dict.fromkeys(["시마네", "岛根"], "32"),
    **dict.fromkeys(["오카야마", "冈山"], "33"),
    **dict.fromkeys(["히로시마", "广岛", "廣島"], "34"),
    **dict.fromkeys(["야마구치"], "35"),
    **dict.fromkeys(["도쿠시마", "德岛", "德島"], "36"),
    **dict.fromkeys(["가가와"], "37"),
    **dict.fromkeys(["에히메", "爱媛"], "38"),
    **dict.fromkeys(["고치"], "39"),
    **dict.fromkeys(["후쿠오카", "福冈", "फुकुओका"], "40"),
    **dict.fromkeys(["사가", "佐贺"], "41"),
    **dict.fromkeys(["나가사키", "长崎"], "42"),
    **dict.fromkeys(["구마모토"], "43"),
    **dict.fromkeys(["오이타"], "44"),
    **dict.fromkeys(["미야자키", "宫崎"], "45"),
    **dict.fromkeys(["가고시마", "鹿儿岛", "鹿兒島"], "46"),
    **dict.fromkeys(["오키나와", "冲绳", "沖繩"], "47"),
}

# Korean 현/부/시/구 and Chinese 县/縣/区/區 too; never Korean 도, which ends 홋카이도 itself.
_SUFFIXES = re.compile(r"(?:-?(?:fu|to|ken|shi|ku|prefecture|pref|city)|都|府|県|县|縣|市|区|區|현|부|시|구)$")
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
    **{fold(name): code for name, code in {**CITIES, **OTHER_SCRIPTS}.items()},
    **{name: code for code, romaji, kanji in PREFECTURES for name in (romaji, kanji)},
}


def prefecture_named(text: str) -> str | None:
    """The prefecture code of a place name, or None when the text names no place we know."""
    return next((_BY_NAME[name] for name in spellings(text) if name in _BY_NAME), None)


def looks_like_a_place(text: str) -> bool:
    """Letters or Japanese script, not only the digits and marks of a postal code."""
    return any(ch.isalpha() for ch in unicodedata.normalize("NFKC", text))
