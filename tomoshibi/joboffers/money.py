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
MULTIPLIERS: dict[str, float] = {str(k): float(v) for k, v in WORDS["multipliers"].items()}
MULTIPLIERS_BEFORE: dict[str, float] = {str(k): float(v) for k, v in WORDS["multipliers_before"].items()}
CURRENCY_WORDS: dict[str, str] = {str(k): str(v) for k, v in WORDS["currencies"].items()}
PERIOD_LABELS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["period_labels"].items()}
PERIOD_UNITS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["period_units"].items()}
KIND_WORDS: dict[str, tuple[str, ...]] = {str(k): tuple(v) for k, v in WORDS["kinds"].items()}
CURRENCY_OF_MULTIPLIER: dict[str, str] = {str(k): str(v) for k, v in WORDS["currency_of_multiplier"].items()}
YUAN_FEE_WORDS: tuple[str, ...] = tuple(WORDS["yuan_fee_words"]["words"])
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


def _is_latin(word: str) -> bool:
    return any("LATIN" in unicodedata.name(char, "") for char in word)


def _alternation(words: Iterable[str]) -> str:
    """Longest first; a Latin word must stand alone ('rp' not inside 'corporate', 'k' not the start of 'kasama')."""
    return "|".join(
        rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])" if _is_latin(word) else re.escape(word)
        for word in sorted(words, key=len, reverse=True)
    )


CURRENCY = _alternation(CURRENCY_WORDS)
MULTIPLIER = _alternation(MULTIPLIERS)
# [currency] number [multiplier] [currency]; a currency or a multiplier must be there.
AMOUNT_PATTERN = re.compile(
    rf"(?P<before>{CURRENCY})?\s?(?P<number>{NUMBER})\s?(?P<multiplier>{MULTIPLIER})?(?P<rest>(?<=[万萬])\d{{1,4}}千?)?"
    rf"\s?(?P<after>{CURRENCY})?",
    re.IGNORECASE,
)
# A number word before the figure ("သိန်း ၅၀").
MULTIPLIED_AFTER_PATTERN = re.compile(rf"(?P<multiplier>{_alternation(MULTIPLIERS_BEFORE)})\s?(?P<number>{NUMBER})")


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


CLAUSE_BREAK = re.compile(r"[。!?！？\n;；、()（）။၊।॥]|[.,](?!\d)")
PERIOD_LEAD = re.compile(
    r"^(?:per|an|a|each|every|mỗi|một|kada|isang|bawat|por|al|ao|sa|1)\s*(?=\w)|^(?:ต่อ|每|प्रति\s?)", re.IGNORECASE
)
UNIT_SEPARATORS = " /-・,:"


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(_alternation(words), re.IGNORECASE)


LABELS = {period: _words_pattern(words) for period, words in PERIOD_LABELS.items()}
UNITS = {period: re.compile(rf"^(?:{_alternation(words)})", re.IGNORECASE) for period, words in PERIOD_UNITS.items()}
KINDS = {kind: _words_pattern(words) for kind, words in KIND_WORDS.items()}
NEGATION = re.compile(rf"(?:{_alternation(WORDS['negation']['before'])})\s*$", re.IGNORECASE)
YUAN_FEE = _words_pattern(YUAN_FEE_WORDS)


def clause_around(lower: str, start: int, end: int) -> tuple[int, int]:
    """The clause an amount is in: from the last break before it to the first break after it."""
    left = max(0, start - 60)
    breaks = [found.end() for found in CLAUSE_BREAK.finditer(lower, left, start)]
    after = CLAUSE_BREAK.search(lower, end, end + 60)
    return (breaks[-1] if breaks else left), (after.start() if after else min(len(lower), end + 60))


