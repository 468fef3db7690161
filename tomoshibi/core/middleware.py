"""Security middleware: who a client is never enters the application; every
response carries strict headers."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
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


def daily_secret() -> bytes:
    """A random secret for today, kept only in the cache and replaced daily.

    Rate limits key on an HMAC of the address under this secret, so a stored
    key cannot be linked to an address once the day's secret is gone.
    """
    cache_key = f"client-key-secret:{timezone.localdate().isoformat()}"
    secret = cache.get(cache_key)
    if secret is None:
        cache.add(cache_key, secrets.token_bytes(32), timeout=60 * 60 * 25)
        secret = cache.get(cache_key)
    return secret


def client_key(address: str) -> str:
    return hmac.new(daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]


class ScrubClientIdentityMiddleware:
    """Replace the client's address by a keyed hash and drop identifying headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = request.META.get("REMOTE_ADDR", "") or ""
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
