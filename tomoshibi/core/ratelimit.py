"""Rate limits for anonymous pages, keyed by request.client_key, and the counters behind them.

client_key is an HMAC of the address (an IPv6 /64 counts as one) under a secret
that lives only in the process's memory and changes daily (see core.middleware),
so the counters in the database never hold, or lead back to, an address.

Receipt look-ups are fair to people behind one shared address (shelter Wi-Fi, carrier NAT):
see `look_up_receipt`.
"""

import hashlib
import hmac
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .middleware import daily_secret
from .models import RateCounter

Found = TypeVar("Found")
# Digits of a receipt that choose its own budget: the vault's locator digits, so that every try
# at one person's receipt, typos included, draws on the same small budget.
RECEIPT_BUDGET_DIGITS = 6
# Tries one receipt gets once its address has spent its own budget, per window.
TRIES_PER_RECEIPT = 5
# Tries over spent addresses platform-wide, per window, as a multiple of one address's limit: this
# bounds the extra guesses (and Argon2 work) the fair share can ever give.
OVERFLOW_FACTOR = 20


def increment(key: str, window: int) -> int:
    """Add one to a counter that starts with its first hit and lasts `window` seconds; return the count."""
    now = timezone.now()
    with transaction.atomic():
        RateCounter.objects.filter(key=key, expires_at__lte=now).delete()
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=now + timedelta(seconds=window))
            except IntegrityError:  # another request created it first
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        return RateCounter.objects.get(key=key).count


def count(key: str) -> int:
    counter = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return counter.count if counter else 0


def reset(key: str) -> None:
    RateCounter.objects.filter(key=key).delete()


def allow(request, scope: str, rule: tuple[int, int]) -> bool:
    """Count one attempt; False once the limit (tries, seconds) for this client and scope is passed."""
    limit, window = rule
    return increment(f"ratelimit:{scope}:{getattr(request, 'client_key', '')}", window) <= limit


def refund(key: str) -> None:
    RateCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)


def receipt_budget_key(scope: str, receipt: str) -> str:
    digits = receipt[:RECEIPT_BUDGET_DIGITS].encode("ascii")
    return f"ratelimit:{scope}:receipt:{hmac.new(daily_secret(), digits, hashlib.sha256).hexdigest()[:32]}"


def look_up_receipt(request, scope: str, rule: tuple[int, int], receipt: str, find: Callable[[str], Found | None]):
    """(what `find` gives for the receipt, or None; True when the try was refused as too many).

    Every try counts against the connection's budget, and a right receipt gives its try back, so
    people who hold receipts do not use up an address they share. Once strangers on the same
    address (or someone guessing) have spent it, a person who holds a receipt still gets in: the
    try is then counted against that receipt's own budget and a platform-wide overflow, which keep
    guessing through spent addresses to a few tries per receipt and a bounded number in all.
    """
    limit, window = rule
    address_key = f"ratelimit:{scope}:{getattr(request, 'client_key', '')}"
    within_address = increment(address_key, window) <= limit
    if not within_address and not overflow_allows(scope, rule, receipt):
        return None, True
    found = find(receipt)
    if found is not None and within_address:
        refund(address_key)
    return found, False


def overflow_allows(scope: str, rule: tuple[int, int], receipt: str) -> bool:
    limit, window = rule
    if increment(receipt_budget_key(scope, receipt), window) > TRIES_PER_RECEIPT:
        return False
    return increment(f"ratelimit:{scope}:overflow", window) <= limit * OVERFLOW_FACTOR


def minutes(rule: tuple[int, int]) -> int:
    return rule[1] // 60