def period_near(lower: str, start: int, end: int, clause: tuple[int, int]) -> str | None:
    """The pay period: a unit right after the figure ('3万円/日', '8 juta per bulan') or a label before it in
    the same clause, the closest first ('月給25万円', 'monthly salary 230,000 yen')."""
    after = PERIOD_LEAD.sub("", lower[end : end + 16].lstrip(UNIT_SEPARATORS))
    for period, unit in UNITS.items():
        if unit.match(after):
            return period
    before = lower[clause[0] : start]
    found = [(m.end(), period) for period, label in LABELS.items() for m in label.finditer(before)]
    return max(found)[1] if found else None


def kind_near(lower: str, start: int, end: int, clause: tuple[int, int]) -> str:
    """Wage, fee, debt or other (allowances, rent, bonuses): the closest kind word in the clause that nothing undoes."""
    found = []
    for kind, words in KINDS.items():
        for match in words.finditer(lower, clause[0], clause[1]):
            if not NEGATION.search(lower[max(clause[0], match.start() - 14) : match.start()]):
                found.append((min(abs(match.start() - end), abs(match.end() - start)), match.start() > start, kind))
    # The closest word wins; on a tie, the word on the left ("fee 6,000 USD, salary...").
    return min(found)[2] if found else "unknown"


MAX_AMOUNTS = 60  # an offer names a few sums; a paste of thousands is cut short rather than read for seconds


def find_amounts(text: str, rates: Rates | None = None) -> list[Amount]:
    """Every sum of money in `text` with a currency or a number word, in order of appearance."""
    rates = rates or default_rates()
    text = normalise(text)
    lower = text.lower()
    matches = sorted(
        [*AMOUNT_PATTERN.finditer(text), *MULTIPLIED_AFTER_PATTERN.finditer(text)], key=lambda m: m.start()
    )
    amounts: list[Amount] = []
    for match in matches:
        amount = _amount(text, lower, match, rates)
        if amount is not None and not (amounts and amount.start < amounts[-1].end):
            amounts.append(amount)
        if len(amounts) >= MAX_AMOUNTS:
            break
    return amounts


def _value_and_currency(lower: str, match: re.Match[str], clause: tuple[int, int]) -> tuple[float, str | None]:
    groups = match.groupdict()
    multiplier_word = (groups.get("multiplier") or "").lower()
    factor = MULTIPLIERS.get(multiplier_word) or MULTIPLIERS_BEFORE.get(multiplier_word) or 1.0
    value = read_number(match.group("number")) * factor + japanese_remainder(groups.get("rest") or "")
    currency_word = groups.get("before") or groups.get("after")
    if currency_word:
        return value, CURRENCY_WORDS[currency_word.lower()]
    if multiplier_word in ("万", "萬") and YUAN_FEE.search(lower, clause[0], clause[1]):
        return value, "CNY"  # "中介费 8万": a Chinese fee in yuan, not yen
    return value, CURRENCY_OF_MULTIPLIER.get(multiplier_word) or (
        "MMK" if multiplier_word in MULTIPLIERS_BEFORE else None
    )


def _amount(text: str, lower: str, match: re.Match[str], rates: Rates) -> Amount | None:
    groups = match.groupdict()
    if not (groups.get("before") or groups.get("after") or groups.get("multiplier")):
        return None
    raw = match.group(0)
    start = match.start() + len(raw) - len(raw.lstrip())
    end = match.end() - (len(raw) - len(raw.rstrip()))
    clause = clause_around(lower, start, end)
    value, currency = _value_and_currency(lower, match, clause)
    if currency is None:
        return None
    period = period_near(lower, start, end, clause)
    kind = kind_near(lower, start, end, clause)
    if period is not None and kind == "unknown":
        kind = "wage"  # a sum per hour, day or month with no other word is pay
    return Amount(value, currency, period, kind, start, end, text[start:end], rates.to_yen(value, currency))


def japanese_remainder(rest: str) -> float:
    """What follows 万 in '1万2千円' (2,000) or '3万5000円' (5,000)."""
    if not rest:
        return 0.0
    return float(rest[:-1]) * 1000 if rest.endswith("千") else float(rest)
