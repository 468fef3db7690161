"""The tables the in-browser encoder needs, exported from the installed packages it must agree with.

The page encodes a list exactly as `tomoshibi linkage encode` does (normalise.py, encode.py), so it
must read kanji as pykakasi reads them, hanzi as pypinyin reads them, and fold text as Python's
``unicodedata`` and ``str.casefold`` fold it. Nothing here is written by hand: every table is read from
the installed pykakasi, pypinyin, jaconv and Python, so an upgrade of any of them changes both
encoders at once (re-run ``tomoshibi linkage export-dictionaries``).

Three files, loaded by the page only when needed:

* ``base.json`` (always): Unicode folds Python applies and JavaScript does not (casefold beyond
  lower-casing, combining classes, letters, decimal digits, whitespace), which characters CP932 can encode,
  jaconv's katakana-to-hiragana table, and pykakasi's kana, half-width kana, variant and symbol tables;
* ``kanwa.json.gz`` (when a name holds kanji): pykakasi's kanji dictionary;
* ``pinyin.json.gz`` (when a name may be Chinese): pypinyin's character and phrase dictionaries, each
  reading already in the style ``lazy_pinyin`` gives (no tone marks, ü as v).

Readings are kept only where pykakasi's lookup can return them: for each word, its readings up to and
including the first one without a context condition (the lookup always stops there), so no result
changes. Every word of pypinyin's dictionaries is kept.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import pickle
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
BASE, KANWA, PINYIN = "base.json", "kanwa.json.gz", "pinyin.json.gz"
FILES = (BASE, KANWA, PINYIN)
STAMP = "stamp.txt"  # what the files were made from: when it still holds, exporting again is skipped
_SOURCES = ("dictionaries.py", "normalise.py")
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "stats" / "static" / "stats" / "linkage" / "dictionaries"
_BMP = 0x10000


def export(directory: Path = DEFAULT_DIRECTORY, force: bool = False) -> dict[str, int]:
    """Write the three files into directory unless they are up to date; the size of each in bytes, by name."""
    stamp = current_stamp()
    if force or not is_current(directory, stamp):
        directory.mkdir(parents=True, exist_ok=True)
        contents = {
            BASE: _json(base_tables()),
            KANWA: _gzip(_json(kanwa_table())),
            PINYIN: _gzip(_json(pinyin_tables())),
        }
        for name, data in contents.items():
            (directory / name).write_bytes(data)
        (directory / STAMP).write_text(stamp + "\n", encoding="ascii")
    return {name: (directory / name).stat().st_size for name in FILES}


def current_stamp() -> str:
    """A digest of everything the files are made from: package versions, Python's Unicode, the source."""
    from importlib.metadata import version

    here = Path(__file__).resolve().parent
    parts = [f"{name} {version(name)}" for name in ("pykakasi", "pypinyin", "jaconv")]
    parts += [f"unicode {unicodedata.unidata_version}", f"format {FORMAT_VERSION}"]
    digest = hashlib.sha256("\n".join(parts).encode())
    for source in _SOURCES:
        digest.update((here / source).read_bytes())
    return digest.hexdigest()


def is_current(directory: Path, stamp: str | None = None) -> bool:
    path = directory / STAMP
    if not path.exists() or not all((directory / name).exists() for name in FILES):
        return False
    return path.read_text(encoding="ascii").strip() == (stamp or current_stamp())


def _json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)  # no timestamp: the same packages give the same bytes


def base_tables() -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "unicode": unicodedata.unidata_version,
        "casefold": _casefold_beyond_lower(),
        "combining": _ranges(code for code in _code_points() if unicodedata.combining(chr(code))),
        "letters": _ranges(code for code in _code_points() if chr(code).isalpha()),  # str.isalpha, Python's Unicode
        "digits": _digit_runs(),
        "whitespace": "".join(chr(code) for code in _code_points() if chr(code).isspace()),
        "cp932": _cp932_bitset(),
        "kata2hira": _kata2hira(),
        "kakasi": _kakasi_tables(),
        "normalise": _normalise_tables(),
    }


def _normalise_tables() -> dict[str, Any]:
    """normalise.py's own word lists, so that the page never keeps a copy of them that could drift."""
    from tomoshibi.linkage import normalise

    return {
        "columns": list(normalise.INPUT_COLUMNS),
        "reading_columns": list(normalise.READING_COLUMNS),  # optional: read when the header has them
        "sexes": normalise._SEXES,
        "nationalities": normalise._NATIONALITY_CODES,
        "pinyin_nationalities": list(normalise._PINYIN_NATIONALITIES),
        "syllable": normalise._SYLLABLE.pattern,  # the same syntax in JavaScript: groups, classes, alternation
        "unknown_nationalities": sorted(normalise._UNKNOWN_NATIONALITIES),
        "eras": normalise._ERAS,
        "letters": {chr(code): text for code, text in normalise._LETTERS_WITHOUT_DECOMPOSITION.items()},
    }


