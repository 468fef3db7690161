"""The screening catalogue: indicator domains, roles with their advice, instruments and modules.

Pure module (no Django). Everything is read from the versioned TOML files under
tomoshibi/screening/data/ and cross-checked, so a broken file fails loudly at start-up and in tests.
"""

import functools
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tomoshibi.directory.codes import SITUATIONS
from tomoshibi.screening.scoring import (
    POPULATIONS,
    Instrument,
    Level,
    Result,
    Source,
    identifier,
    one_of,
    parse_instrument,
)
from tomoshibi.screening.texts import ContentError, Text, parse_text, require_list, require_table, require_tables
from tomoshibi.screening.training import Module, parse_module

DATA_DIR = Path(__file__).resolve().parent / "data"

T = TypeVar("T", Instrument, Module)

# The situation tags the referral engine understands: its own pure vocabulary, so they cannot drift.
REFERRAL_SITUATIONS = SITUATIONS

# What the person screening is doing: each resolves, for a role, to one instrument.
SITUATION_CHOICES = ("talk_adult", "talk_minor", "observe")


@dataclass(frozen=True)
class Domain:
    id: str
    name: Text
    situations: tuple[str, ...]  # referral situation tags this indicator points to


@dataclass(frozen=True)
class Action:
    """One piece of advice on what to do now, for some levels of concern."""

    levels: tuple[Level, ...]
    population: str  # "any", or only when the person is an "adult" / a "minor"
    text: Text

    def applies(self, level: Level, involves_minor: bool) -> bool:
        wanted = "minor" if involves_minor else "adult"
        return level in self.levels and self.population in ("any", wanted)


