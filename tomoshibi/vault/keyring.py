"""Private keys held for a browser session, never in clear on the server.

A private key unwrapped at login (or derived from a receipt) is kept in the
session only encrypted under a random key that lives in a separate HttpOnly
cookie. The session row alone (a stolen database or backup) is useless, and so
is the cookie alone; logging out or the quick exit flushes the session.

The cookie's key is made only by the server: the session keeps a keyed fingerprint of the key
it issued, and a cookie that does not match it (a value a client or another site chose) is
ignored and replaced, so nobody can make a session seal its secrets under a key they know.
"""

import base64
import binascii
import hashlib
import hmac

from django.conf import settings

from . import crypto
from .keys import server_held_key

# With TLS (DEBUG off) `__Host-tomoshibi_keyring`, like every cookie of the site.
COOKIE_NAME = f"{settings.COOKIE_PREFIX}tomoshibi_keyring"
SESSION_FIELD = "vault_keyring"
ISSUED_FIELD = "vault_keyring_issued"


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def fingerprint(cookie_key: bytes) -> str:
    """What the session keeps of the key it issued: a keyed hash, useless without the server key."""
    return hashlib.blake2b(cookie_key, digest_size=32, key=server_held_key("keyring-cookie")).hexdigest()


def issued_for(session, cookie_key: bytes | None) -> bool:
    """True when this session's server made this cookie key."""
    issued = session.get(ISSUED_FIELD, "")
    if cookie_key is None or len(cookie_key) != crypto.KEY_BYTES or not issued:
        return False
    return hmac.compare_digest(issued, fingerprint(cookie_key))


class Keyring:
    """The secrets of one request's session. Call `attach(response)` after `put`."""

    def __init__(self, request):
        self.request = request
        cookie_key = _decode(request.COOKIES.get(COOKIE_NAME, ""))
        self.is_new = not issued_for(request.session, cookie_key)
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
        if self.is_new:
            self.request.session[ISSUED_FIELD] = fingerprint(self.cookie_key)

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
    request.session.pop(ISSUED_FIELD, None)
    response.delete_cookie(COOKIE_NAME, samesite="Lax")


def keyring_for(request) -> Keyring:
    """One keyring per request, so that every `put` uses the same cookie key."""
    if not hasattr(request, "_vault_keyring"):
        request._vault_keyring = Keyring(request)
    return request._vault_keyring
