"""Cryptographic long-term keys (CLKs): each person's normalised fields as one Bloom filter.

This follows clkhash's v3 linkage schema (https://clkhash.readthedocs.io/en/stable/schema.html) bit for
bit, so encodings made here and by clkhash from the same fields, schema and secret are identical (a test
proves it): per-feature keys from the shared secret with HKDF (RFC 5869; the schema names its hash,
salt, info and key size), the feature's value cut into n-grams (padded with n-1 spaces each side, as
clkhash does) or taken whole, each token set into the filter at k positions, and the filter written as
base64 of its bytes, first bit the most significant.

Positions come from keyed BLAKE2b (clkhash's ``blakeHash``: independent positions, not open to the
double-hashing attack of Kroll and Steinmetzer) or from HMAC-SHA1/HMAC-MD5 double hashing (``doubleHash``,
Schnell's original construction), as the schema says. Our schema uses blakeHash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"
_HKDF_HASHES = {"SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
TOKEN_CACHE_SIZE = 2**16


class SchemaError(ValueError):
    """A linkage schema this encoder cannot follow exactly."""


@dataclass(frozen=True)
class Feature:
    identifier: str
    n: int | None  # n-gram length, or None for the whole value as one token
    positional: bool
    bits_per_token: int | None
    bits_per_feature: int | None
    hash_type: str
    prevent_singularity: bool
    missing: tuple[str, str] | None  # (sentinel, replacement)


@dataclass(frozen=True)
class Schema:
    length: int
    xor_folds: int
    kdf_hash: str
    salt: bytes | None
    info: bytes | None
    key_size: int
    features: tuple[Feature, ...]
    fingerprint: str  # SHA-256 of the schema file's canonical JSON: lists to be linked must share it

    @property
    def identifiers(self) -> tuple[str, ...]:
        return tuple(feature.identifier for feature in self.features)


def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    return parse_schema(json.loads(path.read_text(encoding="utf-8")))


def parse_schema(document: Mapping[str, Any]) -> Schema:
    if document.get("version") != 3:
        raise SchemaError("only clkhash linkage schema version 3 is supported")
    config = document["clkConfig"]
    kdf = config.get("kdf", {})
    if kdf.get("type", "HKDF") != "HKDF" or kdf.get("hash", "SHA256") not in _HKDF_HASHES:
        raise SchemaError("the key derivation must be HKDF with SHA256 or SHA512")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return Schema(
        length=int(config["l"]),
        xor_folds=int(config.get("xor_folds", 0)),
        kdf_hash=kdf.get("hash", "SHA256"),
        salt=_base64_or_none(kdf.get("salt")),
        info=_base64_or_none(kdf.get("info")),
        key_size=int(kdf.get("keySize", 64)),
        features=tuple(_parse_feature(feature) for feature in document["features"]),
        fingerprint=hashlib.sha256(canonical.encode()).hexdigest(),
    )


def _parse_feature(feature: Mapping[str, Any]) -> Feature:
    if feature.get("ignored"):
        raise SchemaError(f"feature {feature['identifier']}: ignored features are not supported")
    hashing = feature["hashing"]
    comparison, strategy = hashing["comparison"], hashing["strategy"]
    if comparison["type"] not in ("ngram", "exact"):
        raise SchemaError(f"feature {feature['identifier']}: comparison must be ngram or exact")
    hash_spec = hashing.get("hash", {"type": "blakeHash"})
    if hash_spec["type"] not in ("blakeHash", "doubleHash"):
        raise SchemaError(f"feature {feature['identifier']}: hash must be blakeHash or doubleHash")
    missing = hashing.get("missingValue")
    return Feature(
        identifier=feature["identifier"],
        n=int(comparison["n"]) if comparison["type"] == "ngram" else None,
        positional=bool(comparison.get("positional", False)),
        bits_per_token=strategy.get("bitsPerToken"),
        bits_per_feature=strategy.get("bitsPerFeature"),
        hash_type=hash_spec["type"],
        prevent_singularity=bool(hash_spec.get("prevent_singularity", False)),
        missing=(missing["sentinel"], missing.get("replaceWith", missing["sentinel"])) if missing else None,
    )


def _base64_or_none(text: str | None) -> bytes | None:
    return base64.b64decode(text) if text is not None else None


def hkdf(secret: bytes, length: int, hash_name: str, salt: bytes | None, info: bytes | None) -> bytes:
    """RFC 5869 extract-and-expand (as the cryptography package computes it for clkhash)."""
    digest = _HKDF_HASHES[hash_name]
    pseudo_random_key = hmac.new(salt or bytes(digest().digest_size), secret, digest).digest()
    output, block = b"", b""
    for counter in range(1, -(-length // digest().digest_size) + 1):
        block = hmac.new(pseudo_random_key, block + (info or b"") + bytes([counter]), digest).digest()
        output += block
    return output[:length]


def feature_keys(secret: bytes, schema: Schema) -> tuple[tuple[bytes, bytes], ...]:
    """Two keys per feature (clkhash's generate_key_lists): different fields never share bit positions."""
    count = 2 * len(schema.features)
    material = hkdf(secret, count * schema.key_size, schema.kdf_hash, schema.salt, schema.info)
    keys = [material[index * schema.key_size : (index + 1) * schema.key_size] for index in range(count)]
    return tuple((keys[2 * index], keys[2 * index + 1]) for index in range(len(schema.features)))


def tokenise(value: str, feature: Feature) -> tuple[str, ...]:
    if feature.missing and value == feature.missing[0]:
        value = feature.missing[1]
    if not value:
        return ()
    if feature.n is None:
        return (value,)
    n = feature.n
    padded = f"{' ' * (n - 1)}{value}{' ' * (n - 1)}" if n > 1 else value
    grams = [padded[index : index + n] for index in range(len(padded) - n + 1)]
    return tuple(f"{index + 1} {gram}" for index, gram in enumerate(grams)) if feature.positional else tuple(grams)


def insertions(feature: Feature, token_count: int) -> list[int]:
    """How many bits each token sets: bitsPerToken each, or bitsPerFeature spread with the rest first."""
    if feature.bits_per_token is not None or not token_count:
        return [int(feature.bits_per_token or 0)] * token_count
    total = int(feature.bits_per_feature or 0)
    share, rest = divmod(total, token_count)
    return [share + 1] * rest + [share] * (token_count - rest)


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def blake_positions(token: bytes, k: int, key: bytes, length: int) -> tuple[int, ...]:
    shorts: list[int] = []
    for index in range((k + 31) // 32):
        shorts.extend(struct.unpack("32H", hashlib.blake2b(token, key=key, salt=str(index).encode()).digest()))
    return tuple(short % length for short in shorts[:k])


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def double_hash_positions(token: bytes, k: int, keys: tuple[bytes, bytes], length: int, non_singular: bool) -> range:
    first = int.from_bytes(hmac.new(keys[0], token, hashlib.sha1).digest(), "big") % length
    step = int.from_bytes(hmac.new(keys[1], token, hashlib.md5).digest(), "big") % length
    attempt = 0
    while non_singular and step == 0:
        step = int.from_bytes(hmac.new(keys[1], token + chr(attempt).encode(), hashlib.md5).digest(), "big") % length
        attempt += 1
    return range(first, first + k * step, step) if step else range(first, first + 1)


def _positions(token: str, k: int, feature: Feature, keys: tuple[bytes, bytes], length: int) -> Iterable[int]:
    data = token.encode("utf-8")
    if feature.hash_type == "blakeHash":
        return blake_positions(data, k, keys[0], length)
    return (position % length for position in double_hash_positions(data, k, keys, length, feature.prevent_singularity))


class Encoder:
    """Encodes normalised records with one schema and one secret (the keys are derived once)."""

    def __init__(self, secret: bytes, schema: Schema | None = None) -> None:
        if not secret:
            raise ValueError("the linkage secret is empty")
        self.schema = schema or load_schema()
        self.keys = feature_keys(secret, self.schema)
        if self.schema.features and self.schema.features[0].hash_type == "blakeHash":
            _check_power_of_two(self.schema.length << self.schema.xor_folds)

    def bits(self, fields: Mapping[str, str]) -> NDArray[np.bool_]:
        """The filter of one record (fields by identifier; missing identifiers count as blank)."""
        length = self.schema.length << self.schema.xor_folds
        bits = np.zeros(length, dtype=np.bool_)
        for feature, keys in zip(self.schema.features, self.keys, strict=True):
            tokens = tokenise(fields.get(feature.identifier, ""), feature)
            for token, k in zip(tokens, insertions(feature, len(tokens)), strict=True):
                bits[list(_positions(token, k, feature, keys, length))] = True
        for _ in range(self.schema.xor_folds):
            bits = bits[: bits.size // 2] ^ bits[bits.size // 2 :]
        return bits

    def encode(self, fields: Mapping[str, str]) -> str:
        """base64 of the filter's bytes, as clkhash serialises a CLK."""
        return base64.b64encode(np.packbits(self.bits(fields)).tobytes()).decode("ascii")

    def encode_all(self, records: Sequence[Mapping[str, str]]) -> list[str]:
        return [self.encode(record) for record in records]


def _check_power_of_two(length: int) -> None:
    if length & (length - 1):
        raise SchemaError(f"blakeHash needs a filter length that is a power of two, not {length}")
