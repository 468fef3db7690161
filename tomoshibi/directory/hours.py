"""Opening hours: read the directory's free-text hours into a structure, and ask "open now?".

The answer has three values: True (open), False (closed) and None (we do not
know). The parser never guesses a service open: whatever it cannot read turns
into None, never into True. The rules (docs/referral.md repeats them):

- The `is_24h` column decides 24-hour services: only `true` there means always
  open; a "24h" in the free text alone is not trusted (PAPS: "reported as 24h
  in 2018; current hours not confirmed").
- The text is cut into segments at ";". A segment that starts with another
  channel's name ("chat ...", "web form ...", "English service ...") describes
  that channel, not the phone line, and is skipped.
- In a segment, day names (Mon-Sun, "Mon-Fri", "Mon & Wed", "Tue/Thu/Fri",
  "weekdays", "daily") and time ranges ("10:00-21:00") make opening periods.
  "Sat until 16:00" borrows the opening time of the period before it.
- Words after "closed" or "excl." list closures: days ("closed Thu/Sun"),
  "weekends", "holidays", "New Year" (29 Dec-3 Jan, the public offices'
  year-end closure) and date ranges ("13-15 Aug", "27 Dec-5 Jan").
- "Weekdays" means Monday to Friday except national holidays (平日).
- Days not stated: open times are "unknown" inside the time range and
  "closed" outside it. Named days with no word on holidays: on a national
  holiday the answer is "unknown" rather than "open".
- Anything else (no time range, "seasonal", "hours depend on destination")
  gives "unknown" at every time.
- Office hours (no day of the week on a Sunday, holidays not open) whose source
  says nothing about the year-end: "unknown" from 29 Dec to 3 Jan, the public
  offices' closure, and no "opens at" that would skip those days.
"""

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import jpholiday

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
EVERY_DAY = frozenset(range(7))
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The public offices' year-end closure (29 Dec-3 Jan): the one definition the directory uses.
NEW_YEAR_CLOSURE = ((12, 29), (1, 3))
YEAR_END_DAYS = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))

HOLIDAYS_CLOSED = "closed"
HOLIDAYS_UNKNOWN = "unknown"
HOLIDAYS_OPEN = "open"
HOLIDAYS_OWN_HOURS = "hours"

_DAY = r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_DAY_RANGE = re.compile(rf"\b({_DAY})\s*-\s*({_DAY})\b")
_SINGLE_DAY = re.compile(rf"\b({_DAY})\b")
_TIME_RANGE = re.compile(r"\b(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\b")
_UNTIL = re.compile(r"\buntil\s+(\d{1,2}):(\d{2})\b")
_PARENTHESES = re.compile(r"\([^)]*\)")
_CLOSURE_START = re.compile(r"\b(?:closed|excl\.?|except)\b")
_OTHER_CHANNEL = re.compile(r"^\s*(?:chat|web|e-?mail|english service|sns|line)\b")
_DATES_SAME_MONTH = re.compile(r"\b(\d{1,2})\s*-\s*(\d{1,2})\s+([a-z]{3})[a-z]*\b")
_DATES_TWO_MONTHS = re.compile(r"\b(\d{1,2})\s+([a-z]{3})[a-z]*\s*-\s*(\d{1,2})\s+([a-z]{3})[a-z]*\b")


DateRange = tuple[tuple[int, int], tuple[int, int]]  # ((month, day), (month, day)), both included


@dataclass(frozen=True)
class Period:
    """Open on `days` (0 = Monday; None = days not stated) from `start` to `end` (minutes after midnight)."""

    days: frozenset[int] | None
    start: int
    end: int


@dataclass(frozen=True)
class OpeningHours:
    always: bool = False
    periods: tuple[Period, ...] = ()
    holidays: str = HOLIDAYS_UNKNOWN
    closed_dates: tuple[DateRange, ...] = ()
    holiday_periods: tuple[Period, ...] = ()  # with holidays == HOLIDAYS_OWN_HOURS
    unknown_dates: tuple[DateRange, ...] = ()  # dates on which nobody knows (the year-end, unless stated)

    @property
    def known(self) -> bool:
        return self.always or bool(self.periods)


