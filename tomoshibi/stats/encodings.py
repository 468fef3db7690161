"""Reading an encoded list (`.clk.json`) sent to a round, strictly, before anything is sealed or stored.

Pure module (no Django). The file is what `tomoshibi linkage encode` writes, or the page's encoder
produces: the format and version, the schema's fingerprint, the filter length in bits, the CSV line
number of each person and their encodings in base64. Anything else (another schema, a filter of
another length, a line number twice, a stray field) is refused with a code the page translates, so
that lists encoded differently never meet in one linkage.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from tomoshibi.linkage.encode import load_schema

FORMAT = "tomoshibi-clk"
FORMAT_VERSION = 1
MAX_RECORDS = 20_000
# 20,000 filters of 1,024 bits in base64 with their line numbers come to about 3.7 MB.
MAX_BYTES = 6 * 1024 * 1024
FIELDS = frozenset({"format", "version", "schema", "bits", "lines", "clks"})


class Refused(ValueError):
    """An encoded list the round cannot take: `code` names why, `values` fill the message."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class EncodedList:
    schema: str
    bits: int
    lines: tuple[int, ...]
    clks: tuple[str, ...]

    @property
    def records(self) -> int:
        return len(self.clks)

    def sealable(self) -> bytes:
        """What is sealed for the coordinator: the encodings and line numbers only."""
        return json.dumps({"lines": list(self.lines), "clks": list(self.clks)}, separators=(",", ":")).encode()


def expected_schema() -> tuple[str, int]:
    """The fingerprint and filter length every participant must use: this version's schema."""
    schema = load_schema()
    return schema.fingerprint, schema.length


def read_encoded_list(data: bytes) -> EncodedList:
    """The list in `data`, or Refused with the first problem found."""
    if len(data) > MAX_BYTES:
        raise Refused("too_large", megabytes=MAX_BYTES // (1024 * 1024))
    document = _json(data)
    fingerprint, bits = expected_schema()
    if document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION or set(document) != FIELDS:
        raise Refused("not_encoded_list")
    if document["schema"] != fingerprint:
        raise Refused("other_schema")
    if document["bits"] != bits:
        raise Refused("other_length", bits=bits)
    lines, clks = _lines(document["lines"]), document["clks"]
    if not isinstance(clks, list) or len(clks) != len(lines):
        raise Refused("damaged")
    if not clks:
        raise Refused("empty")
    if len(clks) > MAX_RECORDS:
        raise Refused("too_many", most=MAX_RECORDS)
    _check_filters(clks, bits)
    return EncodedList(fingerprint, bits, lines, tuple(clks))


def _json(data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused("not_json") from None
    if not isinstance(document, dict):
        raise Refused("not_encoded_list")
    return document


def _lines(lines: object) -> tuple[int, ...]:
    """Line numbers of the CSV: whole numbers from 2 (after the header), each once."""
    if not isinstance(lines, list) or not all(type(line) is int and line >= 2 for line in lines):
        raise Refused("damaged")
    if len(set(lines)) != len(lines):
        raise Refused("damaged")
    return tuple(lines)


def _check_filters(clks: list[object], bits: int) -> None:
    size = bits // 8
    for position, clk in enumerate(clks, start=1):
        try:
            raw = base64.b64decode(clk, validate=True) if isinstance(clk, str) else b""
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != size:
            raise Refused("bad_filter", number=position, bits=bits)


def opened_list(plaintext: bytes) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(line numbers, encodings) of a list the coordinator's key has just opened."""
    document = json.loads(plaintext)
    return tuple(document["lines"]), tuple(document["clks"])
