"""The encoder against clkhash: byte-identical CLKs from the same normalised fields, schema and secret."""

import base64
import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tomoshibi.linkage.encode import Encoder, SchemaError, hkdf, load_schema, parse_schema

REFERENCE = json.loads((Path(__file__).resolve().parent / "clkhash_reference.json").read_text(encoding="utf-8"))


def encodings(document: dict[str, Any], secret: str, records: list[list[str]]) -> list[str]:
    encoder = Encoder(secret.encode(), parse_schema(document))
    fields = encoder.schema.identifiers
    return encoder.encode_all([dict(zip(fields, record, strict=True)) for record in records])


@pytest.mark.parametrize("case", range(len(REFERENCE["cases"])), ids=["repository schema", "doubleHash variant"])
def test_it_encodes_as_clkhash_did_when_the_reference_was_written(case: int) -> None:
    expected = REFERENCE["cases"][case]
    assert encodings(expected["schema"], REFERENCE["secret"], REFERENCE["records"]) == expected["clks"]


@pytest.mark.parametrize("case", range(len(REFERENCE["cases"])), ids=["repository schema", "doubleHash variant"])
def test_it_encodes_as_the_installed_clkhash_does(case: int) -> None:
    clk = pytest.importorskip(
        "clkhash.clk",
        reason="clkhash is not installed (its pins clash with mypy's): compared with the stored reference instead",
    )
    from clkhash.schema import from_json_dict
    from clkhash.serialization import serialize_bitarray

    document = REFERENCE["cases"][case]["schema"]
    theirs = clk.generate_clks(REFERENCE["records"], from_json_dict(copy.deepcopy(document)), REFERENCE["secret"])
    assert encodings(document, REFERENCE["secret"], REFERENCE["records"]) == [serialize_bitarray(b) for b in theirs]


def test_the_reference_uses_the_schema_kept_in_the_repository() -> None:
    assert parse_schema(REFERENCE["cases"][0]["schema"]).fingerprint == load_schema().fingerprint


def test_hkdf_matches_rfc_5869_test_case_1() -> None:
    key = hkdf(
        bytes.fromhex("0b" * 22), 42, "SHA256", bytes.fromhex("000102030405060708090a0b0c"),
        bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"),
    )  # fmt: skip
    assert key.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")


def test_a_filter_has_1024_bits_and_a_different_secret_gives_a_different_filter() -> None:
    fields = dict(zip(REFERENCE["fields"], REFERENCE["records"][0], strict=True))
    ours = base64.b64decode(Encoder(b"one secret").encode(fields))
    other = base64.b64decode(Encoder(b"another secret").encode(fields))
    assert len(ours) == 128
    assert ours != other
    assert 0.2 < np.unpackbits(np.frombuffer(ours, np.uint8)).mean() < 0.6


def test_it_refuses_an_empty_secret_and_a_schema_it_cannot_follow() -> None:
    with pytest.raises(ValueError, match="empty"):
        Encoder(b"")
    document = copy.deepcopy(REFERENCE["cases"][0]["schema"])
    document["features"][0]["hashing"]["hash"] = {"type": "sha3"}
    with pytest.raises(SchemaError, match="blakeHash or doubleHash"):
        parse_schema(document)
    with pytest.raises(SchemaError, match="version 3"):
        parse_schema({**document, "version": 2})
