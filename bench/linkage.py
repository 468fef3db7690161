"""Record linkage measured on a synthetic population: quality, the estimate it leads to, and speed.

    .venv/bin/python bench/linkage.py                # modest sizes, under a minute on two shared cores
    .venv/bin/python bench/linkage.py --size 20000   # speed on 20,000 x 20,000 encodings
    .venv/bin/python bench/linkage.py --seeds 10 --seed 20   # quality on seeds 20-29, mean ± sd (no speed test)
    .venv/bin/python bench/linkage.py --diagnostics  # also the figures docs/linkage.md quotes about one run

A population of Japanese (kanji, kana and romaji), Filipino, Vietnamese, Thai and Chinese people is drawn;
three organisations each record some of them, with the errors real lists have (another script, typos,
swapped name order, a dropped middle name, missing or partial dates, passport spellings). The lists are
normalised, encoded and linked exactly as the commands do. Printed:

* pairwise precision, recall and F1 of the links against the truth (goal: F1 of 0.97 or more);
* the estimate of the population from the linked capture table next to the one from the true table;
* matching speed on two lists of --size encodings (1,024 bits): comparisons per second of our blocked
  matcher (all pairs it stands for, over its time) next to anonlink's exhaustive candidate search on the
  same encodings in this run, with our recall of anonlink's pairs. anonlink is not a project dependency
  and lives in an environment of its own, which the benchmark appends to its path (our numpy stays the
  one used):

    python3 -m venv /tmp/anonlink && /tmp/anonlink/bin/pip install anonlink
    ANONLINK_SITE=/tmp/anonlink/lib/python3.11/site-packages .venv/bin/python bench/linkage.py --size 20000

Names are drawn with the frequencies they have in life (`--names realistic`, the default: the listed names,
the commonest, go to the share of people who bear them in life, and everyone else gets one of many rarer
names); `--names pools` draws every name from the short lists alone, as the first version did, which gives
about half the records a namesake (see docs/linkage.md). Each run links the lists twice, with the matching
as it was before the rules for short filters and as it is now, and prints both.

Rarer Japanese names are read as their bearers read them (`--readings bearer`, the default): each kanji's reading
is drawn from the readings it takes in names (NAME_READINGS), the commonest the likeliest, whatever the
normaliser would guess from the kanji; `--readings guessed` reads them as pykakasi does, as the generator did
before, which made every kanji record of a rarer name agree with its kana and romaji records by construction.

A Japanese record written in kanji gives the name's reading (furigana, the columns family_name_reading and
given_name_reading) with the chance `--furigana` (0.9 by default): Japanese forms ask for the reading beside
the name, and since 26 May 2025 the family register and the residence record carry it; one record in ten is
taken to lack it (a name copied from a card, a note taken over the telephone). The share is chosen, not
measured; `--furigana 0` gives kanji records no reading, as the generator did before.

Seeds 17-19 are the ones the matching rules were chosen on; quote held-out seeds (20 and on) for quality.

The false pairs are printed by what their two records differ in (another script, a middle name, a missing
date, ...), so the causes of lost F1 can be read off one run.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tomoshibi.estimation.data import table_from_rows
from tomoshibi.estimation.estimate import STEPWISE, estimate
from tomoshibi.linkage.encode import Encoder
from tomoshibi.linkage.match import (
    DEFAULT_THRESHOLD,
    Blocking,
    Containment,
    Linkage,
    filters_from_base64,
    link,
    similar_pairs,
)
from tomoshibi.linkage.normalise import Person, normalise

SECRET = b"benchmark secret, never a real one"
LISTS = ("shelter", "clinic", "ngo")
CAPTURE = (0.35, 0.3, 0.25)

# (kanji, kana) and the passport romaji; long vowels are written several ways in real records.
JAPANESE_FAMILY = [
    ("佐藤", "サトウ", "SATO"),
    ("鈴木", "スズキ", "SUZUKI"),
    ("高橋", "タカハシ", "TAKAHASHI"),
    ("田中", "タナカ", "TANAKA"),
    ("伊藤", "イトウ", "ITO"),
    ("渡辺", "ワタナベ", "WATANABE"),
    ("山本", "ヤマモト", "YAMAMOTO"),
    ("中村", "ナカムラ", "NAKAMURA"),
    ("小林", "コバヤシ", "KOBAYASHI"),
    ("加藤", "カトウ", "KATO"),
    ("吉田", "ヨシダ", "YOSHIDA"),
    ("山田", "ヤマダ", "YAMADA"),
    ("佐々木", "ササキ", "SASAKI"),
    ("山口", "ヤマグチ", "YAMAGUCHI"),
    ("松本", "マツモト", "MATSUMOTO"),
    ("井上", "イノウエ", "INOUE"),
    ("木村", "キムラ", "KIMURA"),
    ("林", "ハヤシ", "HAYASHI"),
    ("斎藤", "サイトウ", "SAITO"),
    ("清水", "シミズ", "SHIMIZU"),
    ("山崎", "ヤマザキ", "YAMAZAKI"),
    ("森", "モリ", "MORI"),
    ("池田", "イケダ", "IKEDA"),
    ("橋本", "ハシモト", "HASHIMOTO"),
    ("阿部", "アベ", "ABE"),
    ("石川", "イシカワ", "ISHIKAWA"),
    ("大野", "オオノ", "ONO"),
    ("近藤", "コンドウ", "KONDO"),
    ("後藤", "ゴトウ", "GOTO"),
    ("遠藤", "エンドウ", "ENDO"),
    ("青木", "アオキ", "AOKI"),
    ("藤田", "フジタ", "FUJITA"),
]
JAPANESE_GIVEN = [
    ("花子", "ハナコ", "HANAKO", "f"),
    ("陽子", "ヨウコ", "YOKO", "f"),
    ("美咲", "ミサキ", "MISAKI", "f"),
    ("由美", "ユミ", "YUMI", "f"),
    ("恵子", "ケイコ", "KEIKO", "f"),
    ("愛", "アイ", "AI", "f"),
    ("優子", "ユウコ", "YUKO", "f"),
    ("明美", "アケミ", "AKEMI", "f"),
    ("真由美", "マユミ", "MAYUMI", "f"),
    ("さくら", "サクラ", "SAKURA", "f"),
    ("陽菜", "ヒナ", "HINA", "f"),
    ("結衣", "ユイ", "YUI", "f"),
    ("翔平", "ショウヘイ", "SHOHEI", "m"),
    ("太郎", "タロウ", "TARO", "m"),
    ("健太", "ケンタ", "KENTA", "m"),
    ("大輔", "ダイスケ", "DAISUKE", "m"),
    ("翔太", "ショウタ", "SHOTA", "m"),
    ("拓也", "タクヤ", "TAKUYA", "m"),
    ("直樹", "ナオキ", "NAOKI", "m"),
    ("浩二", "コウジ", "KOJI", "m"),
    ("誠", "マコト", "MAKOTO", "m"),
    ("亮", "リョウ", "RYO", "m"),
]
FILIPINO_GIVEN = [
    ("Maria", "f"),
    ("Maricel", "f"),
    ("Jocelyn", "f"),
    ("Rowena", "f"),
    ("Analyn", "f"),
    ("Kristine", "f"),
    ("Rosalie", "f"),
    ("Mary Grace", "f"),
    ("Jennifer", "f"),
    ("Lorna", "f"),
    ("Jose", "m"),
    ("Mark Anthony", "m"),
    ("Rodel", "m"),
    ("Jayson", "m"),
    ("Reynaldo", "m"),
    ("Romeo", "m"),
    ("Juan", "m"),
    ("Christian", "m"),
]
FILIPINO_FAMILY = [
    "Santos",
    "Reyes",
    "Cruz",
    "Bautista",
    "Ocampo",
    "Garcia",
    "Mendoza",
    "Torres",
    "Tomas",
    "Andrada",
    "Castillo",
    "Flores",
    "Villanueva",
    "Ramos",
    "Castro",
    "Rivera",
    "Aquino",
    "Navarro",
    "Salazar",
    "Dela Cruz",
]
VIETNAMESE_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
VIETNAMESE_MIDDLE = {"f": ["Thị", "Ngọc", "Thu", "Thanh"], "m": ["Văn", "Đức", "Minh", "Quang"]}
VIETNAMESE_GIVEN = {
    "f": ["Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Hà", "Trang", "Nhung", "Hạnh", "Yến", "Ngân"],
    "m": ["An", "Anh", "Bình", "Nam", "Quân", "Tuấn", "Hùng", "Dũng", "Huy", "Long", "Sơn", "Thắng"],
}
THAI_GIVEN = {
    "f": ["Siriporn", "Kanokwan", "Pimchanok", "Malee", "Wanida", "Apinya", "Sukanya", "Ratana", "Nattaya"],
    "m": ["Somchai", "Nattapong", "Sompong", "Chaiwat", "Thanawat", "Prasert", "Wichai", "Anurak", "Somsak"],
}
THAI_FAMILY = [
    "Thongchai",
    "Srisuk",
    "Wongsawat",
    "Jaidee",
    "Chaiyaporn",
    "Sukhum",
    "Rattanakorn",
    "Phromma",
    "Saelim",
    "Boonmee",
    "Kaewkham",
    "Suwannarat",
    "Thongdee",
    "Phanphon",
]
CHINESE_FAMILY = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
]
CHINESE_GIVEN = [
    ("伟", "Wei", "m"),
    ("强", "Qiang", "m"),
    ("磊", "Lei", "m"),
    ("军", "Jun", "m"),
    ("杰", "Jie", "m"),
    ("涛", "Tao", "m"),
    ("明", "Ming", "m"),
    ("志强", "Zhiqiang", "m"),
    ("芳", "Fang", "f"),
    ("娜", "Na", "f"),
    ("敏", "Min", "f"),
    ("静", "Jing", "f"),
    ("丽", "Li", "f"),
    ("秀英", "Xiuying", "f"),
    ("霞", "Xia", "f"),
    ("婷", "Ting", "f"),
]
NATIONALITY_NAMES = {
    "jp": ("日本", "Japan", "JPN", "JP"), "ph": ("フィリピン", "Philippines", "PHL", "PH"),
    "vn": ("ベトナム", "Vietnam", "VNM", "Viet Nam"), "th": ("タイ", "Thailand", "THA", "TH"),
    "cn": ("中国", "China", "CHN", "CN"),
}  # fmt: skip
LONG_VOWEL_SPELLINGS = {"O": ("O", "OU", "OH"), "U": ("U", "UU")}


# Name frequencies as they are (`--names realistic`, the default; `--names pools` draws from the lists above
# alone, as the benchmark first did, where two Japanese women share a full name once in 384 pairs, against
# about once in 100,000 in Japan). The listed names are the commonest, and only a share of people bear one of
# them; the others bear one of many rarer names, composed below. Shares: the 32 surnames above are the
# commonest in Japan and together a sixth to a fifth of its people (佐藤 1.5%, 鈴木 1.4%, ...); the common given-name
# readings of each sex about 10% of a cohort; the 20 Filipino surnames about 10% of Filipinos; the Chinese
# single-character given names about 10%; Thai surnames belong to one family each (Surname Act of 1913), so
# the listed ones stand for relatives only. Chinese surnames (the 12 listed are about 45% of China: 王, 李, 张
# near 7% each) and Vietnamese names (Nguyễn alone is about 38% of Vietnamese) are as concentrated in the
# lists as in life and are drawn from them as before.
COMMON_SHARE = {"jp family": 0.17, "jp given": 0.10, "ph family": 0.10, "th family": 0.05, "cn given": 0.10}
SURNAME_KANJI = "山川田中村木本井野原島石松小大高森上西北岡宮谷崎藤竹長前沢池坂内平江浜吉金福永桜安今岩新広河"
GIVEN_KANJI = {
    "f": ("美由真奈恵千里香沙智優彩愛明和幸京朋早知", "子美香代奈恵里菜江穂佳乃"),
    "m": ("健大翔拓直浩誠和勇正秀達俊雄隆孝英修", "太介平也樹二一郎司人斗志"),
}
HANZI_GIVEN = {"f": "秀丽美玲桂红英兰凤慧雪燕梅琳晓春月洁", "m": "建国志明伟海东文平俊德辉永成林华宏斌"}
FILIPINO_SYLLABLES = (
    ("Ma", "Da", "Ca", "Sa", "Ba", "Pa", "La", "Ta", "Bu", "Di", "Ri", "Vi", "Go", "Me", "Pe", "Li"),
    ("la", "ca", "ba", "ran", "lan", "nan", "ta", "si", "gu", "ri", "mi", "ya"),
    ("o", "a", "es", "an", "on", "ez", "ino", "ado", "ang", "ing"),
)
THAI_SYLLABLES = (
    ("Sri", "Suk", "Wong", "Chai", "Rattana", "Boon", "Kaew", "Thong", "Phan", "Suwan", "Phrom", "Jai", "Kit",
     "Anan", "Sombat", "Prasert", "Siri", "Pong"),
    ("", "a", "i", "wa", "ra", "sa"),
    ("sawat", "porn", "kul", "wong", "chai", "rat", "dee", "mee", "kham", "lim", "sak", "siri", "phon", "thai",
     "nakorn", "pradit", "wanich", "rak"),
)  # fmt: skip


@dataclass(frozen=True)
class Names:
    realistic: bool = True
    guessed_readings: bool = False  # --readings guessed: rarer Japanese names read as pykakasi reads their kanji
    furigana: float = 0.9  # --furigana: the share of Japanese records in kanji that also give the name's reading

    def rare(self, kind: str, rng: random.Random) -> bool:
        """Whether this name is one of the rarer ones (never with --names pools; no draw is spent then, so the
        pools generator gives the populations it always gave)."""
        return self.realistic and rng.random() >= COMMON_SHARE[kind]


@functools.cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


# How the rarer Japanese names are read. A name's reading is not fixed by its kanji: 幸恵 is Yukie, Sachie or
# Kōe, 孝司 Takashi or Kōji, and only the bearer's own kana says which. Each kanji below has the readings it takes
# in names, the commonest first; a rarer name's reading is drawn kanji by kanji, each reading RANK_DECAY times as
# likely as the one before (an assumption, not a measured distribution: the commonest reading of each kanji is
# the likeliest, never certain, and given names vary more than surnames). The normaliser's own guess (pykakasi
# on the kanji) plays no part in the draw, so a kanji record and a kana or romaji record of one person agree
# only as often as the guess happens to be the bearer's reading, as in life.
NAME_READINGS = {
    "山": "やま さん", "川": "かわ がわ", "田": "た だ", "中": "なか", "村": "むら", "木": "き ぎ こ",
    "本": "もと ほん", "井": "い", "野": "の", "原": "はら わら ばら", "島": "しま じま", "石": "いし",
    "松": "まつ", "小": "こ お", "大": "おお おう", "高": "たか こう", "森": "もり", "上": "かみ うえ がみ",
    "西": "にし", "北": "きた", "岡": "おか", "宮": "みや", "谷": "たに や だに", "崎": "さき ざき",
    "藤": "ふじ とう どう", "竹": "たけ", "長": "なが おさ", "前": "まえ", "沢": "さわ ざわ", "池": "いけ",
    "坂": "さか ざか", "内": "うち", "平": "ひら たいら へい", "江": "え", "浜": "はま", "吉": "よし",
    "金": "かね かな", "福": "ふく", "永": "なが", "桜": "さくら", "安": "やす あ", "今": "いま",
    "岩": "いわ", "新": "にい しん あら", "広": "ひろ", "河": "かわ こう", "美": "み よし", "由": "ゆ ゆう よし",
    "真": "ま まさ", "奈": "な", "恵": "え けい めぐみ", "千": "ち せん", "里": "り さと", "香": "か かおり きょう",
    "沙": "さ", "智": "ち とも さと", "優": "ゆう ゆ", "彩": "あや さ さい", "愛": "あい まな", "明": "あき あけ",
    "和": "かず わ", "幸": "さち ゆき こう", "京": "きょう", "朋": "とも", "早": "さ さき", "知": "ち とも",
    "子": "こ", "代": "よ", "菜": "な", "穂": "ほ", "佳": "か よし", "乃": "の",
    "健": "けん たけ", "翔": "しょう", "拓": "たく ひろ", "直": "なお", "浩": "こう ひろ", "誠": "せい まさ",
    "勇": "ゆう いさ", "正": "まさ しょう", "秀": "ひで しゅう", "達": "たつ", "俊": "とし しゅん",
    "雄": "ゆう たけ お", "隆": "たか りゅう", "孝": "たか こう", "英": "ひで えい", "修": "しゅう おさ",
    "太": "た", "介": "すけ", "也": "や なり", "樹": "き じゅ", "二": "じ", "一": "いち かず",
    "郎": "ろう", "司": "じ し", "人": "と ひと", "斗": "と", "志": "し じ",
}  # fmt: skip
RANK_DECAY = {"family": 0.25, "given": 0.5}
VOICED = "がぎぐげござじずぜぞだぢづでどばびぶべぼ"


def rare_japanese(kanji: str, part: str, rng: random.Random, names: Names) -> tuple[str, str, str]:
    """A rarer name of two kanji in kanji, katakana and passport romaji, read as its bearer reads it: each kanji's
    reading drawn from NAME_READINGS, whatever pykakasi would guess (with --readings guessed, pykakasi's reading,
    as the generator had it before, with no draw spent, so that it gives the populations it gave then)."""
    if names.guessed_readings:
        reading = _kakasi().convert(kanji)
    else:
        hiragana = "".join(_reading(char, RANK_DECAY[part], rng, index > 0) for index, char in enumerate(kanji))
        reading = _kakasi().convert(hiragana)
    return kanji, "".join(p["kana"] for p in reading), "".join(p["passport"] for p in reading).upper()


def _reading(char: str, decay: float, rng: random.Random, voiced: bool) -> str:
    """One kanji's reading; a voiced one (がわ for 川, rendaku) only after another kanji."""
    choices = [reading for reading in NAME_READINGS[char].split() if voiced or reading[0] not in VOICED]
    return rng.choices(choices, weights=[decay**rank for rank in range(len(choices))])[0]


