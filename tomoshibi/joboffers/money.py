"""Amounts of money in a job offer, in any of the platform's languages, and what they are worth in yen.

Pure module (no Django). An offer says "3 manyen a day", "月給25万円", "phí 6.000 USD",
"Rp 50 juta" or "150,000 pesos": `find_amounts` finds each amount, its currency, the period it is
paid for (hour, day, week, month, year, or none for a one-off sum) and whether the words around it
make it a wage, a fee the worker pays, or a debt. `Amount.yen_per_hour` puts every wage on one scale
so that it can be compared with the prefectural minimum wage.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

# Working hours assumed when a wage is quoted per day, week, month or year and the offer gives no
# hours: the legal maximum of 8 hours a day and 40 a week (Labour Standards Act, Art. 32), so that a
# monthly wage is never made to look lower per hour than it is.
HOURS_PER_PERIOD = {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 40.0 * 52 / 12, "year": 40.0 * 52}

# Number words that multiply the figure before them ("3万", "50 juta", "2 lakh", "5 triệu").


def _words() -> dict[str, Any]:
    with (DATA_DIR / "money_words.toml").open("rb") as handle:
        return tomllib.load(handle)


WORDS = _words()
# Number words that multiply the figure before them ("3万", "50 juta", "2 lakh", "5 triệu").
MULTIPLIERS: dict[str, float] = {str(k): float(v) for k, v in WORDS["multipliers"].items()}
# Currency words and signs, as written before or after the figure, to ISO 4217 codes.
CURRENCY_WORDS: dict[str, str] = {str(k): str(v) for k, v in WORDS["currencies"].items()}
PERIOD_WORDS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["periods"].items()}
FOLLOWING_ONLY: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["periods_following_only"].items()}
KIND_WORDS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["kinds"].items()}
CURRENCY_OF_MULTIPLIER: dict[str, str] = {str(k): str(v) for k, v in WORDS["currency_of_multiplier"].items()}

NUMBER = r"\d{1,3}(?:,\d{2})+,\d{3}|\d{1,3}(?:[,.\u00a0 ’']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Amount:
    """One sum of money in the offer."""

    value: float
    currency: str
    period: str | None  # hour, day, week, month, year; None for a one-off sum
    kind: str  # wage, fee, debt, or unknown
    start: int
    end: int
    text: str
    yen: float | None  # the value in yen, rounded, when a rate is known

    def yen_per_hour(self, hours: dict[str, float] | None = None) -> float | None:
        """The wage in yen an hour, assuming legal full-time hours unless the offer said otherwise."""
        if self.yen is None or self.period is None:
            return None
        per_period = (hours or {}).get(self.period, HOURS_PER_PERIOD[self.period])
        return self.yen / per_period if per_period > 0 else None


@dataclass(frozen=True)
class Rates:
    """Yen for one unit of each currency, as of `as_of`, from `source`."""

    yen_per_unit: dict[str, float]
    as_of: str
    source: str

    def to_yen(self, value: float, currency: str) -> float | None:
        rate = self.yen_per_unit.get(currency)
        return None if rate is None else round(value * rate)


@cache
def default_rates() -> Rates:
    raw = tomllib.loads((DATA_DIR / "exchange_rates.toml").read_text(encoding="utf-8"))
    return Rates({str(k): float(v) for k, v in raw["yen_per_unit"].items()}, str(raw["as_of"]), str(raw["source"]))


def normalise(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII), keeping every character's position where possible."""
    return unicodedata.normalize("NFKC", text)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


CURRENCY = _alternation(CURRENCY_WORDS)
MULTIPLIER = _alternation(MULTIPLIERS)
# [currency] number [multiplier] [currency]; a currency or a multiplier must be there.
AMOUNT_PATTERN = re.compile(
    rf"(?P<before>{CURRENCY})?\s?(?P<number>{NUMBER})\s?(?P<multiplier>{MULTIPLIER})?(?P<rest>(?<=[万萬])\d{{1,4}}千?)?"
    rf"\s?(?P<after>{CURRENCY})?",
    re.IGNORECASE,
)


def read_number(raw: str) -> float:
    """'1,500,000', '1.500.000', '8.000', '3.5', '1 200' -> float; a lone separator before 3 digits groups thousands."""
    compact = re.sub(r"[\u00a0 ’']", "", raw)
    groups = re.split(r"[.,]", compact)
    # Groups of 3 (or Indian lakh groups of 2) before the last are thousands: '1.500.000', '2,20,000', '1,500.5'.
    if len(groups) > 2 and len(groups[-1]) != 3:
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3):
        return float("".join(groups))
    return float(compact.replace(",", "."))


def _is_latin(word: str) -> bool:
    return any("LATIN" in unicodedata.name(char, "") for char in word)


