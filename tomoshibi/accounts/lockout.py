"""Throttle staff sign-ins per account AND per client, so nobody can lock another person out.

A stranger who knows a counsellor's address used to be able to lock the account
with five wrong passwords, forever. Now failures are counted for the pair
(account, client), where the client is `request.client_key` (the keyed hash of
the address the core middleware sets; no address is stored):

- **One client, one account:** after THRESHOLD attempts without success in
  LOCK_SECONDS, that client is refused for that account, even with the right
  password and code. Other clients are not affected.
- **One client, every account:** after CLIENT_THRESHOLD attempts without
  success, that client is refused for every account (password spraying).
- **One account, every client:** after ACCOUNT_ALERT failures from all clients,
  or GLOBAL_ALERT failures on the whole platform, the account is under attack:
  a client that has failed even once for it is refused, so each further guess
  needs a client that has never failed. A client that has not been failing
  (the person's own device and network) still signs in with the right password
  and a right TOTP code.

Every attempt takes its number before it is evaluated (a single UPDATE
count = count + 1 in core.ratelimit), and only numbers within the limit are
evaluated: 40 concurrent wrong passwords count 40, and at most THRESHOLD of
them reach the password check. A successful sign-in gives its attempts back.

Names without an account are counted exactly like names with one, so the
answers never tell which accounts exist. Counters are keyed hashes of the name
and the client key, and expire (the worker deletes them).
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F

from tomoshibi.core import ratelimit
from tomoshibi.core.models import RateCounter
from tomoshibi.vault.keys import server_key

THRESHOLD = getattr(settings, "STAFF_LOCKOUT_THRESHOLD", 5)
CLIENT_THRESHOLD = getattr(settings, "STAFF_LOCKOUT_CLIENT_THRESHOLD", 20)
ACCOUNT_ALERT = getattr(settings, "STAFF_LOCKOUT_ACCOUNT_ALERT", 20)
GLOBAL_ALERT = getattr(settings, "STAFF_LOCKOUT_GLOBAL_ALERT", 200)
LOCK_SECONDS = getattr(settings, "STAFF_LOCKOUT_SECONDS", 15 * 60)
GLOBAL_KEY = "staff-login:all"


def _hashed(*parts: str) -> str:
    text = "\n".join(parts).encode("utf-8")
    return hmac.new(server_key("staff-lockout"), text, hashlib.sha256).hexdigest()


def account_name(username: str) -> str:
    return username.strip().casefold()


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt by one client for one account, and whether it may be evaluated."""

    pair_key: str
    client_key: str
    account_key: str
    number: int
    allowed: bool

    @property
    def locks_now(self) -> bool:
        """True for the failure that reaches the per-client limit (recorded once in the audit trail)."""
        return self.number == THRESHOLD


def begin(username: str, client: str) -> Attempt:
    """Count the attempt first, then say whether it may be checked at all."""
    name = account_name(username)
    pair_key, client_key = "staff-login:pair:" + _hashed(name, client), "staff-login:client:" + _hashed(client)
    number = ratelimit.increment(pair_key, LOCK_SECONDS)
    client_number = ratelimit.increment(client_key, LOCK_SECONDS)
    limit = 1 if account_under_attack(username) else THRESHOLD
    allowed = number <= limit and client_number <= CLIENT_THRESHOLD
    return Attempt(pair_key, client_key, _account_key(name), number, allowed)


def _account_key(name: str) -> str:
    return "staff-login:account:" + _hashed(name)


def account_under_attack(username: str) -> bool:
    failures = ratelimit.count(_account_key(account_name(username)))
    return failures >= ACCOUNT_ALERT or ratelimit.count(GLOBAL_KEY) >= GLOBAL_ALERT


def failed(attempt: Attempt) -> None:
    """A checked attempt was wrong: it counts towards the account's and the platform's alerts.

    Attempts refused unchecked do not: one client hammering a locked pair must not be
    able to put the account under attack on its own.
    """
    ratelimit.increment(attempt.account_key, LOCK_SECONDS)
    ratelimit.increment(GLOBAL_KEY, LOCK_SECONDS)


def succeeded(attempt: Attempt) -> None:
    """A right sign-in: this client's attempts for the account are forgiven, and this one for the client."""
    ratelimit.reset(attempt.pair_key)
    RateCounter.objects.filter(key=attempt.client_key, count__gt=0).update(count=F("count") - 1)


def lock_minutes() -> int:
    return LOCK_SECONDS // 60
