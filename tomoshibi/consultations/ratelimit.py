"""Rate limits for anonymous pages, keyed by request.client_key.

client_key is an HMAC of the address under a secret that changes daily (set
by the core middleware), so the counters in the cache never hold an address.
"""

from tomoshibi.accounts.lockout import increment

RECEIPT_ATTEMPTS = (10, 15 * 60)  # tries, seconds
NEW_CONVERSATIONS = (5, 60 * 60)


def allow(request, scope: str, rule: tuple[int, int]) -> bool:
    """Count one attempt; False once the limit for this client and scope is passed."""
    limit, window = rule
    return increment(f"ratelimit:{scope}:{getattr(request, 'client_key', '')}", window) <= limit


def minutes(rule: tuple[int, int]) -> int:
    return rule[1] // 60