def guessed_reading(kanji: str) -> str:
    """The normaliser's guess (pykakasi's reading of the kanji alone), in passport romaji."""
    return "".join(part["passport"] for part in _kakasi().convert(kanji)).upper()


def composed(syllables: tuple[tuple[str, ...], ...], rng: random.Random) -> str:
    return "".join(rng.choice(part) for part in syllables)


@dataclass(frozen=True)
class Truth:
    """One person as they are: every way their name can be written."""

    nationality: str
    sex: str
    birth: tuple[int, int, int]
    writings: tuple[tuple[str, str], ...]  # (family, given) in the scripts records use for this person


def draw_person(rng: random.Random, names: Names = Names()) -> Truth:
    nationality = rng.choices(("jp", "ph", "vn", "th", "cn"), weights=(40, 20, 20, 10, 10))[0]
    birth = (rng.randint(1965, 2007), rng.randint(1, 12), rng.randint(1, 28))
    return DRAW[nationality](rng, birth, names)


def _japanese(rng: random.Random, birth: tuple[int, int, int], names: Names) -> Truth:
    kanji_family, kana_family, roman_family = rng.choice(JAPANESE_FAMILY)
    if names.rare("jp family", rng):
        kanji_family, kana_family, roman_family = rare_japanese(
            "".join(rng.sample(SURNAME_KANJI, 2)), "family", rng, names
        )
    kanji_given, kana_given, roman_given, sex = rng.choice(JAPANESE_GIVEN)
    if names.rare("jp given", rng):
        first, second = GIVEN_KANJI[sex]
        kanji_given, kana_given, roman_given = rare_japanese(
            rng.choice(first) + rng.choice(second), "given", rng, names
        )
    writings = ((kanji_family, kanji_given), (kana_family, kana_given), (roman_family, roman_given))
    return Truth("jp", sex, birth, writings)


