"""Rate limits for anonymous pages, keyed by request.client_key.

client_key is an HMAC of the address under a secret that changes daily (set
by the core middleware), so the counters in the cache never hold an address.
"""

from django.core.cache import cache


def increment(key: str, window: int) -> int:
    """Add one to a counter that starts with its first hit and lasts `window` seconds."""
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def allow(request, scope: str, rule: tuple[int, int]) -> bool:
    """Count one attempt; False once the limit (tries, seconds) for this client and scope is passed."""
    limit, window = rule
    return increment(f"ratelimit:{scope}:{getattr(request, 'client_key', '')}", window) <= limit


def minutes(rule: tuple[int, int]) -> int:
    return rule[1] // 60
