"""The help flow's logic: which steps exist, what each answer means to the referral engine,
and which step comes next. No Django here, so it is checked with `mypy --strict` and tested
on its own.

Answers are kept in the server session as a plain dict. Anything read back from the session is
re-validated here, so a stale or tampered session can never reach the referral engine.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from tomoshibi.directory import codes

# The screens, in order. "emergency" only appears after "I am not safe".
STEPS: tuple[str, ...] = ("safety", "emergency", "location", "age", "situation", "channel", "answer")
QUESTIONS: tuple[str, ...] = ("safety", "location", "age", "situation", "channel")
FIRST_STEP = "safety"

SAFETY_CHOICES: tuple[str, ...] = ("yes", "no", "unsure")
# Ages and channels are the referral engine's own codes (one vocabulary: tomoshibi.directory.codes).
AGE_CHOICES: tuple[str, ...] = codes.AGES
CHANNEL_CHOICES: tuple[str, ...] = codes.CHANNELS

# "Are you safe right now?" is asked the way a person would say it; the engine asks the
# opposite question ("in danger?"), so the answer is inverted here and only here.
DANGER_FOR_SAFETY: dict[str, str] = {"yes": "no", "no": "yes", "unsure": "unsure"}

# Plain-language cards and the referral engine's situation tags each one stands for.
# Being forced or pressured into sex is sexual violence as well as exploitation, so the
# one-stop centres for sexual violence rank with the trafficking services.
CARD_SITUATIONS: dict[str, tuple[str, ...]] = {
    "sex_for_money": ("forced_sex_work", "sexual_violence"),
    "debt": ("debt",),
    "documents": ("documents_taken",),
    "images": ("image_abuse",),
    "contract": ("coerced_pornography",),
    "cannot_leave": ("labour_exploitation",),
    "visa": ("visa_worry",),
    "other": ("other",),
}
CARD_CHOICES: tuple[str, ...] = tuple(CARD_SITUATIONS)
_UNKNOWN_TAGS = {tag for tags in CARD_SITUATIONS.values() for tag in tags} - set(codes.SITUATIONS)
if _UNKNOWN_TAGS:
    raise ValueError(f"cards name situations outside the vocabulary: {sorted(_UNKNOWN_TAGS)}")

POSTAL_CODE_DIGITS = 7


def normalise_postal_code(text: str) -> str:
    """ "１５０－０００１", "150-0001" and "〒150 0001" all become "1500001"."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if ch.isdigit() and ch.isascii())


POSTAL_CODE_MARKS = set("-‐－ー―〒 　")


def postal_code_characters(text: str) -> str:
    """Only what can belong to a typed postal code (digits, dashes, spaces, 〒): never free words."""
    return "".join(ch for ch in text if ch in POSTAL_CODE_MARKS or unicodedata.normalize("NFKC", ch).isdigit())


def is_postal_code(text: str) -> bool:
    return len(text) == POSTAL_CODE_DIGITS and text.isdigit() and text.isascii()


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    return value if isinstance(value, str) and value in allowed else ""