def _filipino(rng: random.Random, birth: tuple[int, int, int], names: Names) -> Truth:
    given, sex = rng.choice(FILIPINO_GIVEN)
    family, middle = rng.sample(FILIPINO_FAMILY, 2)
    family = composed(FILIPINO_SYLLABLES, rng) if names.rare("ph family", rng) else family
    middle = composed(FILIPINO_SYLLABLES, rng) if names.rare("ph family", rng) else middle
    return Truth("ph", sex, birth, ((family, f"{given} {middle}"), (family, f"{given} {middle[0]}."), (family, given)))


def _vietnamese(rng: random.Random, birth: tuple[int, int, int], names: Names) -> Truth:
    sex = rng.choice("fm")
    family, middle, given = (
        rng.choice(VIETNAMESE_FAMILY),
        rng.choice(VIETNAMESE_MIDDLE[sex]),
        rng.choice(VIETNAMESE_GIVEN[sex]),
    )
    return Truth("vn", sex, birth, ((family, f"{middle} {given}"), (given, f"{family} {middle}")))


def _thai(rng: random.Random, birth: tuple[int, int, int], names: Names) -> Truth:
    sex = rng.choice("fm")
    family, given = rng.choice(THAI_FAMILY), rng.choice(THAI_GIVEN[sex])
    family = composed(THAI_SYLLABLES, rng) if names.rare("th family", rng) else family
    variant = family.replace("th", "t").replace("ph", "p") if rng.random() < 0.5 else family
    return Truth("th", sex, birth, ((family, given), (variant, given)))


