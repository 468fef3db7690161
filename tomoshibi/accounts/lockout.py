"""Lock a staff account after repeated failed sign-ins, counted per account name.

No address is involved. Names that have no account are counted exactly like
names that do, so the responses never tell which accounts exist.
"""

import hashlib
import hmac

from django.conf import settings

from tomoshibi.core import ratelimit
from tomoshibi.vault.keys import server_key

THRESHOLD = getattr(settings, "STAFF_LOCKOUT_THRESHOLD", 5)
LOCK_SECONDS = getattr(settings, "STAFF_LOCKOUT_SECONDS", 15 * 60)


def _counter_key(username: str) -> str:
    name = username.strip().casefold().encode("utf-8")
    return "staff-login-failures:" + hmac.new(server_key("staff-lockout"), name, hashlib.sha256).hexdigest()


def failures(username: str) -> int:
    return ratelimit.count(_counter_key(username))


def is_locked(username: str) -> bool:
    return failures(username) >= THRESHOLD


def register_failure(username: str) -> bool:
    """Count one failure; True when this failure locks the account."""
    return ratelimit.increment(_counter_key(username), LOCK_SECONDS) == THRESHOLD


def clear(username: str) -> None:
    ratelimit.reset(_counter_key(username))


def lock_minutes() -> int:
    return LOCK_SECONDS // 60
