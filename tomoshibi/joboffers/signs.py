"""The signs of a deceptive job offer, as read from data/indicators.toml.

Pure module (no Django): the data file is parsed and checked here, so that a malformed pattern or an
unknown source fails the tests and `tomoshibi ads screen` alike, never a page.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# Languages that patterns may be written for; "any" holds patterns that are not in one language.
PATTERN_LANGUAGES = ("any", "en", "ja", "vi", "id", "tl", "th", "zh", "my", "ne", "ko", "es", "pt", "km")
# Facts the checker knows how to establish (checker.py); a data file naming another is refused.
KNOWN_FACTS = frozenset(
    {
        "fee_amount",
        "debt_amount",
        "fee_at_least_100000_yen",
        "pay_below_minimum",
        "pay_far_above_minimum",
        "answer_fees_by_worker",
        "answer_fees_deducted",
        "answer_passport_kept",
        "answer_under_18",
        "answer_visa_mismatch",
    }
)


class SignsError(ValueError):
    """The indicators file is malformed: the message names the entry and what is wrong."""


@dataclass(frozen=True)
class Sign:
    """One indicator or combination of indicators."""

    id: str
    weight: int
    sources: tuple[str, ...]
    patterns: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    facts: tuple[str, ...] = ()
    needs_any: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    requires_any: tuple[str, ...] = ()
    strong_alone: bool = False
    minor: bool = False
    situations: tuple[str, ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language in self.patterns if language != "any")

    def all_patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(pattern for patterns in self.patterns.values() for pattern in patterns)


@dataclass(frozen=True)
class Negation:
    """Words that undo a sign's words: just before them, just after them, or (`self`) anywhere near."""

    before: re.Pattern[str]
    after: re.Pattern[str]
    self_words: re.Pattern[str]

    def undoes(self, text: str, start: int, end: int) -> bool:
        return bool(
            self.before.search(text, max(0, start - NEGATION_REACH), start)
            or self.after.search(text[end : end + NEGATION_REACH])
            or self.self_words.search(text, max(0, start - NEGATION_REACH), end + NEGATION_REACH)
        )


NEGATION_REACH = 12  # characters before and after the matched words
NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class SignCatalogue:
    version: str
    sources: Mapping[str, str]
    markers: Mapping[str, tuple[re.Pattern[str], ...]]
    indicators: tuple[Sign, ...]
    combinations: tuple[Sign, ...]
    negation: Negation = Negation(NEVER, NEVER, NEVER)

    def sign(self, sign_id: str) -> Sign:
        return next(sign for sign in (*self.indicators, *self.combinations) if sign.id == sign_id)

    @property
    def sign_ids(self) -> tuple[str, ...]:
        return tuple(sign.id for sign in (*self.indicators, *self.combinations))


def compile_patterns(raw: object, where: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    """A table of language -> list of regular expressions, compiled case-insensitively."""
    if not isinstance(raw, Mapping):
        raise SignsError(f"{where}: patterns must be a table of language -> list of expressions")
    unknown = sorted(set(raw) - set(PATTERN_LANGUAGES))
    if unknown:
        raise SignsError(f"{where}: unknown pattern languages {unknown}; valid: {PATTERN_LANGUAGES}")
    return {str(language): tuple(compile_one(p, f"{where} {language}") for p in raw[language]) for language in raw}


def compile_one(expression: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(expression), re.IGNORECASE)
    except re.error as error:
        raise SignsError(f"{where}: bad expression {expression!r}: {error}") from error


def strings(raw: Mapping[str, object], key: str) -> tuple[str, ...]:
    return tuple(str(value) for value in raw.get(key, []))  # type: ignore[attr-defined]


def parse_sign(raw: Mapping[str, object], sources: Mapping[str, str], where: str) -> Sign:
    sign_id = str(raw.get("id", ""))
    where = f"{where} {sign_id or '(no id)'}"
    weight = raw.get("weight")
    if not sign_id or not isinstance(weight, int) or weight < 1:
        raise SignsError(f"{where}: needs an id and a whole weight of at least 1")
    cited = strings(raw, "sources")
    if not cited or set(cited) - set(sources):
        raise SignsError(f"{where}: cites unknown or no sources {sorted(set(cited) - set(sources))}")
    facts = strings(raw, "facts")
    if set(facts) - KNOWN_FACTS:
        raise SignsError(f"{where}: unknown facts {sorted(set(facts) - KNOWN_FACTS)}")
    patterns = compile_patterns(raw.get("patterns", {}), where)
    return Sign(
        sign_id,
        weight,
        cited,
        patterns,
        facts,
        strings(raw, "needs_any"),
        strings(raw, "requires"),
        strings(raw, "requires_any"),
        bool(raw.get("strong_alone", False)),
        bool(raw.get("minor", False)),
        strings(raw, "situations"),
    )


def parse_catalogue(raw: Mapping[str, object]) -> SignCatalogue:
    sources = {str(k): str(v) for k, v in raw.get("sources", {}).items()}  # type: ignore[attr-defined]
    markers = {
        str(name): tuple(p for ps in compile_patterns(table, f"marker {name}").values() for p in ps)
        for name, table in raw.get("markers", {}).items()  # type: ignore[attr-defined]
    }
    indicators = tuple(parse_sign(entry, sources, "indicator") for entry in raw.get("indicator", []))  # type: ignore[attr-defined]
    combinations = tuple(parse_sign(entry, sources, "combination") for entry in raw.get("combination", []))  # type: ignore[attr-defined]
    negation = parse_negation(raw.get("negation", {}))
    catalogue = SignCatalogue(str(raw.get("version", "")), sources, markers, indicators, combinations, negation)
    check_references(catalogue)
    return catalogue


def parse_negation(raw: object) -> Negation:
    if not isinstance(raw, Mapping):
        raise SignsError("negation: expected a table with before, after and self lists")

    def either(key: str) -> re.Pattern[str]:
        words = [str(word) for word in raw.get(key, [])]
        return compile_one("|".join(f"(?:{word})" for word in words), f"negation {key}") if words else NEVER

    return Negation(either("before"), either("after"), either("self"))


def check_references(catalogue: SignCatalogue) -> None:
    """Every name a sign depends on is a marker or a sign; no sign can never be raised."""
    known = set(catalogue.markers) | set(catalogue.sign_ids)
    for sign in (*catalogue.indicators, *catalogue.combinations):
        missing = sorted(set(sign.needs_any + sign.requires + sign.requires_any) - known)
        if missing:
            raise SignsError(f"{sign.id}: depends on unknown markers or signs {missing}")
        if sign in catalogue.indicators and not (sign.patterns or sign.facts):
            raise SignsError(f"{sign.id}: has neither patterns nor facts, so it can never be raised")
    if len(set(catalogue.sign_ids)) != len(catalogue.sign_ids):
        raise SignsError("two signs share an id")


@cache
def default_signs() -> SignCatalogue:
    with (DATA_DIR / "indicators.toml").open("rb") as handle:
        return parse_catalogue(tomllib.load(handle))