def _code_points() -> Iterator[int]:
    return (code for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)


def _casefold_beyond_lower() -> dict[str, str]:
    """Where str.casefold differs from lower-casing the character alone (ß to ss, ſ to s, ...)."""
    table = {}
    for code in _code_points():
        char = chr(code)
        if char.casefold() != char.lower():
            table[char] = char.casefold()
    return table


def _ranges(codes: Iterator[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _digit_runs() -> list[list[int]]:
    """Runs of characters Python's ``\\d`` matches and int() reads: [first, last, value of first]."""
    runs: list[list[int]] = []
    for code in _code_points():
        char = chr(code)
        if unicodedata.category(char) != "Nd":
            continue
        value = unicodedata.decimal(char)
        if runs and runs[-1][1] == code - 1 and runs[-1][2] + code - runs[-1][0] == value:
            runs[-1][1] = code
        else:
            runs.append([code, code, value])
    return runs


def _cp932_bitset() -> str:
    """One bit per BMP character: set where Python's CP932 codec encodes it (no CP932 character lies beyond)."""
    bits = bytearray(_BMP // 8)
    for code in range(_BMP):
        if 0xD800 <= code <= 0xDFFF:
            continue
        try:
            chr(code).encode("cp932")
        except UnicodeEncodeError:
            continue
        bits[code >> 3] |= 1 << (code & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def _kata2hira() -> dict[str, str]:
    from jaconv.conv_table import K2H_TABLE

    return {chr(code): value for code, value in K2H_TABLE.items()}


def _kakasi_tables() -> dict[str, Any]:
    from pykakasi.properties import Ch, Configurations, Convert_Tables

    return {
        "hepburnhira": _pickled(Configurations.jisyo_hepburn_hira),
        "halfkana": _pickled(Configurations.jisyo_halfkana),
        "itaiji": {chr(code): value for code, value in _pickled(Configurations.jisyo_itaiji).items()},
        "endmark": Ch.endmark,
        "long_symbols": Ch.long_symbols,
        "symbol_table_1": Convert_Tables.symbol_table_1,
        "symbol_table_2": Convert_Tables.symbol_table_2,
        "symbol_table_3": Convert_Tables.symbol_table_3,
        "symbol_table_4": Convert_Tables.symbol_table_4,
        "symbol_table_5": Convert_Tables.symbol_table_5,
        "cyrillic_table": Convert_Tables.cyrillic_table,
        "latin1_table": Convert_Tables.latin1_table,
    }


def _pickled(name: str) -> Any:
    from pykakasi import properties

    configurations: Any = properties.Configurations  # an instance named like its class, which confuses mypy
    with open(configurations.dictpath(name), "rb") as file:
        return pickle.load(file)  # noqa: S301 - pykakasi's own data files, as pykakasi itself loads them


def kanwa_table() -> dict[str, Any]:
    """Word to reading (a string), or to [[reading, [contexts]], ..., reading] where a context decides."""
    from pykakasi.properties import Configurations

    table: dict[str, Any] = {}
    for first, words in _pickled(Configurations.jisyo_kanwa).items():
        for word, readings in words.items():
            if word.startswith(chr(first)):  # pykakasi looks a word up under its first character only
                table[word] = _reachable_readings(readings)
    return table


def _reachable_readings(readings: list[tuple[str, list[str] | None]]) -> Any:
    kept: list[Any] = []
    for reading, contexts in readings:
        if contexts is None:
            kept.append(reading)
            break
        kept.append([reading, list(contexts)])
    return kept[0] if len(kept) == 1 and isinstance(kept[0], str) else kept


def pinyin_tables() -> dict[str, Any]:
    """Each character's first reading and each phrase's readings, as lazy_pinyin styles them."""
    from pypinyin import Style
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
    from pypinyin.converter import UltimateConverter

    converter = UltimateConverter()

    def styled(han: str, reading: str) -> str:
        return str(converter.convert_style(han, reading, style=Style.NORMAL, strict=True))

    chars = {chr(code): styled(chr(code), readings.split(",")[0]) for code, readings in PINYIN_DICT.items()}
    phrases = {
        phrase: [styled(phrase[index], item[0]) for index, item in enumerate(items)]
        for phrase, items in PHRASES_DICT.items()
    }
    return {"chars": chars, "phrases": phrases}