UNKNOWN_HOURS = OpeningHours()
ALWAYS_OPEN = OpeningHours(always=True, holidays=HOLIDAYS_OPEN)


def is_national_holiday(day: datetime) -> bool:
    return _holiday(day.date())


@functools.lru_cache(maxsize=2048)
def _holiday(day: date) -> bool:
    return bool(jpholiday.is_holiday(day))


def in_year_end_closure(at: datetime) -> bool:
    """29 Dec-3 Jan, when public offices close."""
    first, last = NEW_YEAR_CLOSURE
    return _in_date_range(at, first, last)


def parse_hours(text: str, is_24h: bool | None) -> OpeningHours:
    """Structured hours from the directory's `hours` text and `is_24h` flag."""
    if is_24h is True:
        return ALWAYS_OPEN
    periods: list[Period] = []
    closures: list[str] = []
    for segment in text.lower().split(";"):
        opening, closed = _split_closures(segment)
        closures.append(closed)
        if not _OTHER_CHANNEL.match(opening):
            periods += _periods_in(opening, periods[-1] if periods else None)
    if not periods:
        return UNKNOWN_HOURS
    closed_text = " ".join(closures)
    closed_days = _days_in(closed_text)
    return _year_end_unless_stated(
        OpeningHours(
            periods=tuple(_without_days(p, closed_days) for p in periods),
            holidays=HOLIDAYS_CLOSED if "holiday" in closed_text or "weekday" in text.lower() else HOLIDAYS_UNKNOWN,
            closed_dates=_closed_dates(closed_text),
        )
    )


def _year_end_unless_stated(hours: OpeningHours) -> OpeningHours:
    """Office hours with no word on the year-end: unknown over it, never guessed open (public offices close then)."""
    on_office_days = all(p.days is not None and 6 not in p.days for p in hours.periods)
    office = on_office_days and hours.holidays in (HOLIDAYS_CLOSED, HOLIDAYS_UNKNOWN)
    said = (*hours.closed_dates, *hours.unknown_dates)
    stated = any(_day_in_range(day, *dates) for dates in said for day in YEAR_END_DAYS)
    if not office or stated:
        return hours
    return replace(hours, unknown_dates=(*hours.unknown_dates, NEW_YEAR_CLOSURE))


def _split_closures(segment: str) -> tuple[str, str]:
    """(the opening part, the closures) of one segment; a parenthesis is a closure if it starts with one."""
    closures = [m[1:-1] for m in _PARENTHESES.findall(segment) if _CLOSURE_START.match(m[1:-1].strip())]
    opening = _PARENTHESES.sub(" ", segment)
    found = _CLOSURE_START.search(opening)
    if found:
        closures.append(opening[found.end() :])
        opening = opening[: found.start()]
    return opening, " ".join(closures)


def _days_in(text: str) -> set[int]:
    """Every day a piece of text names: ranges, single days, weekdays, weekends, daily."""
    days: set[int] = set()
    for first, last in _DAY_RANGE.findall(text):
        start, stop = DAY_NAMES.index(first[:3]), DAY_NAMES.index(last[:3])
        days |= {d % 7 for d in range(start, stop + 1 if stop >= start else stop + 8)}
    days |= {DAY_NAMES.index(name[:3]) for name in _SINGLE_DAY.findall(_DAY_RANGE.sub(" ", text))}
    if "weekday" in text:
        days |= WEEKDAYS
    if "weekend" in text:
        days |= WEEKEND
    if "daily" in text or "every day" in text:
        days |= EVERY_DAY
    return days


def _periods_in(segment: str, previous: Period | None) -> list[Period]:
    days = frozenset(_days_in(segment)) or None
    periods = [
        Period(days, int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)) for h1, m1, h2, m2 in _TIME_RANGE.findall(segment)
    ]
    if not periods and previous is not None:
        periods = [Period(days, previous.start, int(h) * 60 + int(m)) for h, m in _UNTIL.findall(segment)]
    return periods