@dataclass(frozen=True)
class Role:
    id: str
    name: Text
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Catalogue:
    domains: Mapping[str, Domain]
    roles: Mapping[str, Role]
    general_actions: tuple[Action, ...]
    instruments: Mapping[str, Instrument]
    modules: Mapping[str, Module]

    def instrument_for(self, role_id: str, situation: str) -> Instrument | None:
        wanted = {"talk_adult": ("talk", "adult"), "talk_minor": ("talk", "minor"), "observe": ("observe", None)}
        kind, population = wanted[situation]
        return next(
            (
                instrument
                for instrument in self.instruments.values()
                if role_id in instrument.roles
                and instrument.situation == kind
                and population in (None, instrument.population)
            ),
            None,
        )

    def screen_for(self, role_id: str, situation: str) -> Instrument | None:
        """The instrument a role gets: roles not offered an interview screen get their checklist instead.

        Cabin crew, hotel and school staff are to observe and report, not question a person about
        sexual partners or debts, so only the roles named in an interview screen's `roles` ask.
        """
        return self.instrument_for(role_id, situation) or self.instrument_for(role_id, "observe")

    def actions_for(self, role_id: str, level: Level, involves_minor: bool) -> tuple[Action, ...]:
        """The role's own advice first, then the advice for everyone."""
        role_actions = self.roles[role_id].actions if role_id in self.roles else ()
        return tuple(a for a in (*role_actions, *self.general_actions) if a.applies(level, involves_minor))

    def referral_situations(self, domain_ids: tuple[str, ...]) -> tuple[str, ...]:
        tags = (tag for domain_id in domain_ids for tag in self.domains[domain_id].situations)
        return tuple(dict.fromkeys(tags)) or ("other",)

    def referral_inputs(self, result: Result) -> dict[str, object]:
        """The referral engine's inputs for a screening result: age, danger now and situations."""
        adult = result.instrument.population == "adult"
        return {
            "age": "minor" if result.involves_minor else ("adult" if adult else "unknown"),
            "danger": "yes" if result.level is Level.DANGER_NOW else "unsure",
            "situations": self.referral_situations(result.domains),
        }

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every piece of wording with where it lives, for the translation checks."""
        yield from ((f"domain {d.id}", d.name) for d in self.domains.values())
        for role in self.roles.values():
            yield f"role {role.id}", role.name
            yield from ((f"role {role.id} action {n}", a.text) for n, a in enumerate(role.actions, 1))
        yield from ((f"general action {n}", a.text) for n, a in enumerate(self.general_actions, 1))
        for instrument in self.instruments.values():
            yield from instrument_texts(instrument)
        for module in self.modules.values():
            yield from module_texts(module)


def instrument_texts(instrument: Instrument) -> Iterator[tuple[str, Text]]:
    where = f"instrument {instrument.id}"
    yield from ((f"{where} {part}", getattr(instrument, part)) for part in ("title", "intro", "based_on"))
    yield f"{where} scoring explanation", instrument.scoring.explanation
    yield from ((f"{where} option {o.id}", o.text) for o in instrument.options)
    yield from ((f"{where} item {i.id}", i.text) for i in instrument.items)
    yield from source_texts(where, instrument.sources)


def module_texts(module: Module) -> Iterator[tuple[str, Text]]:
    where = f"module {module.id}"
    yield f"{where} title", module.title
    yield f"{where} intro", module.intro
    for scenario in module.scenarios:
        for part in ("situation", "question", "explanation"):
            yield f"{where} scenario {scenario.id} {part}", getattr(scenario, part)
        yield from ((f"{where} scenario {scenario.id} choice {c.id}", c.text) for c in scenario.choices)
    yield from source_texts(where, module.sources)


def source_texts(where: str, sources: tuple[Source, ...]) -> Iterator[tuple[str, Text]]:
    """How each source was used; publication titles stay in their own language and are not listed."""
    return ((f"{where} source {source.id} use", source.use) for source in sources)


# --- reading the files ------------------------------------------------------------------------


def read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error


def parse_domain(raw: object, where: str) -> Domain:
    table = require_table(raw, where)
    domain_id = identifier(table, "id", where)
    situations = tuple(str(tag) for tag in require_list(table, "situations", f"{where} {domain_id}"))
    unknown = sorted(set(situations) - set(REFERRAL_SITUATIONS))
    if unknown:
        raise ContentError(f"{where} {domain_id}: unknown situations {unknown}; valid: {list(REFERRAL_SITUATIONS)}")
    return Domain(domain_id, parse_text(table.get("name"), f"{where} {domain_id}"), situations)


def parse_action(raw: object, where: str) -> Action:
    table = require_table(raw, where)
    levels = tuple(Level.from_slug(str(slug)) for slug in require_list(table, "levels", where))
    population = one_of({"population": table.get("population", "any"), **table}, "population", POPULATIONS, where)
    return Action(levels=levels, population=population, text=parse_text(table.get("text"), where))


def parse_role(raw: object, where: str) -> Role:
    table = require_table(raw, where)
    role_id = identifier(table, "id", where)
    actions = tuple(parse_action(a, f"{where} {role_id} action") for a in require_list(table, "actions", where))
    return Role(role_id, parse_text(table.get("name"), f"{where} {role_id} name"), actions)


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    domains_file = read_toml(data_dir / "domains.toml")
    roles_file = read_toml(data_dir / "roles.toml")
    domains = (parse_domain(raw, "domains.toml") for raw in require_tables(domains_file, "domains", "domains.toml"))
    roles = (parse_role(raw, "roles.toml role") for raw in require_tables(roles_file, "roles", "roles.toml"))
    general = require_tables(roles_file, "general_actions", "roles.toml")
    catalogue = Catalogue(
        domains={domain.id: domain for domain in domains},
        roles={role.id: role for role in roles},
        general_actions=tuple(parse_action(raw, "roles.toml general action") for raw in general),
        instruments=load_all(data_dir / "instruments", parse_instrument),
        modules=load_all(data_dir / "modules", parse_module),
    )
    check_references(catalogue)
    return catalogue


@functools.cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the code, read once per process."""
    return load_catalogue()


def load_all(folder: Path, parse: Callable[[Mapping[str, object], str], T]) -> dict[str, T]:
    loaded: dict[str, T] = {}
    for path in sorted(folder.glob("*.toml")):
        thing = parse(read_toml(path), path.name)
        if thing.id in loaded or thing.id != path.stem:
            raise ContentError(f"{path.name}: id {thing.id!r} must equal the file name and be unique")
        loaded[thing.id] = thing
    return loaded


def check_references(catalogue: Catalogue) -> None:
    """Every domain and role a file names must exist."""
    for instrument in catalogue.instruments.values():
        check_names(f"instrument {instrument.id} roles", instrument.roles, catalogue.roles)
        check_names(f"instrument {instrument.id} domains", [i.domain for i in instrument.items], catalogue.domains)
    for module in catalogue.modules.values():
        check_names(f"module {module.id} role", [module.role], catalogue.roles)
        domains = [d for scenario in module.scenarios for d in scenario.domains]
        check_names(f"module {module.id} domains", domains, catalogue.domains)


def check_names(where: str, names: object, known: Mapping[str, object]) -> None:
    unknown = sorted(set(names) - set(known)) if isinstance(names, (list, tuple)) else []
    if unknown:
        raise ContentError(f"{where}: unknown {unknown}; known: {sorted(known)}")
