"""Training modules: short scenarios with one question each, feedback and a summary.

Pure module (no Django). Modules are data (tomoshibi/screening/data/modules/*.toml). A learner's
progress is only the list of choices made so far; the pages carry it in a signed form field, so
nothing about a learner is stored.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tomoshibi.screening.scoring import Source, identifier, parse_source
from tomoshibi.screening.texts import (
    ContentError,
    Text,
    check_sources,
    parse_text,
    require_list,
    require_str,
    require_table,
    require_tables,
)


@dataclass(frozen=True)
class Choice:
    id: str
    correct: bool
    text: Text


@dataclass(frozen=True)
class Scenario:
    id: str
    domains: tuple[str, ...]  # the indicator domains present in the situation
    situation: Text
    question: Text
    choices: tuple[Choice, ...]
    explanation: Text  # which indicator was present and why; shown whatever was chosen
    sources: tuple[str, ...]

    def choice(self, choice_id: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)

    @property
    def best_choices(self) -> tuple[Choice, ...]:
        return tuple(choice for choice in self.choices if choice.correct)


@dataclass(frozen=True)
class Module:
    id: str
    version: str
    role: str
    title: Text
    intro: Text
    scenarios: tuple[Scenario, ...]
    sources: tuple[Source, ...]

    def scenario(self, index: int) -> Scenario:
        return self.scenarios[index]


@dataclass(frozen=True)
class Summary:
    module: Module
    correct: int
    total: int
    results: tuple[tuple[Scenario, bool], ...]

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(domain for scenario in self.module.scenarios for domain in scenario.domains))


class ProgressError(ValueError):
    """Progress that no honest sequence of pages produces: a choice that is not one of the options."""


def check_progress(module: Module, choices: Sequence[str]) -> None:
    if len(choices) > len(module.scenarios):
        raise ProgressError(f"{len(choices)} answers for {len(module.scenarios)} scenarios")
    for scenario, choice_id in zip(module.scenarios, choices, strict=False):
        if scenario.choice(choice_id) is None:
            raise ProgressError(f"{choice_id!r} is not a choice of {scenario.id}")


def is_complete(module: Module, choices: Sequence[str]) -> bool:
    return len(choices) == len(module.scenarios)


def summarise(module: Module, choices: Sequence[str]) -> Summary:
    check_progress(module, choices)
    results = tuple(
        (scenario, bool(choice and choice.correct))
        for scenario, choice in ((s, s.choice(c)) for s, c in zip(module.scenarios, choices, strict=False))
    )
    return Summary(module, sum(ok for _s, ok in results), len(module.scenarios), results)


# --- reading a module file --------------------------------------------------------------------


def parse_module(raw: Mapping[str, object], where: str) -> Module:
    sources = tuple(parse_source(table, f"{where} source") for table in require_tables(raw, "sources", where))
    source_ids = {source.id for source in sources}
    scenarios = tuple(
        parse_scenario(s, f"{where} scenario", source_ids) for s in require_tables(raw, "scenarios", where)
    )
    ids = [scenario.id for scenario in scenarios]
    if not scenarios or len(ids) != len(set(ids)):
        raise ContentError(f"{where}: needs scenarios with distinct ids, got {ids}")
    return Module(
        id=identifier(raw, "id", where),
        version=require_str(raw, "version", where),
        role=identifier(raw, "role", where),
        title=parse_text(raw.get("title"), f"{where} title"),
        intro=parse_text(raw.get("intro"), f"{where} intro"),
        scenarios=scenarios,
        sources=sources,
    )


def parse_scenario(raw: object, where: str, source_ids: set[str]) -> Scenario:
    table = require_table(raw, where)
    scenario_id = identifier(table, "id", where)
    where = f"{where} {scenario_id}"
    choices = tuple(parse_choice(c, f"{where} choice") for c in require_list(table, "choices", where))
    if len({c.id for c in choices}) != len(choices) or not any(c.correct for c in choices) or len(choices) < 2:
        raise ContentError(f"{where}: needs two or more choices with distinct ids, one or more of them correct")
    sources = tuple(str(s) for s in require_list(table, "sources", where))
    check_sources(sources, source_ids, where)
    return Scenario(
        id=scenario_id,
        domains=tuple(str(d) for d in require_list(table, "domains", where)),
        situation=parse_text(table.get("situation"), f"{where} situation"),
        question=parse_text(table.get("question"), f"{where} question"),
        choices=choices,
        explanation=parse_text(table.get("explanation"), f"{where} explanation"),
        sources=sources,
    )


def parse_choice(raw: object, where: str) -> Choice:
    table = require_table(raw, where)
    choice_id = identifier(table, "id", where)
    return Choice(id=choice_id, correct=table.get("correct") is True, text=parse_text(table.get("text"), where))
