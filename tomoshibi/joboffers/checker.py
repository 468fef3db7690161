"""Check one job offer for signs of deceptive or exploitative recruitment.

Pure module (no Django). `check_offer` reads the offer's text (and the optional answers of the person
who holds it), finds the signs of data/indicators.toml with the words that raised each, the sums of
money it names, and a level of concern: none seen, some signs, strong signs. The public page, the API
and `tomoshibi ads screen` all call it, so they give the same answer for the same text.

It is a check, not a determination: it can miss a trap written in other words, and it can raise a
sign on an honest offer. Every sign shown carries its evidence so that a person can judge it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .money import Amount, default_rates, find_amounts, normalise
from .signs import Sign, SignCatalogue, default_signs
from .wages import MinimumWages, default_minimum_wages

LEVELS = ("none", "some_signs", "strong_signs")
STRONG_SCORE = 4  # the weights that together make strong signs
UNREALISTIC_FACTOR = 2.5  # pay this many times the minimum wage, for work that needs no experience
LARGE_FEE_YEN = 100_000
# A sum converted from another currency is trusted only to 20 %: a fact that rests on a conversion
# must hold with that margin (money.py's rates are rounded levels of one month).
CONVERSION_MARGIN = 0.2
MAX_OFFER_CHARACTERS = 20_000
URL_PATTERN = re.compile(r"https?://[^\s<>\"'“”‘’]+|(?<![@\w])(?:www\.)[^\s<>\"'“”‘’]+", re.IGNORECASE)

FEE_PAYERS = ("worker", "employer", "deducted", "unknown")
PASSPORT_KEEPERS = ("self", "employer", "unknown")
VISAS = (
    "technical_intern",
    "specified_skilled",
    "student",
    "short_stay",
    "entertainer",
    "working_holiday",
    "resident",
    "japanese",
    "none",
    "unknown",
)
# Visas under which any paid work is illegal, and those under which entertaining customers is.
NO_WORK_VISAS = frozenset({"short_stay", "none"})
NO_ENTERTAINMENT_VISAS = frozenset(
    {"technical_intern", "specified_skilled", "student", "working_holiday", "entertainer"}
)


class OfferRefused(ValueError):
    """The input cannot be checked (empty, too long, an answer outside its choices)."""

    def __init__(self, field_name: str, message: str, valid: tuple[str, ...] = ()):
        super().__init__(message)
        self.field_name = field_name
        self.valid = valid


@dataclass(frozen=True)
class Answers:
    """The optional questions of the public page; "" means not answered."""

    fees_payer: str = ""
    fee_amount: str = ""
    passport_keeper: str = ""
    visa: str = ""
    wage: str = ""
    under_18: str = ""
    prefecture: str = ""

    def check(self, prefectures: tuple[str, ...]) -> None:
        allowed = {
            "fees_payer": FEE_PAYERS,
            "passport_keeper": PASSPORT_KEEPERS,
            "visa": VISAS,
            "under_18": ("yes", "no"),
            "prefecture": prefectures,
        }
        for name, valid in allowed.items():
            value = getattr(self, name)
            if value and value not in valid:
                raise OfferRefused(name, f"{name}: {value!r} is not one of {', '.join(valid)}", valid)
        for name in ("fee_amount", "wage"):
            if len(getattr(self, name)) > 200:
                raise OfferRefused(name, f"{name}: at most 200 characters")


@dataclass(frozen=True)
class Evidence:
    """What raised a sign: words of the offer (start and end in the checked text), or a fact."""

    text: str
    start: int = -1
    end: int = -1
    fact: str = ""

    @property
    def in_offer(self) -> bool:
        return self.start >= 0


@dataclass(frozen=True)
class RaisedSign:
    sign: Sign
    evidence: tuple[Evidence, ...]

    @property
    def id(self) -> str:
        return self.sign.id


@dataclass(frozen=True)
class Check:
    """The answer for one offer."""

    text: str  # the offer as checked (NFKC), which evidence positions refer to
    level: str
    score: int
    raised: tuple[RaisedSign, ...]
    amounts: tuple[Amount, ...]
    minimum_wage: int
    minimum_wage_prefecture: str  # "" when the lowest in Japan was used
    urls: tuple[str, ...]
    answers: Answers = field(default_factory=Answers)

    @property
    def situations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for raised in self.raised for s in raised.sign.situations))

    @property
    def involves_minor(self) -> bool:
        return self.answers.under_18 == "yes" or any(raised.sign.minor for raised in self.raised)

    @property
    def fees(self) -> tuple[Amount, ...]:
        return tuple(amount for amount in self.amounts if amount.kind in ("fee", "debt"))

    def as_data(self) -> dict[str, Any]:
        """The JSON shape shared by the API and `tomoshibi ads screen --json`."""
        return {
            "level": self.level,
            "score": self.score,
            "indicators": [
                {
                    "id": raised.id,
                    "weight": raised.sign.weight,
                    "strong_alone": raised.sign.strong_alone,
                    "evidence": [evidence_data(evidence) for evidence in raised.evidence],
                    "sources": list(raised.sign.sources),
                }
                for raised in self.raised
            ],
            "amounts": [amount_data(amount) for amount in self.amounts],
            "minimum_wage": {"yen_per_hour": self.minimum_wage, "prefecture": self.minimum_wage_prefecture or None},
            "urls": list(self.urls),
            "situations": list(self.situations),
        }


def evidence_data(evidence: Evidence) -> dict[str, Any]:
    if evidence.in_offer:
        return {"text": evidence.text, "start": evidence.start, "end": evidence.end}
    return {"text": evidence.text, "fact": evidence.fact}


def amount_data(amount: Amount) -> dict[str, Any]:
    return {
        "text": amount.text,
        "value": amount.value,
        "currency": amount.currency,
        "period": amount.period,
        "kind": amount.kind,
        "yen": amount.yen,
        "yen_per_hour": rounded(amount.yen_per_hour()),
    }


def rounded(value: float | None) -> int | None:
    return None if value is None else round(value)


@dataclass
class Reading:
    """What one pass over the offer found: pattern matches per sign and marker, and established facts."""

    matches: dict[str, list[Evidence]] = field(default_factory=dict)
    facts: dict[str, list[Evidence]] = field(default_factory=dict)


def check_offer(
    text: str,
    answers: Answers | None = None,
    *,
    signs: SignCatalogue | None = None,
    wages: MinimumWages | None = None,
) -> Check:
    """The level of concern for `text`, the signs raised with their evidence, and the sums it names."""
    answers = answers or Answers()
    signs = signs or default_signs()
    wages = wages or default_minimum_wages()
    answers.check(tuple(wages.yen_per_hour))
    checked = normalise(text)
    if not checked.strip():
        raise OfferRefused("text", "the offer is empty: paste the text of the offer")
    if len(checked) > MAX_OFFER_CHARACTERS:
        raise OfferRefused("text", f"the offer is too long: at most {MAX_OFFER_CHARACTERS} characters")
    amounts = tuple(find_amounts(checked)) + answer_amounts(answers)
    reading = read(checked, signs)
    minimum = wages.for_prefecture(answers.prefecture) or wages.lowest
    establish_facts(reading, amounts, answers, WageScale(minimum, wages.highest, hours_stated(checked, answers.wage)))
    raised = raise_signs(signs, reading)
    score = sum(r.sign.weight for r in raised)
    return Check(
        checked,
        level_for(raised, score),
        score,
        raised,
        amounts,
        minimum,
        answers.prefecture if wages.for_prefecture(answers.prefecture) else "",
        tuple(dict.fromkeys(URL_PATTERN.findall(checked))),
        answers,
    )


def answer_amounts(answers: Answers) -> tuple[Amount, ...]:
    """Sums the person typed into the questions: a fee is a fee and a wage a wage, whatever words surround them."""
    found: list[Amount] = []
    for raw, kind in ((answers.fee_amount, "fee"), (answers.wage, "wage")):
        for amount in find_amounts(raw) or bare_yen(raw):
            found.append(Amount(amount.value, amount.currency, amount.period, kind, -1, -1, amount.text, amount.yen))
    return tuple(found)


def bare_yen(raw: str) -> list[Amount]:
    """A plain number typed as an answer ('150000') is yen."""
    compact = normalise(raw).replace(",", "").strip()
    if not compact.isdigit():
        return []
    return [
        Amount(
            float(compact), "JPY", None, "unknown", -1, -1, raw.strip(), default_rates().to_yen(float(compact), "JPY")
        )
    ]


def read(text: str, signs: SignCatalogue) -> Reading:
    reading = Reading()
    for sign in signs.indicators:
        matches = (m for p in sign.all_patterns() for m in p.finditer(text))
        found = without_overlaps(
            Evidence(m.group(0), m.start(), m.end())
            for m in matches
            if not signs.negation.undoes(text, m.start(), m.end())
        )
        if found:
            reading.matches[sign.id] = found
    for name, patterns in signs.markers.items():
        found = without_overlaps(Evidence(m.group(0), m.start(), m.end()) for p in patterns for m in p.finditer(text))
        if found:
            reading.matches[name] = found
    return reading


MAX_EVIDENCE = 20  # per sign: enough to show; a paste repeating one word thousands of times is not read for seconds


def without_overlaps(found: Iterable[Evidence]) -> list[Evidence]:
    """Matches of one sign in text order, the longer kept where two overlap ('即日払' over '日払')."""
    kept: list[Evidence] = []
    for evidence in sorted(found, key=lambda e: (e.start, -(e.end - e.start))):
        if evidence.text.strip() and (not kept or evidence.start >= kept[-1].end):
            kept.append(evidence)
            if len(kept) == MAX_EVIDENCE:
                break
    return kept


@dataclass(frozen=True)
class WageScale:
    """What a wage is compared with: the minimum wage here, the highest in Japan, and the hours stated."""

    minimum: int
    highest: int
    hours: dict[str, float]


HOURS_A_DAY = re.compile(
    r"(\d{1,2}(?:[.,]\d)?)\s?(?:時間|hours?|hrs?|giờ|jam|oras|ชั่วโมง|小时|小時|घण्टा|နာရီ|시간|horas?)", re.IGNORECASE
)


def hours_stated(*texts: str) -> dict[str, float]:
    """Hours of a working day, when the offer or the answer gives them ('12時間勤務', 'for 12 hours')."""
    for text in texts:
        for match in HOURS_A_DAY.finditer(normalise(text)):
            hours = float(match.group(1).replace(",", "."))
            if 1 <= hours <= 16:
                return {"day": hours}
    return {}


def establish_facts(reading: Reading, amounts: tuple[Amount, ...], answers: Answers, wage_scale: WageScale) -> None:
    facts = reading.facts
    for amount in amounts:
        add_amount_facts(facts, amount, wage_scale)
    answer_facts = {
        "answer_fees_by_worker": answers.fees_payer == "worker",
        "answer_fees_deducted": answers.fees_payer == "deducted",
        "answer_passport_kept": answers.passport_keeper == "employer",
        "answer_under_18": answers.under_18 == "yes",
        "answer_visa_mismatch": visa_mismatch(answers.visa, "adult_work" in reading.matches),
    }
    for fact, holds in answer_facts.items():
        if holds:
            facts.setdefault(fact, []).append(Evidence(answer_text(fact, answers), fact=fact))


def add_amount_facts(facts: dict[str, list[Evidence]], amount: Amount, wage_scale: WageScale) -> None:
    evidence = amount_evidence(amount)
    margin = 0.0 if amount.currency == "JPY" else CONVERSION_MARGIN
    if amount.kind in ("fee", "debt") and amount.value > 0:
        facts.setdefault(f"{amount.kind}_amount", []).append(evidence)
        if amount.yen is not None and amount.yen * (1 - margin) >= LARGE_FEE_YEN:
            facts.setdefault("fee_at_least_100000_yen", []).append(evidence)
    if amount.kind != "wage":
        return  # fees, debts, allowances, rent and bonuses are not pay for an hour of work
    hourly = amount.yen_per_hour(wage_scale.hours)
    if hourly is None:
        return
    if hourly * (1 + margin) < wage_scale.minimum:
        facts.setdefault("pay_below_minimum", []).append(evidence)
    if hourly * (1 - margin) >= UNREALISTIC_FACTOR * wage_scale.highest:
        facts.setdefault("pay_far_above_minimum", []).append(evidence)


def amount_evidence(amount: Amount) -> Evidence:
    if amount.start >= 0:
        return Evidence(amount.text, amount.start, amount.end, fact="amount")
    return Evidence(amount.text, fact="answer")


def visa_mismatch(visa: str, entertainment_work: bool) -> bool:
    """The work offered is not allowed under the visa the person was told about."""
    return visa in NO_WORK_VISAS or (entertainment_work and visa in NO_ENTERTAINMENT_VISAS)


def answer_text(fact: str, answers: Answers) -> str:
    """A short, language-neutral trace of the answer behind a fact (the page words it in the person's language)."""
    return {
        "answer_fees_by_worker": answers.fee_amount or answers.fees_payer,
        "answer_fees_deducted": answers.fee_amount or answers.fees_payer,
        "answer_passport_kept": answers.passport_keeper,
        "answer_under_18": answers.under_18,
        "answer_visa_mismatch": answers.visa,
    }[fact]


def raise_signs(signs: SignCatalogue, reading: Reading) -> tuple[RaisedSign, ...]:
    """Indicators first (two passes, since an indicator may need another), then combinations."""
    raised: dict[str, RaisedSign] = {}
    for _ in range(2):
        for sign in signs.indicators:
            evidence = sign_evidence(sign, reading)
            if evidence and needs_met(sign, reading, raised):
                raised[sign.id] = RaisedSign(sign, evidence)
    for combination in signs.combinations:
        if combination_holds(combination, reading, raised):
            raised[combination.id] = RaisedSign(combination, combination_evidence(combination, reading, raised))
    return tuple(raised.values())


def sign_evidence(sign: Sign, reading: Reading) -> tuple[Evidence, ...]:
    found = list(reading.matches.get(sign.id, []))
    for fact in sign.facts:
        found.extend(reading.facts.get(fact, []))
    return tuple(dict.fromkeys(found))[:MAX_EVIDENCE]


def needs_met(sign: Sign, reading: Reading, raised: dict[str, RaisedSign]) -> bool:
    return not sign.needs_any or any(name in reading.matches or name in raised for name in sign.needs_any)


def combination_holds(combination: Sign, reading: Reading, raised: dict[str, RaisedSign]) -> bool:
    present = set(raised) | set(reading.matches)
    facts_hold = all(fact in reading.facts for fact in combination.facts)
    return (
        all(part in raised for part in combination.requires)
        and (not combination.requires_any or bool(present & set(combination.requires_any)))
        and facts_hold
    )


def combination_evidence(combination: Sign, reading: Reading, raised: dict[str, RaisedSign]) -> tuple[Evidence, ...]:
    found: list[Evidence] = []
    for fact in combination.facts:
        found.extend(reading.facts.get(fact, []))
    for part in combination.requires + combination.requires_any:
        found.extend(raised[part].evidence if part in raised else reading.matches.get(part, []))
    return tuple(dict.fromkeys(found))[:MAX_EVIDENCE]


def level_for(raised: tuple[RaisedSign, ...], score: int) -> str:
    if any(r.sign.strong_alone for r in raised) or score >= STRONG_SCORE:
        return "strong_signs"
    return "some_signs" if raised else "none"


def highlight(check: Check) -> list[tuple[str, tuple[str, ...]]]:
    """The checked text cut into pieces, each with the signs whose evidence covers it (none for plain text)."""
    spans = sorted((e.start, e.end, r.id) for r in check.raised for e in r.evidence if e.in_offer)
    cuts = sorted({0, len(check.text), *(s for s, _e, _i in spans), *(e for _s, e, _i in spans)})
    pieces, open_spans, next_span = [], [], 0
    for start, end in itertools.pairwise(cuts):
        while next_span < len(spans) and spans[next_span][0] <= start:
            open_spans.append(spans[next_span])
            next_span += 1
        open_spans = [span for span in open_spans if span[1] > start]
        pieces.append(
            (check.text[start:end], tuple(dict.fromkeys(i for s, e, i in open_spans if s <= start and end <= e)))
        )
    return pieces
