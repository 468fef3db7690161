"""Private keys held for a browser session, never in clear on the server.

A private key unwrapped at login (or derived from a receipt) is kept in the
session only encrypted under a random key that lives in a separate HttpOnly
cookie. The session row alone (a stolen database or backup) is useless, and so
is the cookie alone; logging out or the quick exit flushes the session.
"""

import base64
import binascii

from django.conf import settings

from . import crypto

COOKIE_NAME = "tomoshibi_keyring"
SESSION_FIELD = "vault_keyring"


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


class Keyring:
    """The secrets of one request's session. Call `attach(response)` after `put`."""

    def __init__(self, request):
        self.request = request
        cookie_key = _decode(request.COOKIES.get(COOKIE_NAME, ""))
        self.is_new = cookie_key is None or len(cookie_key) != crypto.KEY_BYTES
        self.cookie_key = crypto.new_key() if self.is_new else cookie_key
        # Entries under an earlier cookie key can no longer be opened: the first put drops them.
        self.stale = self.is_new
        self.used = False

    def entries(self) -> dict:
        return self.request.session.get(SESSION_FIELD, {})

    def put(self, name: str, secret: bytes) -> None:
        entries = {} if self.stale else dict(self.entries())
        self.stale = False
        self.used = True
        entries[name] = _encode(crypto.wrap(self.cookie_key, secret))
        self.request.session[SESSION_FIELD] = entries

    def get(self, name: str) -> bytes | None:
        wrapped = _decode(self.entries().get(name, ""))
        if not wrapped or self.is_new:
            return None
        try:
            return crypto.unwrap(self.cookie_key, wrapped)
        except crypto.WrongKey:
            return None

    def remove(self, name: str) -> None:
        entries = dict(self.entries())
        if entries.pop(name, None) is not None:
            self.request.session[SESSION_FIELD] = entries

    def attach(self, response) -> None:
        """Send the cookie key when it was made in this request and something was sealed with it."""
        if self.is_new and self.used:
            response.set_cookie(
                COOKIE_NAME,
                _encode(self.cookie_key),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )


def forget(request, response) -> None:
    """Drop every secret: the session entries and the cookie that opens them."""
    request.session.pop(SESSION_FIELD, None)
    response.delete_cookie(COOKIE_NAME, samesite="Lax")


def keyring_for(request) -> Keyring:
    """One keyring per request, so that every `put` uses the same cookie key."""
    if not hasattr(request, "_vault_keyring"):
        request._vault_keyring = Keyring(request)
    return request._vault_keyring
