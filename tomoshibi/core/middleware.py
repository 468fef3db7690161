"""Security middleware: who a client is never enters the application; every
response carries strict headers."""

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.utils import timezone

# Headers that identify a client or its software. They are removed from every
# request before any view, log or database write can see them.
IDENTIFYING_META = (
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


_DAILY_SECRET: dict[str, bytes] = {}


def daily_secret() -> bytes:
    """A random secret for today, held only in this process's memory and replaced daily.

    Rate limits key on an HMAC of the address under this secret. The secret is
    never written anywhere, so a copy of the database, a backup or a log cannot
    link a stored key back to an address, and yesterday's keys are unlinkable
    even here. (Each process has its own secret: with several processes a
    client's limit is counted per process.)
    """
    today = timezone.localdate().isoformat()
    if today not in _DAILY_SECRET:
        _DAILY_SECRET.clear()
        _DAILY_SECRET[today] = secrets.token_bytes(32)
    return _DAILY_SECRET[today]


def client_key(address: str) -> str:
    return hmac.new(daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]


def client_address(meta) -> str:
    """The connecting address, or the one a trusted reverse proxy reports for it.

    Behind a proxy every request comes from the proxy's address, so rate limits
    would be shared by everyone; the proxy's header is believed only when the
    request really comes from one of TRUSTED_PROXIES.
    """
    address = meta.get("REMOTE_ADDR", "") or ""
    header = settings.TRUSTED_PROXY_HEADER
    if header and address in settings.TRUSTED_PROXIES and meta.get(header):
        return meta[header].split(",")[0].strip()
    return address


class ScrubClientIdentityMiddleware:
    """Replace the client's address by a keyed hash and drop identifying headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request.META)
        request.client_key = client_key(address) if address else ""
        request.META["REMOTE_ADDR"] = ""
        for name in IDENTIFYING_META:
            request.META.pop(name, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Strict headers on every response; no caching of anything but static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
        return response


# Language tags browsers send that Django knows under another code: phones set to Filipino send
# `fil` (ISO 639-2), while Django and our catalogues use `tl`.
LANGUAGE_ALIASES = {"fil": "tl"}
LANGUAGE_TAG = re.compile(r"(?<![\w-])(?P<tag>[A-Za-z]{2,3})(?=[-_;,\s]|$)")


def with_language_aliases(header: str) -> str:
    return LANGUAGE_TAG.sub(lambda match: LANGUAGE_ALIASES.get(match["tag"].lower(), match["tag"]), header)


class LanguageAliasMiddleware:
    """Read `Accept-Language` with the aliases above, before Django's LocaleMiddleware picks a language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = with_language_aliases(header)
        return self.get_response(request)
