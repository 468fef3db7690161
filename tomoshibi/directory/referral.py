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

from tomoshibi.directory.hours import OpeningHours, is_national_holiday, open_at, parse_hours

JST = timezone(timedelta(hours=9), "JST")

AGES = ("minor", "adult", "unknown")
DANGERS = ("yes", "no", "unsure")
GENDERS = ("female", "male", "other")
SITUATIONS = (
    "sexual_violence",
    "forced_sex_work",
    "debt",
    "documents_taken",
    "image_abuse",
    "coerced_pornography",
    "labour_exploitation",
    "visa_worry",
    "domestic_violence",
    "other",
)
CHANNELS = ("phone", "chat", "line", "email", "in_person")
PREFECTURE_CODES = tuple(f"{number:02d}" for number in range(1, 48))

# The directory's own vocabulary (the CSV columns kind, channels, serves, status).
KINDS = ("one_stop_center", "hotline", "police", "government", "ngo")
SERVICE_CHANNELS = ("phone", "chat", "line", "email", "web", "in_person")
SERVES = (
    "adults",
    "minors",
    "men",
    "lgbtq",
    "foreigners",
    "labor_trafficking",
    "digital_sexual_violence",
    "anonymous_reporting",
)
STATUSES = ("active", "closed")

# Services the rules name, by their stable directory id (the CSV `id`).
POLICE_EMERGENCY = "nat-police-110"
CHILD_ABUSE_HOTLINE = "nat-189"
ONE_STOP_NUMBER = "nat-onestop-8891"
POLICE_SEXUAL_CRIME_LINE = "nat-police-8103"
POLICE_CONSULTATION = "nat-police-9110"
PAPS = "ngo-paps"
INTERNET_HOTLINE_CENTER = "nat-ihc"
MIGRANTS_NETWORK = "ngo-smj"
IMMIGRATION_INFORMATION = "nat-isa-info-center"
FOREIGN_RESIDENTS_SUPPORT = "nat-fresc"
ANONYMOUS_REPORT_DIAL = "nat-tokumei-dial"
DV_CONSULTATION_PLUS = "nat-dv-plus"
DV_NAVI = "nat-dv-navi-8008"
HOST_CLUB_DESK = "pol-13-mpd-host-club-desk"

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
    "open_out_of_hours": 0,
    "languages_not_stated": 0,
    "minors_not_stated": -30,
    "fallback_always_open": -1000,
}
LANGUAGE_MISMATCH_PENALTY = -10
CLOSED_NOW_PENALTY = -25
OFFICE_OPENS, OFFICE_CLOSES = time(8, 30), time(17, 15)
YEAR_END_HOLIDAYS = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_LANGUAGE_ALIASES = {"fil": "tl", "zh-hans": "zh", "zh-hant": "zh", "zh-cn": "zh", "zh-tw": "zh"}
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
    hours: OpeningHours = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", parse_hours(self.hours_text, self.is_24h))

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
class Contact:
    """How to reach a service now: the channel to use (a preferred one it offers, else phone) and,
    whenever the service has a phone number, that number and its tel: link."""

    channel: str
    number: str | None = None
    tel: str | None = None
    other_numbers: tuple[str, ...] = ()
    through: str | None = None  # id of the service whose number reaches this one (#8891 routing)


@dataclass(frozen=True)
class Recommendation:
    service: Service
    open_now: bool | None
    contact: Contact
    languages_match: bool | None
    reasons: tuple[str, ...]


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
    closed_day = at.weekday() >= 5 or (at.month, at.day) in YEAR_END_HOLIDAYS or is_national_holiday(at)
    return closed_day or not OFFICE_OPENS <= at.time() < OFFICE_CLOSES


def languages_match(service: Service, language: str) -> bool | None:
    """True if the service states the language; None if its languages are not stated ('ja' alone)."""
    if language in service.languages:
        return True
    if service.languages <= {"ja"}:
        return None
    return False


def contact_for(service: Service, channels: frozenset[str], directory: dict[str, Service]) -> Contact:
    """The way to reach the service: a preferred channel it offers, else its phone, else its first channel."""
    numbers = service.numbers
    for channel in CHANNELS:
        if channel in channels and channel in service.channels and (channel != "phone" or numbers):
            return _contact(channel, numbers)
    if numbers:
        return _contact("phone", numbers)
    national = directory.get(ONE_STOP_NUMBER)
    if service.kind == "one_stop_center" and "phone" in service.channels and national and national.numbers:
        return Contact("phone", national.numbers[0], tel_uri(national.numbers[0]), through=ONE_STOP_NUMBER)
    others = [c for c in SERVICE_CHANNELS if c in service.channels and c != "phone"]
    return Contact(others[0] if others else "phone")


def _contact(channel: str, numbers: tuple[str, ...]) -> Contact:
    """A phone number, when there is one, comes with every contact: a call is the one way that needs no app."""
    if not numbers:
        return Contact(channel)
    return Contact(channel, numbers[0], tel_uri(numbers[0]), numbers[1:])


def tel_uri(number: str) -> str:
    return "tel:" + number.replace("#", "%23")


# The rules. Each yields (service, reason) pairs for the services it adds.


