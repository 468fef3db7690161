"""The referral engine: for one person's situation, the services to contact first, and why.

Pure Python (no Django), so the web pages, the API, the CLI and the benchmark
all call the same function. `recommend(services, request)` returns an ordered
list of `Recommendation`s, each with machine-readable reason codes. Every rule,
its weight and its source is written down in docs/referral.md; the reason codes
are the `REASONS` below.

How the order is made, in short:
1. 110 comes first when the person says they are in danger now.
2. Outside office hours (nights, weekends, national holidays, 29 Dec-3 Jan)
   services open now come first, then those whose hours are unknown, then
   those known to be closed.
3. Then by relevance: the sum of the weights of the reasons a service matched,
   plus the person's language and preferred channels.
4. Ties: 24-hour services first, then the directory id, so the order is stable.
Closed services never appear, and the list always holds at least one service
open now: 110 is added as a last resort when nothing else is.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

# The engine's public vocabulary comes from the one codes module (F401: re-exported, not all used here).
from tomoshibi.directory.codes import (  # noqa: F401
    AGES,
    ANONYMOUS_REPORT_DIAL,
    CHANNELS,
    CHILD_ABUSE_HOTLINE,
    DANGERS,
    DV_CONSULTATION_PLUS,
    DV_NAVI,
    EMBASSY_KIND,
    EMBASSY_PREFIX,
    FOREIGN_RESIDENTS_SUPPORT,
    GENDERS,
    HOST_CLUB_DESK,
    IMMIGRATION_INFORMATION,
    INTERNET_HOTLINE_CENTER,
    KINDS,
    LEGAL_SUPPORT,
    LEGAL_SUPPORT_MULTILINGUAL,
    MIGRANTS_NETWORK,
    ONE_STOP_NUMBER,
    PAPS,
    POLICE_CONSULTATION,
    POLICE_EMERGENCY,
    POLICE_SEXUAL_CRIME_LINE,
    PREFECTURE_CODES,
    SERVES,
    SERVICE_CHANNELS,
    SITUATIONS,
    STATUSES,
    WOMENS_CENTRE_KIND,
    WOMENS_CENTRE_NUMBER,
    WOMENS_CENTRE_PREFIX,
)
from tomoshibi.directory.hours import OpeningHours, in_year_end_closure, is_national_holiday, parse_hours
from tomoshibi.directory.reach import Contact, ContactNow, contact_now, serves_choice

JST = timezone(timedelta(hours=9), "JST")


# Reason code -> weight. A service's relevance is the sum of its reasons' weights.
REASONS: dict[str, int] = {
    "immediate_danger": 1000,
    "sexual_violence_centre_nearby": 110,
    "sexual_violence_national_number": 100,
    "child_abuse_hotline": 100,
    "image_abuse_support": 100,
    "migrant_support": 100,
    "domestic_violence_support": 100,
    "sexual_exploitation_support": 90,
    "for_men": 90,
    "for_minors": 80,
    "av_harm_one_stop": 95,
    "embassy_documents": 85,
    "legal_help": 80,
    "legal_help_in_your_language": 80,
    "womens_centre": 75,
    "immigration_information": 70,
    "host_club_debt": 70,
    "danger_unsure": 70,
    "report_online_content": 60,
    "foreign_national": 60,
    "foreign_residents_support": 50,
    "police_sexual_crime_line": 40,
    "anonymous_trafficking_report": 40,
    "police_consultation": 30,
    "if_under_18": 30,
    "no_centre_in_prefecture": 20,
    "lgbtq_friendly": 15,
    "speaks_your_language": 15,
    "offers_your_channel": 10,
    "interpreters_available": 0,
    "open_out_of_hours": 0,
    "languages_not_stated": 0,
    "minors_not_stated": -30,
    "fallback_always_open": -1000,
}
LANGUAGE_MISMATCH_PENALTY = -10
CLOSED_NOW_PENALTY = -25
OFFICE_OPENS, OFFICE_CLOSES = time(8, 30), time(17, 15)

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Tags that name a language the directory lists under another code: a service that speaks Chinese
# serves readers of either script, a Portuguese-speaking one Brazilians; `in` is Indonesian's old code.
_LANGUAGE_ALIASES = {
    "fil": "tl",
    "zh-hans": "zh",
    "zh-hant": "zh",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh-hk": "zh",
    "pt-br": "pt",
    "in": "id",
}
_DIAL_NUMBER = re.compile(r"(?<![\d-])(?:#\d{4}|0\d{1,4}(?:-\d{1,4})?-\d{2,6}|0\d{9,10}|110|118|119|189)(?![\d-])")


class ReferralError(ValueError):
    """Bad input: names the field, the value given and the valid values."""

    def __init__(self, field: str, value: object, valid: Iterable[str]) -> None:
        self.field = field
        self.value = value
        self.valid = tuple(valid)
        super().__init__(f"{field}: {value!r} is not valid; valid values: {', '.join(self.valid)}")


@dataclass(frozen=True)
class Service:
    """One entry of the support directory, as the engine sees it."""

    id: str
    name_ja: str
    name_en: str
    kind: str
    prefecture: str | None
    phone: str = ""
    hours_text: str = ""
    is_24h: bool | None = None
    languages: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    serves: frozenset[str] = frozenset()
    status: str = "active"
    contacts: tuple[Contact, ...] = ()
    hours: OpeningHours = field(init=False, compare=False, repr=False)
    reach: tuple[Contact, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", parse_hours(self.hours_text, self.is_24h))
        object.__setattr__(self, "reach", self._reachable_contacts())

    def _reachable_contacts(self) -> tuple[Contact, ...]:
        """Its contacts that make a working link (or an address); from the old `phone` column when it has none."""
        if self.contacts:
            return tuple(contact for contact in self.contacts if contact.reachable)
        return tuple(Contact("phone", number, self.languages, hours=self.hours) for number in self.numbers)

    @property
    def always_open(self) -> bool:
        return any(contact.always_open for contact in self.reach)

    @property
    def numbers(self) -> tuple[str, ...]:
        """Numbers a phone can dial, in the order the directory gives them."""
        return tuple(dict.fromkeys(_DIAL_NUMBER.findall(self.phone)))

    @property
    def men_specific(self) -> bool:
        return "men" in self.serves and "adults" not in self.serves

    @property
    def minors_only(self) -> bool:
        return "minors" in self.serves and not self.serves & {"adults", "men"}


@dataclass(frozen=True)
class ReferralRequest:
    """One person's situation. Constructing it validates every field (ReferralError)."""

    prefecture: str | None
    age: str
    gender: str | None
    language: str
    situations: frozenset[str]
    danger: str
    channels: frozenset[str]
    at: datetime

    def __post_init__(self) -> None:
        _check_choice("age", self.age, AGES)
        _check_choice("danger", self.danger, DANGERS)
        if self.gender is not None:
            _check_choice("gender", self.gender, GENDERS)
        if self.prefecture is not None:
            _check_choice("prefecture", self.prefecture, PREFECTURE_CODES)
        for situation in sorted(self.situations):
            _check_choice("situation", situation, SITUATIONS)
        for channel in sorted(self.channels):
            _check_choice("channel", channel, CHANNELS)
        object.__setattr__(self, "language", normalise_language(self.language))
        object.__setattr__(self, "at", in_japan(self.at))