def _without_days(period: Period, closed_days: set[int]) -> Period:
    if not closed_days:
        return period
    return Period((period.days or EVERY_DAY) - closed_days, period.start, period.end)


def _closed_dates(text: str) -> tuple[DateRange, ...]:
    ranges: list[DateRange] = []
    for d1, m1, d2, m2 in _DATES_TWO_MONTHS.findall(text):
        if m1 in MONTHS and m2 in MONTHS:
            ranges.append(((MONTHS.index(m1) + 1, int(d1)), (MONTHS.index(m2) + 1, int(d2))))
    for d1, d2, month in _DATES_SAME_MONTH.findall(_DATES_TWO_MONTHS.sub(" ", text)):
        if month in MONTHS:
            ranges.append(((MONTHS.index(month) + 1, int(d1)), (MONTHS.index(month) + 1, int(d2))))
    if "new year" in text:
        ranges.append(NEW_YEAR_CLOSURE)
    return tuple(ranges)


def _in_date_range(at: datetime, first: tuple[int, int], last: tuple[int, int]) -> bool:
    return _day_in_range((at.month, at.day), first, last)


def _day_in_range(day: tuple[int, int], first: tuple[int, int], last: tuple[int, int]) -> bool:
    return first <= day <= last if first <= last else (day >= first or day <= last)


def _period_open(period: Period, weekday: int, minute: int) -> bool | None:
    """Open at this minute of this weekday? A period ending past midnight belongs to the day it starts."""
    if period.start < period.end:
        day = weekday if period.start <= minute < period.end else None
    else:
        day = weekday if minute >= period.start else ((weekday - 1) % 7 if minute < period.end else None)
    if day is None:
        return False
    return None if period.days is None else day in period.days


def open_at(hours: OpeningHours, at: datetime) -> bool | None:
    """Is a service with these hours open at `at` (a time in Japan)? None means nobody knows."""
    if hours.always:
        return True
    if not hours.periods:
        return None
    if any(_in_date_range(at, first, last) for first, last in hours.closed_dates):
        return False
    if any(_in_date_range(at, first, last) for first, last in hours.unknown_dates):
        return None
    if hours.holidays == HOLIDAYS_OWN_HOURS and is_national_holiday(at):
        return _open_in(hours.holiday_periods, at)
    answer = _open_in(hours.periods, at)
    if answer is not False and is_national_holiday(at):
        return {HOLIDAYS_CLOSED: False, HOLIDAYS_OPEN: answer}.get(hours.holidays)
    return answer


def _open_in(periods: tuple[Period, ...], at: datetime) -> bool | None:
    answers = [_period_open(p, at.weekday(), at.hour * 60 + at.minute) for p in periods]
    return True if True in answers else (None if None in answers else False)


NEXT_OPEN_HORIZON_DAYS = 15


def next_open(hours: OpeningHours, at: datetime) -> datetime | None:
    """When a service closed at `at` next opens (within two weeks); None if open, unknown or not found.

    A service opens at the start of one of its periods, or at midnight when a closure ends,
    so those are the only moments tried.
    """
    if not hours.periods or open_at(hours, at) is not False:
        return None
    starts = sorted({p.start for p in (*hours.periods, *hours.holiday_periods)} | {0})
    for offset in range(NEXT_OPEN_HORIZON_DAYS):
        day = at.date() + timedelta(days=offset)
        for minute in starts:
            moment = datetime.combine(day, datetime.min.time(), at.tzinfo) + timedelta(minutes=minute)
            if moment <= at:
                continue
            state = open_at(hours, moment)
            if state is True:
                return moment
            if state is None and _in_unknown_dates(hours, moment):
                return None  # not "opens on 4 Jan" when nobody knows whether it opens on 29 Dec
    return None


def _in_unknown_dates(hours: OpeningHours, at: datetime) -> bool:
    return any(_in_date_range(at, first, last) for first, last in hours.unknown_dates)


class HoursError(ValueError):
    """Hours not written in the contact format's grammar; the message says which part and why."""