def _chinese(rng: random.Random, birth: tuple[int, int, int], names: Names) -> Truth:
    (hanzi_family, pinyin_family), (hanzi_given, pinyin_given, sex) = (
        rng.choice(CHINESE_FAMILY),
        rng.choice(CHINESE_GIVEN),
    )
    if names.rare("cn given", rng):
        from pypinyin import lazy_pinyin

        hanzi_given = "".join(rng.sample(HANZI_GIVEN[sex], 2))
        pinyin_given = "".join(lazy_pinyin(hanzi_given)).title()
    return Truth("cn", sex, birth, ((hanzi_family, hanzi_given), (pinyin_family, pinyin_given)))


DRAW: dict[str, Callable[[random.Random, tuple[int, int, int], Names], Truth]] = {
    "jp": _japanese, "ph": _filipino, "vn": _vietnamese, "th": _thai, "cn": _chinese,
}  # fmt: skip


@dataclass(frozen=True)
class Furigana:
    """Which Japanese records in kanji give their reading. The draws come from a stream of their own, seeded from
    the population's without taking a draw from it, so every share gives the same people, records and errors
    (only the readings differ), and a share of 0 the very lists the generator gave before it had readings."""

    share: float
    rng: random.Random

    @classmethod
    def beside(cls, share: float, rng: random.Random) -> Furigana:
        state = repr(rng.getstate()[1]).encode()  # hash() would not do: None's hash differs between runs
        return cls(share, random.Random(hashlib.sha256(state).digest()))

    def given(self) -> bool:
        return self.rng.random() < self.share


