"""The staff session: signed in with password and TOTP, short when idle, re-confirmed for risky steps.

Times are kept in the session as Unix seconds. The organisation keys it holds
live in the vault keyring (see tomoshibi.vault.keyring), never in clear.
"""

import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django_otp import login as otp_login

from tomoshibi.vault import keyring

from .keys import remember_organisation_key

FIELD = "staff_session"
ACTIVE, EXPIRED, ABSENT = "active", "expired", "absent"


def idle_seconds() -> int:
    return int(getattr(settings, "STAFF_IDLE_MINUTES", 15)) * 60


def confirmation_seconds() -> int:
    return int(getattr(settings, "STAFF_REAUTH_MINUTES", 5)) * 60


def start(request, user, device, opened_keys: dict[int, bytes]) -> None:
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    for organisation_id, private_key in opened_keys.items():
        remember_organisation_key(request, organisation_id, private_key)
    now = time.time()
    request.session[FIELD] = {"seen": now, "confirmed": now}


def status(request) -> str:
    state = request.session.get(FIELD)
    user = request.user
    if not (state and user.is_authenticated and user.is_verified() and hasattr(user, "staff_profile")):
        return ABSENT
    if time.time() - state["seen"] > idle_seconds():
        return EXPIRED
    return ACTIVE


def touch(request) -> None:
    state = dict(request.session[FIELD])
    state["seen"] = time.time()
    request.session[FIELD] = state


def confirm(request) -> None:
    state = dict(request.session[FIELD])
    state["confirmed"] = time.time()
    request.session[FIELD] = state


def recently_confirmed(request) -> bool:
    state = request.session.get(FIELD) or {}
    return time.time() - state.get("confirmed", 0) <= confirmation_seconds()


def end(request, response) -> None:
    """Sign out: flush the session and drop the keyring cookie."""
    auth_logout(request)
    keyring.forget(request, response)
