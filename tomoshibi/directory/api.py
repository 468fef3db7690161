"""JSON API: the directory's services and the referral engine (mounted under /api/v1/)."""

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from tomoshibi.core import api_errors
from tomoshibi.directory.forms import DirectoryFilterForm
from tomoshibi.directory.models import Service
from tomoshibi.directory.reach import contact_now
from tomoshibi.directory.referral_engine import ReferralError, best_state, in_japan, right_now
from tomoshibi.directory.referrals import (
    DEFAULT_LIMIT,
    active_services,
    build_request,
    contact_data,
    recommend,
    recommendations_data,
)

router = Router()

# The engine's field names where the query parameter is named differently.
QUERY_PARAMETERS = {"language": "lang"}
# Repeatable parameters (B008: a call in a default is evaluated once; these are declarations, not values).
SITUATION_QUERY = Query([], description="repeatable or comma-separated: sexual_violence, image_abuse, debt, ...")
CHANNEL_QUERY = Query([], description="repeatable or comma-separated: phone, chat, line, email, in_person")


class ContactOut(Schema):
    channel: str
    value: str
    href: str | None
    address: str | None
    languages: list[str]
    hours: str
    open_24h: bool
    open_now: bool | None
    next_open: str | None
    status: str
    notes: str
    source_url: str | None
    last_checked: str | None


class RightNowOut(ContactOut):
    service_id: str
    name_ja: str
    name_en: str


class ServiceOut(Schema):
    id: str
    name_ja: str
    name_en: str
    kind: str
    prefecture_code: str | None
    phone: str
    numbers: list[str]
    hours: str
    is_24h: bool | None
    open_now: bool | None
    contacts: list[ContactOut]
    languages: list[str]
    channels: list[str]
    serves: list[str]
    status: str
    source_url: str
    last_checked: str | None


class ServicesOut(Schema):
    services: list[ServiceOut]


class RecommendationOut(Schema):
    service_id: str
    name: str
    name_ja: str
    name_en: str
    kind: str
    prefecture_code: str | None
    contacts: list[ContactOut]
    phone: str | None
    tel: str | None
    other_numbers: list[str]
    channel: str
    reached_through: str | None
    open_now: bool | None
    open_24h: bool
    languages_match: bool | None
    reasons: list[str]
    explanations: list[str]


class RecommendationsOut(Schema):
    recommendations: list[RecommendationOut]
    more: list[RecommendationOut]
    right_now: list[RightNowOut]


# Parsed here rather than by the schema, so a bad value gets the same 400 error as every other parameter.
BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def error_body(field: str, value: object, message: str, valid) -> dict:
    return api_errors.error_body(400, message, field=field, value=str(value), valid=list(valid))


def service_data(service: Service, now, language: str) -> dict:
    engine_service = service.as_engine_service()
    contacts = tuple(contact_now(contact, now) for contact in engine_service.reach)
    return {
        "id": service.id,
        "name_ja": service.name_ja,
        "name_en": service.name_en,
        "kind": service.kind,
        "prefecture_code": service.prefecture_code or None,
        "phone": service.phone,
        "numbers": list(engine_service.numbers),
        "hours": service.hours,
        "is_24h": service.is_24h,
        "open_now": best_state(contacts) if service.status == "active" and contacts else False,
        "contacts": [contact_data(state, language) for state in contacts],
        "languages": list(service.language_list),
        "channels": list(service.channel_list),
        "serves": list(service.serves_list),
        "status": service.status,
        "source_url": service.source_url,
        "last_checked": service.last_checked.isoformat() if service.last_checked else None,
    }


@router.get("/services", response={200: ServicesOut, **api_errors.errors(400)}, summary="Support services, filtered")
def list_services(
    request,
    prefecture: str = Query("", description="JIS prefecture code 01-47: its services and the national ones"),
    kind: str = Query("", description="one_stop_center, hotline, police, government or ngo"),
    language: str = Query("", description="ISO 639-1 code the service states it speaks"),
    serves: str = Query("", description="adults, minors, men, lgbtq, foreigners, labor_trafficking, ..."),
    include_closed: str = Query("false", description="true: also list services that have closed (never recommended)"),
):
    if include_closed.lower() not in BOOLEANS:
        return Status(400, error_body("include_closed", include_closed, "not true or false", sorted(BOOLEANS)))
    form = DirectoryFilterForm({"prefecture": prefecture, "kind": kind, "language": language, "serves": serves})
    if not form.is_valid():
        name = next(iter(form.errors))
        valid = [code for code, _label in form.fields[name].choices if code]
        return Status(400, error_body(name, form.data[name], f"unknown {name}", valid))
    closed_too = BOOLEANS[include_closed.lower()]
    services = form.filtered(Service.objects.all() if closed_too else Service.objects.active())
    now = in_japan(timezone.now())
    found = services.prefetch_related("contacts")
    return Status(200, {"services": [service_data(s, now, language or "en") for s in found]})


@router.get(
    "/referrals", response={200: RecommendationsOut, **api_errors.errors(400)}, summary="Where to get help, best first"
)
def referrals(
    request,
    postal_code: str = Query("", description="Japanese postal code, e.g. 530-0001"),
    prefecture: str = Query("", description="JIS prefecture code 01-47 (instead of a postal code)"),
    age: str = Query("unknown", description="minor, adult or unknown"),
    gender: str = Query("", description="female, male or other (optional)"),
    lang: str = Query("ja", description="the person's language, ISO 639-1 (ja, en, tl, th, km, vi, zh, ...)"),
    situation: list[str] = SITUATION_QUERY,
    danger: str = Query("unsure", description="yes, no or unsure"),
    channel: list[str] = CHANNEL_QUERY,
    at: str = Query("", description="time in Japan, ISO 8601 (default: now), e.g. 2026-12-31T23:00"),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=100, description="how many recommendations; the rest are in `more`"),
):
    try:
        referral_request = build_request(
            postal_code=postal_code,
            prefecture=prefecture,
            age=age,
            gender=gender,
            language=lang,
            situations=situation,
            danger=danger,
            channels=channel,
            at=at,
        )
    except ReferralError as error:
        parameter = QUERY_PARAMETERS.get(error.field, error.field)
        return Status(400, error_body(parameter, error.value, str(error), error.valid))
    services = active_services()
    found = recommend(services, referral_request)
    open_lines = right_now(services, referral_request, found)
    return Status(200, recommendations_data(found, referral_request.language, limit=limit, right_now=open_lines))
