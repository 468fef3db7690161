"""Rate limits for anonymous pages, keyed by request.client_key, and the counters behind them.

client_key is an HMAC of the address under a secret that lives only in the
process's memory and changes daily (see core.middleware), so the counters in
the database never hold, or lead back to, an address.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter


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


def minutes(rule: tuple[int, int]) -> int:
    return rule[1] // 60
