"""Screening instruments: their structure, the answers a form may carry, and the scoring rule.

Pure module (no Django), checked with `mypy --strict`. The instruments themselves are data
(tomoshibi/screening/data/instruments/*.toml); this module reads one parsed file, refuses a
tampered form, and turns answers into a level of concern with the indicators that raised it.
A level of concern is decision support, never a determination that someone is a victim.
"""

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tomoshibi.screening.texts import (
    ContentError,
    Text,
    check_sources,
    parse_text,
    require,
    require_list,
    require_str,
    require_table,
)

ITEM_FIELD_PREFIX = "item-"
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SITUATIONS = ("talk", "observe")
POPULATIONS = ("adult", "minor", "any")
SCORING_RULES = ("count",)


class Level(enum.IntEnum):
    """Levels of concern, in rising order."""

    NONE_SEEN = 0
    SOME_SIGNS = 1
    STRONG_SIGNS = 2
    DANGER_NOW = 3

    @property
    def slug(self) -> str:
        return self.name.lower()

    @classmethod
    def from_slug(cls, slug: str) -> "Level":
        try:
            return cls[slug.upper()]
        except KeyError:
            raise ContentError(f"unknown level {slug!r}; valid levels are {[lv.slug for lv in cls]}") from None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    use: Text  # how the source was used and under which terms (paraphrase, indicator list, ...)


@dataclass(frozen=True)
class Option:
    id: str
    counts: bool  # whether choosing it counts the item as an indicator present
    text: Text


@dataclass(frozen=True)
class Item:
    id: str
    domain: str
    text: Text
    sources: tuple[str, ...]
    weight: int = 1
    escalates_to: Level | None = None  # this indicator alone raises the level at least this far
    implies_minor: bool = False  # a counted answer means a child is involved

    @property
    def field_name(self) -> str:
        return f"{ITEM_FIELD_PREFIX}{self.id}"


@dataclass(frozen=True)
class ScoringRule:
    """Sum the weights of counted items; thresholds give the level; escalating items raise it further."""

    kind: str
    some_signs_at: int
    strong_signs_at: int
    explanation: Text

    def level_for(self, points: int) -> Level:
        if points >= self.strong_signs_at:
            return Level.STRONG_SIGNS
        if points >= self.some_signs_at:
            return Level.SOME_SIGNS
        return Level.NONE_SEEN


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    situation: str
    population: str
    roles: tuple[str, ...]
    title: Text
    intro: Text
    based_on: Text
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    scoring: ScoringRule
    sources: tuple[Source, ...]

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


class FormProblem(Exception):
    """A form that could not have come from the page: refused, never scored."""

    UNKNOWN_ITEM = "unknown_item"
    IMPOSSIBLE_VALUE = "impossible_value"
    REPEATED_FIELD = "repeated_field"
    UNKNOWN_FIELD = "unknown_field"

    def __init__(self, kind: str, field_name: str, allowed: Sequence[str]) -> None:
        super().__init__(f"{kind}: {field_name!r}; allowed: {list(allowed)}")
        self.kind = kind
        self.field_name = field_name
        self.allowed = tuple(allowed)


@dataclass(frozen=True)
class Result:
    instrument: Instrument
    level: Level
    points: int
    raised: tuple[Item, ...]  # every item whose answer counted, in the instrument's order
    escalated_by: tuple[Item, ...]  # the counted items that lifted the level above the thresholds
    not_answered: tuple[Item, ...]
    answers: Mapping[str, str] = field(default_factory=dict)

    @property
    def domains(self) -> tuple[str, ...]:
        """The indicator domains present, each once, in the order the items raised them."""
        return tuple(dict.fromkeys(item.domain for item in self.raised))

    @property
    def involves_minor(self) -> bool:
        return self.instrument.population == "minor" or any(item.implies_minor for item in self.raised)


