"""One way to reach a service (a phone line, a LINE account, a form, an address) and the link that opens it.

Pure Python (no Django): the referral engine, the CSV import and `tomoshibi directory check`
share these rules. A contact is reachable when its value makes a link that works for its
channel: `tel:` for phone, a `line.me`/`lin.ee` address for LINE, `https://` for web and chat,
`mailto:` for e-mail. A visit has no link at all: its street address is shown as plain text,
never as a link to a third-party map.
"""

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from tomoshibi.directory.hours import UNKNOWN_HOURS, HoursError, OpeningHours, next_open, open_at, parse_schedule

CONTACT_CHANNELS = ("phone", "line", "web", "chat", "email", "visit")
# The person's chosen ways to talk (the help flow and the API) -> the contact channels that serve each.
CHANNELS_FOR_CHOICE = {
    "phone": ("phone",),
    "line": ("line",),
    "chat": ("chat", "web"),
    "email": ("email", "web"),
    "in_person": ("visit",),
}

_PHONE = re.compile(r"^#?\d[\d-]*\d$|^\d{3}$")
_LINE = re.compile(r"^https://(?:line\.me|lin\.ee)/\S+$")
_HTTPS = re.compile(r"^https://[^\s/]+\.[^\s/]+(?:/\S*)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


class ContactError(ValueError):
    """A contact whose value or hours do not fit its channel; the message says why."""


def href_for(channel: str, value: str) -> str | None:
    """The link that opens this contact, or None (a visit, or a value that makes no working link)."""
    value = value.strip()
    if channel == "phone" and _PHONE.match(value):
        return "tel:" + value.replace("#", "%23")
    if channel == "line" and _LINE.match(value):
        return value
    if channel in ("web", "chat") and _HTTPS.match(value):
        return value
    if channel == "email" and _EMAIL.match(value):
        return "mailto:" + value
    return None


VALUE_RULES = {
    "phone": "the number as dialled: digits, '#' and '-' (#8891, 0120-279-889)",
    "line": "a https://line.me/... or https://lin.ee/... address",
    "web": "an https:// address",
    "chat": "an https:// address",
    "email": "an e-mail address",
    "visit": "the street address",
}


def check_value(channel: str, value: str) -> None:
    """ContactError unless the value is usable for its channel."""
    if channel not in CONTACT_CHANNELS:
        raise ContactError(f"channel {channel!r} is not one of {', '.join(CONTACT_CHANNELS)}")
    usable = bool(value.strip()) if channel == "visit" else href_for(channel, value) is not None
    if not usable:
        raise ContactError(f"{channel} {value!r}: expected {VALUE_RULES[channel]}")


def check_hours(text: str) -> None:
    try:
        parse_schedule(text)
    except HoursError as error:
        raise ContactError(f"hours {error}") from None


@dataclass(frozen=True)
class Contact:
    """One way to reach a service, as the directory's contacts file gives it."""

    channel: str
    value: str
    languages: frozenset[str] = frozenset()
    hours_text: str = ""
    notes_en: str = ""
    notes_ja: str = ""
    source_url: str = ""
    last_checked: date | None = None
    hours: OpeningHours = field(default=UNKNOWN_HOURS, compare=False, repr=False)
    href: str | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        if self.hours is UNKNOWN_HOURS and self.hours_text:
            # Refused at import; a hand-made contact with bad hours stays "unknown", never "open".
            with contextlib.suppress(HoursError):
                object.__setattr__(self, "hours", parse_schedule(self.hours_text))
        object.__setattr__(self, "href", href_for(self.channel, self.value))

    @property
    def reachable(self) -> bool:
        return self.href is not None or (self.channel == "visit" and bool(self.value.strip()))

    @property
    def always_open(self) -> bool:
        return self.hours.always


@dataclass(frozen=True)
class ContactNow:
    """A contact as it stands at one moment: open (True, False, None when unknown) and, if closed, when it opens."""

    contact: Contact
    open_now: bool | None
    next_open: datetime | None
    minutes_until_open: int | None


def contact_now(contact: Contact, at: datetime) -> ContactNow:
    state = open_at(contact.hours, at)
    opens = next_open(contact.hours, at) if state is False else None
    minutes = int((opens - at).total_seconds() // 60) if opens else None
    return ContactNow(contact, state, opens, minutes)


def serves_choice(contact: Contact, choices: frozenset[str]) -> bool:
    """Does this contact use one of the ways the person chose to talk?"""
    return any(contact.channel in CHANNELS_FOR_CHOICE.get(choice, ()) for choice in choices)
