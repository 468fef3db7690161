"""JSON API of the job-offer check (mounted under /api/v1/): the same answer as the page and the CLI.

`POST /api/v1/job-offers/screen` takes one offer (`text`) or many (`offers`), checks each, and
returns them ranked by concern. Nothing is stored; anyone may call it, 60 times an hour per connection,
with at most 500 offers and 1,000,000 characters a call.
"""

from django.utils import translation
from ninja import Field, Router, Schema
from ninja.responses import Status

from tomoshibi.core import ratelimit
from tomoshibi.core.api_errors import error_body, errors

from . import wording
from .batch import MAX_OFFERS, screen_offers
from .checker import MAX_OFFER_CHARACTERS, OfferRefused

router = Router()
SCREENINGS_PER_HOUR = (60, 60 * 60)  # requests per connection (keyed hash, never the address)


class OfferIn(Schema):
    id: str = Field("", max_length=100)
    text: str = Field(..., max_length=MAX_OFFER_CHARACTERS)


class ScreenIn(Schema):
    text: str | None = Field(None, max_length=MAX_OFFER_CHARACTERS, description="one offer")
    offers: list[OfferIn] | None = Field(None, max_length=MAX_OFFERS, description="or many, each with an id")
    lang: str = Field("en", max_length=10, description="language of the indicator titles")


class EvidenceOut(Schema):
    text: str
    start: int | None = None
    end: int | None = None
    fact: str | None = None


class IndicatorOut(Schema):
    id: str
    title: str
    weight: int
    strong_alone: bool
    evidence: list[EvidenceOut]
    sources: list[str]


class ResultOut(Schema):
    id: str
    level: str = Field(..., description="none, some_signs or strong_signs")
    score: int
    indicators: list[IndicatorOut]
    amounts: list[dict]
    minimum_wage: dict
    urls: list[str]
    situations: list[str]


class ScreenOut(Schema):
    results: list[ResultOut]


@router.post(
    "/job-offers/screen",
    response={200: ScreenOut, **errors(422, 429)},
    summary="Check job offers for signs of deceptive recruitment, ranked by concern",
)
def screen(request, payload: ScreenIn):
    if not ratelimit.allow(request, "job-offers-api", SCREENINGS_PER_HOUR):
        return Status(429, error_body(429))
    offers = [(o.id or str(n), o.text) for n, o in enumerate(payload.offers or [], 1)]
    if payload.text is not None:
        offers.insert(0, ("1", payload.text))
    if not offers:
        return Status(422, error_body(422, 'give "text" (one offer) or "offers" (a list)', field="text"))
    try:
        screened = screen_offers(offers)
    except OfferRefused as refused:
        return Status(422, error_body(422, str(refused), field=refused.field_name, valid=list(refused.valid)))
    with translation.override(payload.lang if payload.lang in wording.title_languages() else "en"):
        return Status(200, {"results": [with_titles(s.as_data()) for s in screened]})


def with_titles(data: dict) -> dict:
    for indicator in data["indicators"]:
        indicator["title"] = str(wording.TITLES[indicator["id"]])
    return data