def read_answers(
    instrument: Instrument, fields: Mapping[str, Sequence[str]], other_fields: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Item id -> option id for every answered item; raise FormProblem on anything the page cannot send.

    `fields` maps each posted name to all its values (Django's QueryDict.lists()). An empty value
    or an absent item means "not answered", which is allowed.
    """
    answers: dict[str, str] = {}
    for name, values in fields.items():
        if name in other_fields:
            continue
        item = answered_item(instrument, name)
        if len(values) != 1:
            raise FormProblem(FormProblem.REPEATED_FIELD, name, instrument.option_ids)
        if values[0] == "":
            continue
        if values[0] not in instrument.option_ids:
            raise FormProblem(FormProblem.IMPOSSIBLE_VALUE, name, instrument.option_ids)
        answers[item.id] = values[0]
    return answers


def answered_item(instrument: Instrument, field_name: str) -> Item:
    if not field_name.startswith(ITEM_FIELD_PREFIX):
        raise FormProblem(FormProblem.UNKNOWN_FIELD, field_name, [item.field_name for item in instrument.items])
    item = instrument.item(field_name.removeprefix(ITEM_FIELD_PREFIX))
    if item is None:
        raise FormProblem(FormProblem.UNKNOWN_ITEM, field_name, [item.field_name for item in instrument.items])
    return item


def score(instrument: Instrument, answers: Mapping[str, str]) -> Result:
    """The level of concern for these answers (which read_answers has already checked)."""
    counting = {option.id for option in instrument.options if option.counts}
    raised = tuple(item for item in instrument.items if answers.get(item.id) in counting)
    points = sum(item.weight for item in raised)
    by_threshold = instrument.scoring.level_for(points)
    escalations = [item for item in raised if item.escalates_to is not None and item.escalates_to > by_threshold]
    level = max([by_threshold, *(item.escalates_to for item in escalations if item.escalates_to is not None)])
    return Result(
        instrument=instrument,
        level=level,
        points=points,
        raised=raised,
        escalated_by=tuple(item for item in escalations if item.escalates_to == level),
        not_answered=tuple(item for item in instrument.items if item.id not in answers),
        answers=dict(answers),
    )


# --- reading an instrument file ---------------------------------------------------------------


def parse_instrument(raw: Mapping[str, object], where: str) -> Instrument:
    """Build an Instrument from one parsed TOML file, checking its structure."""
    sources = tuple(parse_source(s, f"{where} source") for s in require_list(raw, "sources", where))
    source_ids = {source.id for source in sources}
    options = tuple(parse_option(o, f"{where} option") for o in require_list(raw, "options", where))
    items = tuple(parse_item(i, f"{where} item", source_ids) for i in require_list(raw, "items", where))
    instrument = Instrument(
        id=identifier(raw, "id", where),
        version=require_str(raw, "version", where),
        situation=one_of(raw, "situation", SITUATIONS, where),
        population=one_of(raw, "population", POPULATIONS, where),
        roles=tuple(str(role) for role in require_list(raw, "roles", where)),
        title=parse_text(raw.get("title"), f"{where} title"),
        intro=parse_text(raw.get("intro"), f"{where} intro"),
        based_on=parse_text(raw.get("based_on"), f"{where} based_on"),
        options=options,
        items=items,
        scoring=parse_rule(require_table(raw.get("scoring"), f"{where} scoring"), f"{where} scoring"),
        sources=sources,
    )
    check_instrument(instrument, where)
    return instrument


def check_instrument(instrument: Instrument, where: str) -> None:
    for kind, ids in (("item", [i.id for i in instrument.items]), ("option", list(instrument.option_ids))):
        if len(ids) != len(set(ids)):
            raise ContentError(f"{where}: repeated {kind} ids in {ids}")
    if not instrument.items:
        raise ContentError(f"{where}: an instrument needs at least one item")
    if not any(option.counts for option in instrument.options):
        raise ContentError(f"{where}: no option counts as an indicator present")
    if not instrument.roles:
        raise ContentError(f"{where}: 'roles' must name at least one role")


def parse_source(raw: object, where: str) -> Source:
    table = require_table(raw, where)
    source_id = identifier(table, "id", where)
    return Source(
        id=source_id,
        title=require_str(table, "title", where),
        url=require_str(table, "url", where),
        use=parse_text(table.get("use"), f"{where} {source_id} use"),
    )


def parse_option(raw: object, where: str) -> Option:
    table = require_table(raw, where)
    option_id = identifier(table, "id", where)
    return Option(
        id=option_id,
        counts=bool(require(table, "counts", bool, f"{where} {option_id}")),
        text=parse_text(table.get("text"), f"{where} {option_id}"),
    )


def parse_item(raw: object, where: str, source_ids: set[str]) -> Item:
    table = require_table(raw, where)
    item_id = identifier(table, "id", where)
    where = f"{where} {item_id}"
    sources = tuple(str(source) for source in require_list(table, "sources", where))
    check_sources(sources, source_ids, where)
    escalates = table.get("escalates_to")
    weight = table.get("weight", 1)
    if not isinstance(weight, int) or weight < 0:
        raise ContentError(f"{where}: 'weight' must be a whole number of 0 or more, got {weight!r}")
    return Item(
        id=item_id,
        domain=identifier(table, "domain", where),
        text=parse_text(table.get("text"), where),
        sources=sources,
        weight=weight,
        escalates_to=Level.from_slug(str(escalates)) if escalates is not None else None,
        implies_minor=bool(table.get("implies_minor", False)),
    )


def parse_rule(raw: Mapping[str, object], where: str) -> ScoringRule:
    some = require(raw, "some_signs_at", int, where)
    strong = require(raw, "strong_signs_at", int, where)
    assert isinstance(some, int) and isinstance(strong, int)  # for mypy: require checked the type
    if not 1 <= some <= strong:
        raise ContentError(f"{where}: need 1 <= some_signs_at <= strong_signs_at, got {some} and {strong}")
    return ScoringRule(
        kind=one_of(raw, "rule", SCORING_RULES, where),
        some_signs_at=some,
        strong_signs_at=strong,
        explanation=parse_text(raw.get("explanation"), f"{where} explanation"),
    )


def identifier(raw: Mapping[str, object], key: str, where: str) -> str:
    value = require_str(raw, key, where)
    if not IDENTIFIER.match(value):
        raise ContentError(f"{where}: '{key}' = {value!r} must be lower-case letters, digits and _")
    return value


def one_of(raw: Mapping[str, object], key: str, allowed: tuple[str, ...], where: str) -> str:
    value = require_str(raw, key, where)
    if value not in allowed:
        raise ContentError(f"{where}: '{key}' = {value!r}; valid values are {list(allowed)}")
    return value