@dataclass
class _Context:
    request: ReferralRequest
    directory: dict[str, Service]  # every service given, by id
    nearby: list[Service]  # national services and those in the person's prefecture
    local: list[Service]  # those in the person's prefecture

    def named(self, *service_ids: str) -> Iterator[Service]:
        return (self.directory[i] for i in service_ids if i in self.directory)


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
    centres = [s for s in ctx.local if s.kind == "one_stop_center" and _fits_gender(s, ctx.request)]
    yield from ((s, "sexual_violence_centre_nearby") for s in centres)
    yield from ((s, "sexual_violence_national_number") for s in ctx.named(ONE_STOP_NUMBER))
    if ctx.request.prefecture and not centres:
        yield from ((s, "no_centre_in_prefecture") for s in ctx.named(ONE_STOP_NUMBER))
    yield from ((s, "police_sexual_crime_line") for s in ctx.named(POLICE_SEXUAL_CRIME_LINE))
    if ctx.request.gender in ("male", "other"):
        men_lines = [s for s in ctx.nearby if s.men_specific]
        yield from ((s, "for_men") for s in men_lines if _fits_gender(s, ctx.request))


def _image_abuse_rule(ctx: _Context) -> Iterator[Match]:
    if ctx.request.situations & {"image_abuse", "coerced_pornography"}:
        yield from ((s, "image_abuse_support") for s in ctx.named(PAPS))
        yield from ((s, "report_online_content") for s in ctx.named(INTERNET_HOTLINE_CENTER))


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


def _eligible(service: Service, request: ReferralRequest, reasons: set[str]) -> bool:
    if service.status != "active":
        return False
    if service.prefecture is not None and service.prefecture != request.prefecture:
        return False
    return _fits_gender(service, request) and _fits_age(service, request, reasons)


def _matches(ctx: _Context) -> dict[str, tuple[Service, set[str]]]:
    found: dict[str, tuple[Service, set[str]]] = {}
    for rule in RULES:
        for service, reason in rule(ctx):
            found.setdefault(service.id, (service, set()))[1].add(reason)
    return {i: (s, r) for i, (s, r) in found.items() if _eligible(s, ctx.request, r)}


def _offers_your_channel(contact: Contact, request: ReferralRequest) -> bool:
    """Said only of the contact shown: a listed channel with no number or address to use does not count."""
    usable = contact.number is not None if contact.channel == "phone" else True
    return contact.channel in request.channels and usable


def _extra_reasons(
    service: Service, request: ReferralRequest, open_now: bool | None, night: bool, contact: Contact
) -> set[str]:
    extra = set()
    match = languages_match(service, request.language)
    if request.language != "ja":
        extra |= {"speaks_your_language"} if match else ({"languages_not_stated"} if match is None else set())
    if _offers_your_channel(contact, request):
        extra.add("offers_your_channel")
    if request.age == "minor" and service.serves and "minors" not in service.serves:
        extra.add("minors_not_stated")
    if request.gender == "other" and "lgbtq" in service.serves:
        extra.add("lgbtq_friendly")
    if night and open_now:
        extra.add("open_out_of_hours")
    return extra


def _build(
    service: Service, reasons: set[str], ctx: _Context, night: bool
) -> tuple[tuple[int, int, int, bool, str], Recommendation]:
    request = ctx.request
    open_now = open_at(service.hours, request.at)
    contact = contact_for(service, request.channels, ctx.directory)
    reasons = reasons | _extra_reasons(service, request, open_now, night, contact)
    match = languages_match(service, request.language)
    score = sum(REASONS[r] for r in reasons) + (LANGUAGE_MISMATCH_PENALTY if match is False else 0)
    score += CLOSED_NOW_PENALTY if open_now is False else 0
    open_tier = {True: 0, None: 1, False: 2}[open_now] if night else 0
    danger_tier = 0 if "immediate_danger" in reasons else 1
    ordered = tuple(sorted(reasons, key=lambda r: (-REASONS[r], r)))
    recommendation = Recommendation(service, open_now, contact, match, ordered)
    return (danger_tier, open_tier, -score, not service.hours.always, service.id), recommendation


def _fallback(ctx: _Context, ranked: list[Recommendation]) -> list[Recommendation]:
    """If nothing recommended can be called now, 110 (always open) closes the list."""
    if any(r.open_now and r.contact.number for r in ranked):
        return ranked
    police = ctx.directory.get(POLICE_EMERGENCY)
    if police is None or police.status != "active" or any(r.service.id == POLICE_EMERGENCY for r in ranked):
        return ranked
    return [*ranked, _build(police, {"fallback_always_open"}, ctx, out_of_hours(ctx.request.at))[1]]


def recommend(services: Iterable[Service], request: ReferralRequest) -> list[Recommendation]:
    """The services to contact, best first, each with how to reach it now and why it is here."""
    directory = {service.id: service for service in services}
    nearby = sorted(
        (s for s in directory.values() if s.prefecture is None or s.prefecture == request.prefecture),
        key=lambda s: s.id,
    )
    ctx = _Context(request, directory, nearby, [s for s in nearby if s.prefecture is not None])
    night = out_of_hours(request.at)
    keyed = sorted((_build(s, r, ctx, night) for s, r in _matches(ctx).values()), key=lambda pair: pair[0])
    return _fallback(ctx, [recommendation for _key, recommendation in keyed])