def _standalone(text: str, start: int, end: int) -> bool:
    """A Latin currency or multiplier word must not be the inside of a longer word ('rp' in 'corporate')."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalpha() and _is_latin(before) or after.isalpha() and _is_latin(after))


def _word_ok(text: str, match: re.Match[str], group: str) -> bool:
    word = match.group(group)
    if word is None or not _is_latin(word):
        return True
    return _standalone(text, match.start(group), match.end(group))


def nearest(words: tuple[str, ...], window: str, anchor: int) -> int | None:
    """Distance from `anchor` to the closest occurrence of any of `words` in `window` (lower case)."""
    best = None
    for word in words:
        for found in re.finditer(re.escape(word.lower()), window):
            distance = min(abs(found.start() - anchor), abs(found.end() - anchor))
            best = distance if best is None else min(best, distance)
    return best


CLAUSE_BREAK = re.compile(r"[.。!?！？\n;；,、]")
PERIOD_LEAD = re.compile(r"^(?:per|an|a|each|every|mỗi|một|kada|isang|bawat|por|al|ao|sa)\s+|^(?:ต่อ|每)", re.IGNORECASE)


def period_near(lower: str, start: int, end: int) -> str | None:
    """The pay period named right before or right after an amount ('時給1,200円', '30,000 yen per day').

    A word touching the figure on its left ('月給25万円') wins over one after it, which must follow at once
    ('3万円/日', '8 juta per bulan'); a word further left ('monthly salary 230,000 yen') comes last."""
    before = CLAUSE_BREAK.split(lower[max(0, start - 24) : start])[-1]  # only this clause's words
    after = PERIOD_LEAD.sub("", lower[end : end + 16].lstrip(" /-・、,:"))
    touching, following, further = None, None, None
    for period, words in PERIOD_WORDS.items():
        for word in words:
            if before.rstrip(" :は为為是：").endswith(word) and touching is None:
                touching = period
            elif after.startswith(word) and following is None:
                following = period
            elif word in before and further is None:
                further = period
        if following is None and any(re.match(rf"{word}\b", after) for word in FOLLOWING_ONLY[period]):
            following = period
    return touching or following or further


def kind_near(lower: str, start: int, end: int) -> str:
    """Wage, fee or debt: whichever kind of word is closest to the amount, within a short window."""
    left = max(0, start - 40)
    window = lower[left : end + 30]
    anchor = start - left
    distances = {kind: nearest(words, window, anchor) for kind, words in KIND_WORDS.items()}
    found = {kind: distance for kind, distance in distances.items() if distance is not None}
    return min(found, key=lambda kind: found[kind]) if found else "unknown"


def find_amounts(text: str, rates: Rates | None = None) -> list[Amount]:
    """Every sum of money in `text` with a currency or a number word, in order of appearance."""
    rates = rates or default_rates()
    text = normalise(text)
    lower = text.lower()
    amounts = []
    for match in AMOUNT_PATTERN.finditer(text):
        amount = _amount(text, lower, match, rates)
        if amount is not None:
            amounts.append(amount)
    return amounts


def _amount(text: str, lower: str, match: re.Match[str], rates: Rates) -> Amount | None:
    currency_word = match.group("before") or match.group("after")
    multiplier_word = match.group("multiplier")
    if not (currency_word or multiplier_word):
        return None
    if not all(_word_ok(text, match, group) for group in ("before", "multiplier", "after")):
        return None
    value = read_number(match.group("number")) * MULTIPLIERS.get((multiplier_word or "").lower(), 1.0)
    value += japanese_remainder(match.group("rest") or "")
    currency = CURRENCY_WORDS[currency_word.lower()] if currency_word else guess_currency(multiplier_word or "")
    if currency is None:
        return None
    raw = match.group(0)
    start = match.start() + len(raw) - len(raw.lstrip())
    end = match.end() - (len(raw) - len(raw.rstrip()))
    period = period_near(lower, start, end)
    kind = kind_near(lower, start, end)
    if period is not None and kind in ("fee", "unknown"):
        kind = "wage"  # a sum per hour, day or month is pay; fees and debts are one-off sums
    return Amount(value, currency, period, kind, start, end, text[start:end], rates.to_yen(value, currency))


def japanese_remainder(rest: str) -> float:
    """What follows 万 in '1万2千円' (2,000) or '3万5000円' (5,000)."""
    if not rest:
        return 0.0
    return float(rest[:-1]) * 1000 if rest.endswith("千") else float(rest)


def guess_currency(multiplier: str) -> str | None:
    """A figure with a number word but no currency: 万 and manyen are yen; juta rupiah; triệu đồng; lakh rupees."""
    return CURRENCY_OF_MULTIPLIER.get(multiplier.lower())