_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def parse_schedule(text: str) -> OpeningHours:
    """Hours in the contact format (docs/referral.md): empty, `24h`, or rules separated by ';'.

    `mon-fri 09:00-17:00; sat 10:00-12:00,13:00-15:00; holidays closed; closed 12-29..01-03`

    `unknown 12-29..01-03` says the source is silent on those dates; office hours that say nothing
    about the year-end get it by default (see the module's rules).
    """
    text = text.strip().lower()
    if not text:
        return UNKNOWN_HOURS
    if text == "24h":
        return ALWAYS_OPEN
    periods: list[Period] = []
    holiday_periods: list[Period] = []
    holidays = HOLIDAYS_UNKNOWN
    closures: list[DateRange] = []
    unknown: list[DateRange] = []
    for rule in (part.strip() for part in text.split(";")):
        head, _space, rest = rule.partition(" ")
        if head == "holidays":
            holidays, found = _holiday_rule(rest.strip())
            holiday_periods += found
        elif head == "closed":
            closures.append(_closure(rest.strip(), head))
        elif head == "unknown":
            unknown.append(_closure(rest.strip(), head))
        else:
            periods += [Period(_schedule_days(head), start, end) for start, end in _time_ranges(rest.strip(), rule)]
    if not periods:
        raise HoursError(f"{text!r}: no opening days and times (for example 'mon-fri 09:00-17:00')")
    return _year_end_unless_stated(
        OpeningHours(
            periods=tuple(periods),
            holidays=holidays,
            closed_dates=tuple(closures),
            holiday_periods=tuple(holiday_periods),
            unknown_dates=tuple(unknown),
        )
    )


def _holiday_rule(rest: str) -> tuple[str, list[Period]]:
    if rest in (HOLIDAYS_CLOSED, HOLIDAYS_OPEN):
        return rest, []
    return HOLIDAYS_OWN_HOURS, [Period(EVERY_DAY, start, end) for start, end in _time_ranges(rest, "holidays " + rest)]


def _schedule_days(text: str) -> frozenset[int]:
    if text == "daily":
        return EVERY_DAY
    days: set[int] = set()
    for item in text.split(","):
        first, _dash, last = item.partition("-")
        if first not in DAY_NAMES or (last and last not in DAY_NAMES):
            raise HoursError(f"{text!r}: days are mon..sun, a range such as mon-fri, a list such as mon,wed, or daily")
        start, stop = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        days |= {d % 7 for d in range(start, stop + 1 if stop >= start else stop + 8)}
    return frozenset(days)


def _minutes(text: str, rule: str) -> int:
    found = _TIME.match(text.strip())
    if not found or (found[1] == "24" and found[2] != "00"):
        raise HoursError(f"{rule!r}: {text.strip()!r} is not a time HH:MM")
    return int(found[1]) * 60 + int(found[2])


def _time_ranges(text: str, rule: str) -> list[tuple[int, int]]:
    ranges = []
    for item in text.split(","):
        start, dash, end = item.partition("-")
        if not dash:
            raise HoursError(f"{rule!r}: times are HH:MM-HH:MM, several separated by ','")
        ranges.append((_minutes(start, rule), _minutes(end, rule)))
        if ranges[-1][0] == ranges[-1][1]:
            raise HoursError(f"{rule!r}: a period cannot start and end at the same time (use 24h)")
    return ranges


def _closure(text: str, head: str) -> DateRange:
    first, dots, last = text.partition("..")
    ends = [_MONTH_DAY.match(part.strip()) for part in (first, last)]
    if not dots or not all(ends):
        raise HoursError(f"'{head} {text}': dates are MM-DD..MM-DD, for example {head} 12-29..01-03")
    (m1, d1), (m2, d2) = ((int(m[1]), int(m[2])) for m in ends if m)
    for month, day in ((m1, d1), (m2, d2)):
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise HoursError(f"'{head} {text}': {month:02d}-{day:02d} is not a date")
    return (m1, d1), (m2, d2)