def _choices(values: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    chosen = {value for value in values if isinstance(value, str)}
    return tuple(option for option in allowed if option in chosen)


@dataclass(frozen=True)
class Answers:
    """What a person has told the flow so far. Empty means "skipped" or "not asked yet"."""

    safe: str = ""
    postal_code: str = ""
    prefecture: str = ""
    age: str = ""
    cards: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    @classmethod
    def from_session(cls, data: Any, prefectures: frozenset[str]) -> Answers:
        """Rebuild answers from the session, dropping anything that is not a known value."""
        if not isinstance(data, Mapping):
            return cls()
        postal_code = data.get("postal_code")
        prefecture = data.get("prefecture")
        return cls(
            safe=_choice(data.get("safe"), SAFETY_CHOICES),
            postal_code=postal_code if isinstance(postal_code, str) and is_postal_code(postal_code) else "",
            prefecture=prefecture if isinstance(prefecture, str) and prefecture in prefectures else "",
            age=_choice(data.get("age"), AGE_CHOICES),
            cards=_choices(data.get("cards"), CARD_CHOICES),
            channels=_choices(data.get("channels"), CHANNEL_CHOICES),
        )

    def to_session(self) -> dict[str, Any]:
        return {
            "safe": self.safe,
            "postal_code": self.postal_code,
            "prefecture": self.prefecture,
            "age": self.age,
            "cards": list(self.cards),
            "channels": list(self.channels),
        }


def situations_for(cards: tuple[str, ...]) -> tuple[str, ...]:
    """The engine's situation tags for the chosen cards, each once, in card order."""
    tags: list[str] = []
    for card in cards:
        tags += [tag for tag in CARD_SITUATIONS[card] if tag not in tags]
    return tuple(tags)


def cards_for(situations: tuple[str, ...]) -> tuple[str, ...]:
    """The cards that stand for the engine's situation tags, by each card's main tag.

    Used when another page hands the flow its context (a screening's result), so that the
    person sees those cards already chosen. "Something else" is kept only when nothing else fits.
    """
    cards = tuple(card for card, tags in CARD_SITUATIONS.items() if tags[0] in situations)
    named = tuple(card for card in cards if card != "other")
    return named or cards


def answers_from_context(*, age: str, danger: str, situations: tuple[str, ...]) -> Answers:
    """Answers preselected from another page's context. Only danger now is taken as "not safe"."""
    return Answers(
        safe="no" if danger == "yes" else "",
        age=_choice(age, AGE_CHOICES),
        cards=cards_for(situations),
    )


@dataclass(frozen=True)
class ReferralQuery:
    """Keyword arguments for `referrals_for`, built from the answers alone."""

    language: str
    postal_code: str | None = None
    prefecture: str | None = None
    age: str = "unknown"
    danger: str = "unsure"
    situations: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "postal_code": self.postal_code,
            "prefecture": self.prefecture,
            "age": self.age,
            "language": self.language,
            "situations": self.situations,
            "danger": self.danger,
            "channels": self.channels,
        }


def referral_query(answers: Answers, language: str, preset_prefecture: str = "") -> ReferralQuery:
    """A place the person gave wins over the poster's preset; a postal code wins over a prefecture."""
    prefecture = answers.prefecture or (preset_prefecture if not answers.postal_code else "")
    return ReferralQuery(
        language=language,
        postal_code=answers.postal_code or None,
        prefecture=prefecture or None,
        age=answers.age or "unknown",
        danger=DANGER_FOR_SAFETY.get(answers.safe, "unsure"),
        situations=situations_for(answers.cards),
        channels=answers.channels,
    )


def next_step(step: str, answers: Answers) -> str:
    """The screen after `step`: the 110 screen comes first for a person who is not safe."""
    if step == "safety":
        return "emergency" if answers.safe == "no" else "location"
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def previous_step(step: str, answers: Answers) -> str:
    if step == "location":
        return "emergency" if answers.safe == "no" else "safety"
    return STEPS[max(STEPS.index(step) - 1, 0)]


def question_number(step: str) -> int:
    """1-based position of a question among the questions; 0 for other screens."""
    return QUESTIONS.index(step) + 1 if step in QUESTIONS else 0


def valid_step(step: Any) -> str:
    return step if isinstance(step, str) and step in STEPS else FIRST_STEP


def record(answers: Answers, step: str, data: Mapping[str, Any]) -> Answers:
    """The answers with `step`'s answer replaced by `data` (already validated); empty data skips."""
    if step == "safety":
        return replace(answers, safe=_choice(data.get("safe"), SAFETY_CHOICES))
    if step == "location":
        code = data.get("postal_code")
        prefecture = data.get("prefecture")
        return replace(
            answers,
            postal_code=code if isinstance(code, str) and is_postal_code(code) else "",
            prefecture=prefecture if isinstance(prefecture, str) else "",
        )
    if step == "age":
        return replace(answers, age=_choice(data.get("age"), AGE_CHOICES))
    if step == "situation":
        return replace(answers, cards=_choices(data.get("cards"), CARD_CHOICES))
    if step == "channel":
        return replace(answers, channels=_choices(data.get("channels"), CHANNEL_CHOICES))
    return answers