NO_FURIGANA = Furigana(0.0, random.Random(0))


def record(person: Truth, rng: random.Random, furigana: Furigana = NO_FURIGANA) -> Person:
    return written(person, rng, furigana)[0]


def written(person: Truth, rng: random.Random, furigana: Furigana = NO_FURIGANA) -> tuple[Person, frozenset[str]]:
    """How one organisation happens to write the person down, and what it did (to explain false pairs)."""
    writing = rng.randrange(len(person.writings))
    family, given = person.writings[writing]
    family, given = _spell(family, rng), _spell(given, rng)
    done = {f"writing {writing}"}
    readings = ("", "")
    if person.nationality == "jp" and writing == 0 and furigana.given():
        readings = person.writings[1]
    if person.nationality == "vn" and rng.random() < 0.7:
        family, given = _strip_marks(family), _strip_marks(given)
        done.add("diacritics removed")
    if rng.random() < 0.08:
        family, given, readings = given, family, readings[::-1]
        done.add("swapped order")
    if rng.random() < 0.08:
        family, given = _typo(family, rng), given if rng.random() < 0.5 else _typo(given, rng)
        done.add("typo")
    birth, date_error = _birth(person.birth, rng)
    sex, nationality = _sex(person.sex, rng), _nationality(person, rng)
    done |= (
        {date_error} - {""}
        | ({"sex missing"} if not sex else set())
        | ({"nationality missing"} if not nationality else set())
    )
    return Person(family, given, birth, sex, nationality, *readings), frozenset(done)


def _spell(name: str, rng: random.Random) -> str:
    if name.isascii():
        for vowel, spellings in LONG_VOWEL_SPELLINGS.items():
            if name.endswith(vowel) and name[-2:-1] not in "AEIOU":
                name = name[: -len(vowel)] + rng.choice(spellings)
        return rng.choice((name, name.title(), name.upper()))
    return name


