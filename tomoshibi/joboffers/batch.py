"""Many offers at once, for monitors: the same check for each, ranked by concern.

Shared by the API, the monitors' batch page and `tomoshibi ads screen`, so that all three rank the
same offers the same way. Pure module (no Django).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .checker import LEVELS, Check, OfferRefused, check_offer

MAX_OFFERS = 500
# Characters in one batch, all offers together: a minute of work at most, for the API and the batch page alike.
MAX_BATCH_CHARACTERS = 1_000_000


@dataclass(frozen=True)
class Screened:
    offer_id: str
    check: Check

    def as_data(self) -> dict[str, Any]:
        return {"id": self.offer_id, **self.check.as_data()}


def rank(screened: list[Screened]) -> list[Screened]:
    """Strong signs first, then some signs, then none; within a level, the higher score first; ties keep input order."""
    return sorted(screened, key=lambda s: (-LEVELS.index(s.check.level), -s.check.score))


def screen_offers(offers: list[tuple[str, str]]) -> list[Screened]:
    """(id, text) pairs, checked and ranked; OfferRefused names the offer that cannot be checked."""
    if len(offers) > MAX_OFFERS:
        raise OfferRefused("offers", f"at most {MAX_OFFERS} offers at once; split the file")
    if sum(len(text) for _id, text in offers) > MAX_BATCH_CHARACTERS:
        raise OfferRefused("offers", f"at most {MAX_BATCH_CHARACTERS:,} characters at once; split the file")
    screened = []
    for offer_id, text in offers:
        try:
            screened.append(Screened(offer_id, check_offer(text)))
        except OfferRefused as refused:
            raise OfferRefused(refused.field_name, f"offer {offer_id}: {refused}") from refused
    return rank(screened)


def read_offers(content: str) -> list[tuple[str, str]]:
    """A JSON-lines file of {"id": ..., "text": ...} objects, or plain text (one offer)."""
    lines = [line for line in content.splitlines() if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return [("1", content)]
    offers = []
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise OfferRefused("file", f"line {number} is not JSON: {error.msg}") from error
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise OfferRefused("file", f'line {number}: expected an object with a "text" string')
        offers.append((str(entry.get("id", number)), entry["text"]))
    return offers