@dataclass(frozen=True)
class Recommendation:
    """A service to contact, with every way to reach it ordered for this person: the chosen channel first."""

    service: Service
    open_now: bool | None  # of its best contact
    contacts: tuple[ContactNow, ...]
    languages_match: bool | None
    reasons: tuple[str, ...]
    through: str | None = None  # id of the service whose contacts reach this one (#8891 routing)


def _check_choice(field_name: str, value: object, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise ReferralError(field_name, value, valid)


def normalise_language(language: object) -> str:
    """An ISO 639 code from a language tag: 'zh-hans' -> 'zh', 'fil' -> 'tl', 'EN' -> 'en'."""
    text = str(language).strip().lower().replace("_", "-")
    text = _LANGUAGE_ALIASES.get(text, text.split("-")[0])
    if not _LANGUAGE.match(_LANGUAGE_ALIASES.get(text, text)):
        raise ReferralError("language", language, ("an ISO 639-1 code such as ja, en, tl, th, km, vi, zh",))
    return _LANGUAGE_ALIASES.get(text, text)


def in_japan(moment: datetime) -> datetime:
    """The moment in Japan time; a naive datetime is taken to be Japan time already."""
    return moment.replace(tzinfo=JST) if moment.tzinfo is None else moment.astimezone(JST)


def parse_time(text: str) -> datetime:
    """An ISO 8601 date and time ('2026-12-31T23:00', with or without offset) in Japan time."""
    try:
        return in_japan(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise ReferralError("at", text, ("an ISO 8601 date and time such as 2026-12-31T23:00",)) from None


def split_values(values: Iterable[str]) -> frozenset[str]:
    """Repeated and comma-separated values as one set: ['a,b', 'c'] -> {'a', 'b', 'c'}."""
    return frozenset(part.strip() for value in values for part in value.split(",") if part.strip())


def normalise_prefecture(code: str | None) -> str | None:
    """'1', '01' or ' 01 ' -> '01'; empty -> None; anything else is a ReferralError."""
    text = (code or "").strip()
    if not text:
        return None
    if text.isdigit() and len(text) <= 2:
        text = text.zfill(2)
    _check_choice("prefecture", text, PREFECTURE_CODES)
    return text


def out_of_hours(at: datetime) -> bool:
    """Nights, weekends, national holidays and the year-end closure, when most offices are shut."""
    at = in_japan(at)
    closed_day = at.weekday() >= 5 or in_year_end_closure(at) or is_national_holiday(at)
    return closed_day or not OFFICE_OPENS <= at.time() < OFFICE_CLOSES


def languages_match(service: Service, language: str) -> bool | None:
    """True if the service or one of its contacts states the language; None if no language but Japanese
    is stated."""
    stated = service.languages.union(*(contact.languages for contact in service.reach))
    if language in stated:
        return True
    if stated <= {"ja"}:
        return None
    return False


def contacts_for(service: Service, directory: dict[str, Service]) -> tuple[tuple[Contact, ...], str | None]:
    """The contacts that reach a service, and the id of the service they belong to when not its own.

    A one-stop centre with no listed contact is reached through #8891, which routes to it."""
    if service.reach:
        return service.reach, None
    national = directory.get(ONE_STOP_NUMBER)
    if service.kind == "one_stop_center" and national is not None and national.reach:
        return national.reach, ONE_STOP_NUMBER
    return (), None


def order_contacts(contacts: tuple[Contact, ...], request: ReferralRequest) -> tuple[ContactNow, ...]:
    """The contacts at the request's moment: a channel the person chose first, then open ones, then their language."""
    states = [contact_now(contact, request.at) for contact in contacts]
    chosen = request.channels

    def key(item: tuple[int, ContactNow]) -> tuple[bool, int, bool, int]:
        position, state = item
        open_tier = {True: 0, None: 1, False: 2}[state.open_now]
        speaks = request.language in state.contact.languages
        return (not serves_choice(state.contact, chosen), open_tier, not speaks, position)

    return tuple(state for _position, state in sorted(enumerate(states), key=key))


def best_state(contacts: tuple[ContactNow, ...]) -> bool | None:
    """Open if any contact is open; unknown if any is unknown; else closed."""
    states = {state.open_now for state in contacts}
    return True if True in states else (None if None in states else False)


# The rules. Each yields (service, reason) pairs for the services it adds.


@dataclass
class _Context:
    request: ReferralRequest
    directory: dict[str, Service]  # every service given, by id
    nearby: list[Service]  # national services and those in the person's prefecture
    local: list[Service]  # those in the person's prefecture

    def named(self, *service_ids: str) -> Iterator[Service]:
        return (self.directory[i] for i in service_ids if i in self.directory)

    def usable(self, service: Service, reason: str) -> bool:
        """Would the service be recommended for this reason? A fallback counts only those: a rule that
        offers a national number where no local service is listed must also offer it where the local
        one is closed, not for this person, or has no contact that works."""
        return _eligible(service, self.request, {reason}) and bool(contacts_for(service, self.directory)[0])


Match = tuple[Service, str]


def _danger_rule(ctx: _Context) -> Iterator[Match]:
    reason = {"yes": "immediate_danger", "unsure": "danger_unsure"}.get(ctx.request.danger)
    if reason:
        yield from ((s, reason) for s in ctx.named(POLICE_EMERGENCY))


def _age_rule(ctx: _Context) -> Iterator[Match]:
    if ctx.request.age == "unknown":
        yield from ((s, "if_under_18") for s in ctx.named(CHILD_ABUSE_HOTLINE))
    if ctx.request.age != "minor":
        return
    yield from ((s, "child_abuse_hotline") for s in ctx.named(CHILD_ABUSE_HOTLINE))
    for service in ctx.nearby:
        if _for_minors(service):
            yield service, "for_minors"


def _for_minors(service: Service) -> bool:
    """Services for young people: minors-only lines and NGOs for minors, but not situation-specific ones."""
    specific = service.serves & {"digital_sexual_violence", "labor_trafficking"} or service.men_specific
    general = service.minors_only or (service.kind == "ngo" and "minors" in service.serves)
    return bool(general and not specific and service.kind != "one_stop_center" and service.id != CHILD_ABUSE_HOTLINE)


def _sexual_violence_rule(ctx: _Context) -> Iterator[Match]:
    if "sexual_violence" not in ctx.request.situations:
        return
    centres = [s for s in ctx.local if s.kind == "one_stop_center" and ctx.usable(s, "sexual_violence_centre_nearby")]
    yield from ((s, "sexual_violence_centre_nearby") for s in centres)
    yield from ((s, "sexual_violence_national_number") for s in ctx.named(ONE_STOP_NUMBER))
    if ctx.request.prefecture and not centres:
        yield from ((s, "no_centre_in_prefecture") for s in ctx.named(ONE_STOP_NUMBER))
    yield from ((s, "police_sexual_crime_line") for s in ctx.named(POLICE_SEXUAL_CRIME_LINE))
    if ctx.request.gender in ("male", "other"):
        men_lines = [s for s in ctx.nearby if s.men_specific]
        yield from ((s, "for_men") for s in men_lines if _fits_gender(s, ctx.request))


def _image_abuse_rule(ctx: _Context) -> Iterator[Match]:
    """Image abuse and coerced pornography: PAPS, the IHC to remove content, and #8891, since the one-stop
    centres are the consultation points of the AV Appearance Harm Act (2022)."""
    if ctx.request.situations & {"image_abuse", "coerced_pornography"}:
        yield from ((s, "image_abuse_support") for s in ctx.named(PAPS))
        yield from ((s, "report_online_content") for s in ctx.named(INTERNET_HOTLINE_CENTER))
        yield from ((s, "av_harm_one_stop") for s in ctx.named(ONE_STOP_NUMBER))


WOMENS_CENTRE_SITUATIONS = frozenset(
    {"sexual_violence", "forced_sex_work", "coerced_pornography", "image_abuse", "domestic_violence", "debt"}
)


def _womens_centre_rule(ctx: _Context) -> Iterator[Match]:
    """The women's consultation support centre of the person's prefecture (Act on Support for Women with
    Difficulties, 2024), for a woman or girl, or when gender is not said."""
    if not (ctx.request.situations & WOMENS_CENTRE_SITUATIONS and ctx.request.gender in (None, "female")):
        return
    centres = [s for s in ctx.local if is_womens_centre(s) and ctx.usable(s, "womens_centre")]
    # Where no centre of the prefecture can be used (none listed, closed, no reachable contact, or the
    # prefecture is not known), the centres' common short number #8778 is the way to reach one.
    yield from ((s, "womens_centre") for s in centres or ctx.named(WOMENS_CENTRE_NUMBER))


def is_womens_centre(service: Service) -> bool:
    return service.kind == WOMENS_CENTRE_KIND or service.id.startswith(WOMENS_CENTRE_PREFIX)


def is_embassy(service: Service) -> bool:
    return service.kind == EMBASSY_KIND or service.id.startswith(EMBASSY_PREFIX)


DOCUMENT_SITUATIONS = frozenset({"documents_taken", "visa_worry"})


def _documents_rule(ctx: _Context) -> Iterator[Match]:
    """Passport, visa and document worries: legal help (Houterasu; its multilingual line for another
    language) and the embassy that speaks the person's language, which can issue a new passport."""
    if not ctx.request.situations & DOCUMENT_SITUATIONS:
        return
    yield from ((s, "legal_help") for s in ctx.named(LEGAL_SUPPORT))
    if ctx.request.language != "ja":
        yield from ((s, "legal_help_in_your_language") for s in ctx.named(LEGAL_SUPPORT_MULTILINGUAL))
        embassies = (s for s in ctx.directory.values() if is_embassy(s))
        yield from ((s, "embassy_documents") for s in embassies if _embassy_speaks(s, ctx.request.language))


def _embassy_speaks(service: Service, language: str) -> bool:
    """An embassy for this language's speakers: it lists the language (English alone says nothing)."""
    return language not in ("ja", "en") and (
        language in service.languages or any(language in c.languages for c in service.reach)
    )


def _sexual_exploitation_rule(ctx: _Context) -> Iterator[Match]:
    situations = ctx.request.situations
    if "forced_sex_work" in situations:
        yield from ((s, "sexual_exploitation_support") for s in ctx.named(PAPS))
    if situations & {"forced_sex_work", "debt"} and ctx.request.prefecture == "13":
        yield from ((s, "host_club_debt") for s in ctx.named(HOST_CLUB_DESK))
    if situations & {"forced_sex_work", "debt", "documents_taken", "labour_exploitation", "other"}:
        yield from ((s, "anonymous_trafficking_report") for s in ctx.named(ANONYMOUS_REPORT_DIAL))


def _migrant_rule(ctx: _Context) -> Iterator[Match]:
    if ctx.request.situations & {"documents_taken", "labour_exploitation", "visa_worry"}:
        yield from ((s, "migrant_support") for s in ctx.named(MIGRANTS_NETWORK))
        yield from ((s, "immigration_information") for s in ctx.named(IMMIGRATION_INFORMATION))
    elif ctx.request.language != "ja":
        # Only for someone writing in another language: a Japanese minor is not sent to services for
        # foreign residents unless they chose a visa, passport or work worry.
        yield from ((s, "foreign_national") for s in ctx.named(MIGRANTS_NETWORK, IMMIGRATION_INFORMATION))
    if "labour_exploitation" in ctx.request.situations:
        yield from ((s, "foreign_residents_support") for s in ctx.named(FOREIGN_RESIDENTS_SUPPORT))


def _domestic_violence_rule(ctx: _Context) -> Iterator[Match]:
    if "domestic_violence" in ctx.request.situations:
        yield from ((s, "domestic_violence_support") for s in ctx.named(DV_CONSULTATION_PLUS, DV_NAVI))


def _general_rule(ctx: _Context) -> Iterator[Match]:
    if not ctx.request.situations or "other" in ctx.request.situations:
        yield from ((s, "police_consultation") for s in ctx.named(POLICE_CONSULTATION))
        if not ctx.request.situations:
            yield from ((s, "anonymous_trafficking_report") for s in ctx.named(ANONYMOUS_REPORT_DIAL))


RULES = (
    _danger_rule,
    _age_rule,
    _sexual_violence_rule,
    _image_abuse_rule,
    _womens_centre_rule,
    _documents_rule,
    _sexual_exploitation_rule,
    _migrant_rule,
    _domestic_violence_rule,
    _general_rule,
)


def _fits_gender(service: Service, request: ReferralRequest) -> bool:
    """Lines for men and boys are for men (and, where they say so, for LGBTQ people)."""
    if not service.men_specific:
        return True
    return request.gender == "male" or (request.gender == "other" and "lgbtq" in service.serves)


def _fits_age(service: Service, request: ReferralRequest, reasons: set[str]) -> bool:
    """Minors-only services are for minors (189 also for 'unknown', as 'if you are under 18')."""
    if not service.minors_only:
        return True
    return request.age == "minor" or "if_under_18" in reasons


FOREIGN_RESIDENT_SITUATIONS = frozenset({"documents_taken", "visa_worry", "labour_exploitation"})


def for_foreign_residents(service: Service) -> bool:
    """Services only for people from other countries (the migrants' network, immigration, embassies)."""
    return is_embassy(service) or ("foreigners" in service.serves and "minors" not in service.serves)


def _asked_for_foreign_resident_help(request: ReferralRequest) -> bool:
    """A Japanese-speaking minor who chose no visa, passport or work worry did not ask for them."""
    return request.age != "minor" or request.language != "ja" or bool(request.situations & FOREIGN_RESIDENT_SITUATIONS)


def _eligible(service: Service, request: ReferralRequest, reasons: set[str]) -> bool:
    if service.status != "active":
        return False
    if for_foreign_residents(service) and not _asked_for_foreign_resident_help(request):
        return False
    # Embassies serve their nationals wherever they live in Japan.
    if service.prefecture is not None and service.prefecture != request.prefecture and not is_embassy(service):
        return False
    return _fits_gender(service, request) and _fits_age(service, request, reasons)


def _matches(ctx: _Context) -> dict[str, tuple[Service, set[str]]]:
    found: dict[str, tuple[Service, set[str]]] = {}
    for rule in RULES:
        for service, reason in rule(ctx):
            found.setdefault(service.id, (service, set()))[1].add(reason)
    return {i: (s, r) for i, (s, r) in found.items() if _eligible(s, ctx.request, r)}


def _extra_reasons(
    service: Service, request: ReferralRequest, open_now: bool | None, night: bool, contacts: tuple[ContactNow, ...]
) -> set[str]:
    extra = set()
    match = languages_match(service, request.language)
    if request.language != "ja":
        extra |= {"speaks_your_language"} if match else ({"languages_not_stated"} if match is None else set())
    if any(serves_choice(state.contact, request.channels) for state in contacts):
        extra.add("offers_your_channel")
    if request.age == "minor" and service.serves and "minors" not in service.serves:
        extra.add("minors_not_stated")
    if request.gender == "other" and "lgbtq" in service.serves:
        extra.add("lgbtq_friendly")
    if service.id == POLICE_EMERGENCY and match is not True:
        extra.add("interpreters_available")
    if night and open_now:
        extra.add("open_out_of_hours")
    return extra


Ranked = tuple[tuple[int, int, int, bool, str], Recommendation]


def _build(service: Service, reasons: set[str], ctx: _Context, night: bool) -> Ranked | None:
    """The ranked recommendation, or None when nothing reaches the service."""
    request = ctx.request
    reach, through = contacts_for(service, ctx.directory)
    if not reach:
        return None
    contacts = order_contacts(reach, request)
    open_now = best_state(contacts)
    reasons = reasons | _extra_reasons(service, request, open_now, night, contacts)
    match = languages_match(service, request.language)
    score = sum(REASONS[r] for r in reasons) + (LANGUAGE_MISMATCH_PENALTY if match is False else 0)
    score += CLOSED_NOW_PENALTY if open_now is False else 0
    open_tier = {True: 0, None: 1, False: 2}[open_now] if night else 0
    danger_tier = 0 if "immediate_danger" in reasons else 1
    ordered = tuple(sorted(reasons, key=lambda r: (-REASONS[r], r)))
    recommendation = Recommendation(service, open_now, contacts, match, ordered, through)
    return (danger_tier, open_tier, -score, not service.always_open, service.id), recommendation


def _fallback(ctx: _Context, ranked: list[Recommendation]) -> list[Recommendation]:
    """If nothing recommended can be called now, 110 (always open) closes the list."""
    if any(r.open_now for r in ranked):
        return ranked
    police = ctx.directory.get(POLICE_EMERGENCY)
    if police is None or police.status != "active" or any(r.service.id == POLICE_EMERGENCY for r in ranked):
        return ranked
    built = _build(police, {"fallback_always_open"}, ctx, out_of_hours(ctx.request.at))
    return [*ranked, built[1]] if built else ranked


def recommend(services: Iterable[Service], request: ReferralRequest) -> list[Recommendation]:
    """The services to contact, best first, each with how to reach it now and why it is here."""
    directory = {service.id: service for service in services}
    nearby = sorted(
        (s for s in directory.values() if s.prefecture is None or s.prefecture == request.prefecture),
        key=lambda s: s.id,
    )
    ctx = _Context(request, directory, nearby, [s for s in nearby if s.prefecture is not None])
    night = out_of_hours(request.at)
    built = (_build(s, r, ctx, night) for s, r in _matches(ctx).values())
    keyed = sorted((pair for pair in built if pair is not None), key=lambda pair: pair[0])
    return _fallback(ctx, [recommendation for _key, recommendation in keyed])


RIGHT_NOW_LIMIT = 4
RightNow = tuple[Service, ContactNow]


def right_now(services: Iterable[Service], request: ReferralRequest, ranked: list[Recommendation]) -> list[RightNow]:
    """When no recommended contact that fits is open now: the 24-hour lines in the person's language.

    "Fits" means a channel the person chose (any channel when they chose none); 110 does not count,
    since it is for danger now, and is shown apart."""
    if any(_open_and_fits(r, request) for r in ranked):
        return []
    found = [
        (service, contact_now(contact, request.at))
        for service in sorted(services, key=lambda s: s.id)
        if service.id != POLICE_EMERGENCY and _eligible(service, request, set())
        for contact in service.reach
        if contact.always_open and request.language in contact.languages and contact.channel != "visit"
    ]
    found.sort(key=lambda pair: not serves_choice(pair[1].contact, request.channels))
    return found[:RIGHT_NOW_LIMIT]


def _open_and_fits(recommendation: Recommendation, request: ReferralRequest) -> bool:
    if recommendation.service.id == POLICE_EMERGENCY:
        return False
    return any(
        state.open_now and (not request.channels or serves_choice(state.contact, request.channels))
        for state in recommendation.contacts
    )