def _strip_marks(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    index = rng.randrange(1, len(text) - 1)
    letters = "aeiounrstlk" if text.isascii() else text
    return text[:index] + rng.choice((rng.choice(letters), "")) + text[index + 1 :]


def _birth(birth: tuple[int, int, int], rng: random.Random) -> tuple[str, str]:
    year, month, day = birth
    roll = rng.random()
    if roll < 0.08:
        return "", "date missing"
    if roll < 0.13:
        return str(year), "date partial"
    if roll < 0.16:
        return f"{year}-{month:02d}", "date partial"
    error = ""
    if roll < 0.18:
        day, error = min(28, max(1, day + rng.choice((-1, 1)))), "day off by one"
    typed = rng.choice((f"{year}-{month:02d}-{day:02d}", f"{year}/{month}/{day}", f"{year}年{month}月{day}日"))
    return typed, error


def _sex(sex: str, rng: random.Random) -> str:
    return "" if rng.random() < 0.05 else rng.choice({"f": ("F", "女", "female"), "m": ("M", "男", "male")}[sex])


def _nationality(person: Truth, rng: random.Random) -> str:
    return "" if rng.random() < 0.08 else rng.choice(NATIONALITY_NAMES[person.nationality])


@dataclass
class Lists:
    people: list[Truth]
    members: list[list[int]]  # for each list: the person behind each record
    records: list[list[Person]]
    errors: list[list[frozenset[str]]]  # for each record: what the organisation did to it


def draw_lists(population: int, rng: random.Random, names: Names = Names()) -> Lists:
    people = [draw_person(rng, names) for _ in range(population)]
    members = [[index for index in range(population) if rng.random() < share] for share in CAPTURE]
    furigana = Furigana.beside(names.furigana, rng)
    drawn = [[written(people[index], rng, furigana) for index in chosen] for chosen in members]
    return Lists(people, members, [[r for r, _ in rows] for rows in drawn], [[e for _, e in rows] for rows in drawn])


def encode(records: list[Person], encoder: Encoder) -> np.ndarray:
    return filters_from_base64(encoder.encode_all([normalise(person) for person in records]))


def pairwise_quality(linkage: Linkage, members: list[list[int]]) -> tuple[float, float, float]:
    found = {frozenset(pair) for group in linkage.groups for pair in combinations(group, 2)}
    true = set()
    for first, second in combinations(range(len(members)), 2):
        where = {person: row for row, person in enumerate(members[second])}
        true |= {frozenset(((first, row), (second, where[p]))) for row, p in enumerate(members[first]) if p in where}
    right = len(found & true)
    precision, recall = right / max(len(found), 1), right / max(len(true), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


WRITING_CHANGES = {
    "jp": "script change (kanji, kana, romaji)", "ph": "Filipino middle name (full, initial, none)",
    "vn": "Vietnamese name order", "th": "Thai transliteration variant", "cn": "script change (hanzi, pinyin)",
}  # fmt: skip
RECORD_ERRORS = ("swapped order", "typo", "date missing", "date partial", "day off by one", "sex missing",
                 "nationality missing")  # fmt: skip


def false_pairs_by_cause(linkage: Linkage, lists: Lists) -> tuple[Counter[str], Counter[str]]:
    """What the records of each missed true pair and each wrong pair differ by (a pair may count under several)."""
    found = {frozenset(pair) for group in linkage.groups for pair in combinations(group, 2)}
    missed, wrong = Counter[str](), Counter[str]()
    for first, second in combinations(range(len(lists.members)), 2):
        where = {person: row for row, person in enumerate(lists.members[second])}
        for row, person in enumerate(lists.members[first]):
            if person in where and frozenset(((first, row), (second, where[person]))) not in found:
                missed.update(_causes(lists, (first, row), (second, where[person])))
    for pair in found:
        (first, row), (second, other) = sorted(pair)
        people = lists.people[lists.members[first][row]], lists.people[lists.members[second][other]]
        if people[0] is not people[1]:
            same = "same name, another person" if people[0].writings == people[1].writings else "similar name or date"
            wrong.update({same, *_causes(lists, (first, row), (second, other))})
    return missed, wrong


def _causes(lists: Lists, one: tuple[int, int], other: tuple[int, int]) -> set[str]:
    errors = lists.errors[one[0]][one[1]], lists.errors[other[0]][other[1]]
    person = lists.people[lists.members[one[0]][one[1]]]
    causes = {error for error in RECORD_ERRORS if error in errors[0] | errors[1]}
    if {e for e in errors[0] if e.startswith("writing")} != {e for e in errors[1] if e.startswith("writing")}:
        causes.add(WRITING_CHANGES[person.nationality])
    if len({"diacritics removed" in found for found in errors}) == 2:
        causes.add("Vietnamese diacritics on one side only")
    return causes or {"none of these"}


def _by_count(causes: Counter[str]) -> str:
    return "; ".join(f"{cause} {count}" for cause, count in causes.most_common()) or "none"


def true_capture_rows(members: list[list[int]]) -> list[tuple[tuple[int, ...], int]]:
    sets = [set(chosen) for chosen in members]
    patterns: dict[tuple[int, ...], int] = {}
    for person in set().union(*sets):
        pattern = tuple(int(person in chosen) for chosen in sets)
        patterns[pattern] = patterns.get(pattern, 0) + 1
    return sorted(patterns.items())


def population_estimate(rows: list[tuple[tuple[int, ...], int]]) -> float:
    table = table_from_rows(LISTS, [pattern for pattern, _ in rows], [count for _, count in rows])
    return estimate(table, STEPWISE).total


MATCHINGS = (
    ("before (one threshold for every pair; short filters blocked like the rest)", Containment(short=None)),
    ("now (two short filters need Dice halfway to 1; short filters compared with every filter)", Containment()),
)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    estimate: float  # of the population, from the linked lists


def encoded_lists(population: int, rng: random.Random, names: Names) -> tuple[Lists, list[np.ndarray], float]:
    """The lists drawn, their filters, and the seconds encoding took."""
    lists = draw_lists(population, rng, names)
    encoder = Encoder(SECRET)
    started = time.perf_counter()
    filters = [encode(records, encoder) for records in lists.records]
    return lists, filters, time.perf_counter() - started


def linked(filters: list[np.ndarray], threshold: float, containment: Containment) -> Linkage:
    return link(list(zip(LISTS, filters, strict=True)), threshold, Blocking(), containment)


def scored(linkage: Linkage, lists: Lists) -> Score:
    return Score(*pairwise_quality(linkage, lists.members), population_estimate(linkage.capture_rows()))


def quality(population: int, threshold: float, rng: random.Random, names: Names, diagnostics: bool) -> None:
    lists, filters, encoded = encoded_lists(population, rng, names)
    sizes = ", ".join(f"{name} {len(chosen):,}" for name, chosen in zip(LISTS, lists.members, strict=True))
    print(f"population {population:,} ({'realistic' if names.realistic else 'pooled'} name frequencies); "
          f"lists: {sizes}; encoded in {encoded:.1f} s; threshold {threshold}; "
          f"Japanese kanji records with their reading {names.furigana:.0%}")  # fmt: skip
    print(f"records with a namesake (the same normalised name, another person) in the lists: {namesakes(lists)}")
    true = population_estimate(true_capture_rows(lists.members))
    print(f"estimated population: {true:,.0f} from the true capture table, {population:,} in truth")
    for label, containment in MATCHINGS:
        print(f"{label}:")
        linkage = linked(filters, threshold, containment)
        report_linkage(linkage, lists)
    if diagnostics:
        from linkage_diagnostics import diagnose

        diagnose(lists, filters, threshold, linkage)


def report_linkage(linkage: Linkage, lists: Lists) -> None:
    score = scored(linkage, lists)
    print(
        f"  pairwise precision {score.precision:.4f}  recall {score.recall:.4f}  F1 {score.f1:.4f}  (goal: F1 >= 0.97)"
    )
    missed, wrong = false_pairs_by_cause(linkage, lists)
    print("  true pairs not linked, by what their records differ in:", _by_count(missed))
    print("  wrong pairs linked, by cause:", _by_count(wrong))
    print(f"  duplicates reported within lists: {len(linkage.duplicates)} (the lists have none)")
    print(f"  estimated population from the linked lists: {score.estimate:,.0f}")


def over_seeds(options: argparse.Namespace, names: Names) -> None:
    """Quality on --seeds populations (seeds --seed, --seed + 1, ...): each seed's figures, then mean and sd."""
    seeds = range(options.seed, options.seed + options.seeds)
    print(f"population {options.population:,} per seed, seeds {seeds[0]}-{seeds[-1]}, threshold {options.threshold};"
          f" Japanese kanji records with their reading {names.furigana:.0%}; estimate error: linked lists' estimate"
          " less the true table's, and less the truth")  # fmt: skip
    rows: dict[str, list[tuple[float, ...]]] = {label: [] for label, _ in MATCHINGS}
    for seed in seeds:
        lists, filters, _ = encoded_lists(options.population, random.Random(seed), names)
        true = population_estimate(true_capture_rows(lists.members))
        for label, containment in MATCHINGS:
            score = scored(linked(filters, options.threshold, containment), lists)
            rows[label].append((score.precision, score.recall, score.f1, score.estimate - true,
                                score.estimate - options.population))  # fmt: skip
            print(f"  seed {seed} {label.split()[0]}: " + _figures(rows[label][-1]), flush=True)
    for label, figures in rows.items():
        columns = list(zip(*figures, strict=True))
        print(f"{label}, mean ± sd over {len(seeds)} seeds:")
        print("  " + "  ".join(f"{name} {statistics.mean(c):.4f} ± {statistics.stdev(c):.4f}" if name[0] != "e" else
                               f"{name} {statistics.mean(c):+.0f} ± {statistics.stdev(c):.0f}"
                               for name, c in zip(FIGURES, columns, strict=True)))  # fmt: skip
        print(f"  seeds with F1 >= 0.97: {sum(f1 >= 0.97 for f1 in columns[2])} of {len(seeds)}")


FIGURES = ("precision", "recall", "F1", "error vs true table", "error vs truth")


def _figures(row: tuple[float, ...]) -> str:
    return "  ".join(f"{n} {v:.4f}" if n[0] != "e" else f"{n} {v:+.0f}" for n, v in zip(FIGURES, row, strict=True))


def namesakes(lists: Lists) -> str:
    """How many records share their normalised name with a record of another person (in any list)."""
    people: dict[str, set[int]] = {}
    records = [(person, normalise(r)["name_tokens"]) for m, rs in zip(lists.members, lists.records, strict=True)
               for person, r in zip(m, rs, strict=True)]  # fmt: skip
    for person, name in records:
        people.setdefault(name, set()).add(person)
    shared = sum(len(people[name]) > 1 for _, name in records)
    return f"{shared:,} of {len(records):,} ({shared / len(records):.1%})"


def speed(size: int, threshold: float, rng: random.Random, names: Names, diagnostics: bool = False) -> None:
    people = [draw_person(rng, names) for _ in range(size)]
    encoder = Encoder(SECRET)
    furigana = Furigana.beside(names.furigana, rng)
    left = encode([record(person, rng, furigana) for person in people], encoder)
    right = encode([record(person, rng, furigana) for person in rng.sample(people, size)], encoder)
    started = time.perf_counter()
    ours = similar_pairs(left, right, threshold, Blocking())
    seconds = time.perf_counter() - started
    rate = size * size / seconds
    print(f"speed, {size:,} x {size:,} encodings of 1,024 bits at threshold {threshold}:")
    print(f"  tomoshibi (blocked): {seconds:.2f} s, {rate:,.0f} comparisons per second (all pairs over time)")
    if diagnostics:
        for label, containment in MATCHINGS:
            started = time.perf_counter()
            link([("left", left), ("right", right)], threshold, Blocking(), containment)
            print(f"  all of link on the two lists, {label.split()[0]}: {time.perf_counter() - started:.1f} s")
    theirs = _anonlink(left, right, threshold)
    if theirs is None:
        print("  anonlink: not found (set ANONLINK_SITE, see the docstring), no comparison")
        return
    their_pairs, their_seconds = theirs
    found = set(zip(ours[0].tolist(), ours[1].tolist(), strict=True))
    recall = len(found & their_pairs) / max(len(their_pairs), 1)
    print(f"  anonlink (exhaustive): {their_seconds:.2f} s, {size * size / their_seconds:,.0f} comparisons per second")
    ratio = rate / (size * size / their_seconds)
    print(f"  ratio {ratio:.1f}x anonlink; our recall of anonlink's {len(their_pairs):,} pairs: {recall:.4f}")


def _anonlink(left: np.ndarray, right: np.ndarray, threshold: float) -> tuple[set[tuple[int, int]], float] | None:
    if os.environ.get("ANONLINK_SITE"):  # anonlink's own environment, after ours: our numpy stays the one used
        sys.path.append(os.environ["ANONLINK_SITE"])
    try:
        from anonlink.candidate_generation import find_candidate_pairs
        from anonlink.similarities import dice_coefficient_accelerated
        from bitarray import bitarray
    except ImportError:
        return None
    datasets = []
    for filters in (left, right):
        rows = []
        for row in filters:
            bits = bitarray()
            bits.frombytes(row.astype(">u8").tobytes())
            rows.append(bits)
        datasets.append(rows)
    started = time.perf_counter()
    _, _, (rows_left, rows_right) = find_candidate_pairs(datasets, dice_coefficient_accelerated, threshold)
    seconds = time.perf_counter() - started
    return set(zip(rows_left, rows_right, strict=True)), seconds


def _share(text: str) -> float:
    share = float(text)
    if not 0 <= share <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a share between 0 and 1")
    return share


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=3000, help="people in the synthetic population")
    parser.add_argument("--size", type=int, default=4000, help="encodings per list in the speed test (20000 in full)")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--seeds", type=int, default=1, help="quality over this many seeds from --seed (no speed test)")
    parser.add_argument("--diagnostics", action="store_true", help="print the figures docs/linkage.md quotes")
    parser.add_argument(
        "--names",
        choices=("realistic", "pools"),
        default="realistic",
        help="name frequencies as in life, or drawn from the short lists alone (the first generator)",
    )
    parser.add_argument(
        "--readings",
        choices=("bearer", "guessed"),
        default="bearer",
        help="rarer Japanese names read as their bearers read them, or as pykakasi guesses (the generator before)",
    )
    parser.add_argument(
        "--furigana",
        type=_share,
        default=Names.furigana,
        metavar="SHARE",
        help=f"share of Japanese records in kanji that give the name's reading (default {Names.furigana})",
    )
    options = parser.parse_args()
    rng = random.Random(options.seed)
    names = Names(
        realistic=options.names == "realistic",
        guessed_readings=options.readings == "guessed",
        furigana=options.furigana,
    )
    if options.seeds > 1:
        over_seeds(options, names)
        return
    quality(options.population, options.threshold, rng, names, options.diagnostics)
    speed(options.size, options.threshold, rng, names, options.diagnostics)


if __name__ == "__main__":
    main()
