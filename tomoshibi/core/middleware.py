"""Security middleware: who a client is never enters the application; every
response carries strict headers."""

import codecs
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.shortcuts import render
from django.utils import timezone, translation

from .addresses import rate_limit_block
from .api_errors import error_response, is_api_path

# Headers that identify a client or its software. They are removed from every
# request before any view, log or database write can see them.
IDENTIFYING_META = (
    # The client's host name (servers that resolve it) and source port: with a time, each
    # identifies a connection as surely as its address does.
    "REMOTE_HOST",
    "REMOTE_PORT",
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
    """The keyed hash rate limits count by: of the IPv4 address, or of the IPv6 /64 (see core.addresses)."""
    return hmac.new(daily_secret(), rate_limit_block(address).encode(), hashlib.sha256).hexdigest()[:32]


def client_address(meta) -> str:
    """The connecting address, or the one a trusted reverse proxy reports for it.

    Behind a proxy every request comes from the proxy's address, so rate limits
    would be shared by everyone; the proxy's header is believed only when the
    request really comes from one of TRUSTED_PROXIES.
    """
    address = meta.get("REMOTE_ADDR", "") or ""
    header = settings.TRUSTED_PROXY_HEADER
    if header and address in settings.TRUSTED_PROXIES and meta.get(header):
        # The last entry is the one the proxy added; earlier ones (X-Forwarded-For) are the client's to invent.
        return meta[header].split(",")[-1].strip()
    return address


class ScrubClientIdentityMiddleware:
    """Replace the client's address by a keyed hash and drop identifying headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request.META)
        request.client_key = client_key(address) if address else ""
        if request.META.get("REMOTE_ADDR") not in settings.TRUSTED_PROXIES:
            # Only the proxy may say the connection was HTTPS (SECURE_PROXY_SSL_HEADER believes this header).
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        request.META["REMOTE_ADDR"] = ""
        for name in IDENTIFYING_META:
            request.META.pop(name, None)
        return self.get_response(request)


# Form and JSON bodies are read as UTF-8 (every page is UTF-8, JSON must be): a body declared in
# another charset (utf-16, say) would be decoded into nonsense or fail deep inside a view.
READABLE_CHARSETS = {"utf-8", "ascii"}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unreadable_charset(request) -> bool:
    charset = request.content_params.get("charset") if request.content_params else None
    if not charset:
        return False
    try:
        return codecs.lookup(charset).name not in READABLE_CHARSETS
    except LookupError:
        return True


def larger_body_limit(path: str) -> int | None:
    """The body size LARGER_BODIES allows on `path` (its first pattern `path` matches in full), if any."""
    for pattern, limit in getattr(settings, "LARGER_BODIES", {}).items():
        if re.fullmatch(pattern, path):
            return int(limit)
    return None


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps an upload in memory whatever its size, never in a temporary file: the body's size is checked first."""

    def handle_raw_input(self, *args, **kwargs) -> None:
        self.activated = True


def parse_parameters(request) -> None:
    """Parse the query string and a form body now, so that too many fields fail here, not in a view.

    The body is read first (bounded by DATA_UPLOAD_MAX_MEMORY_SIZE), so that a view reading
    `request.body` (the JSON API) still can. The few upload routes named in LARGER_BODIES take a
    multipart body up to their own limit instead, parsed as it streams and held in memory only.
    """
    request.GET  # noqa: B018 - parsing is the point
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return
    limit = larger_body_limit(request.path_info) if request.content_type == "multipart/form-data" else None
    if limit is None:
        request.body  # noqa: B018
    elif int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise RequestDataTooBig("the body is larger than this route takes")
    else:
        request.upload_handlers = [InMemoryUploadHandler(request)]
    request.POST  # noqa: B018


class MalformedRequestMiddleware:
    """Answer 400 to a request the site cannot read, in both modes, before any view or error page tries.

    More than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, a body over the size limit, or a charset
    other than UTF-8. Django would raise inside a view (a 500 with DEBUG on, where the error page
    itself reads the parameters again); here the answer is a plain 400, in JSON under /api/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unreadable_charset(request):
            return bad_request(request, "send the body in UTF-8")
        try:
            parse_parameters(request)
        except SuspiciousOperation:
            request._mark_post_parse_error()
            return bad_request(request, "too many parameters or too large a body")
        return self.get_response(request)


def bad_request(request, message: str):
    if is_api_path(request.path):
        return error_response(400, message)
    # LocaleMiddleware has not run yet: answer in the language of the address.
    with translation.override(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE):
        return render(request, "core/400.html", status=400)


# Headers of an error answer that still apply once its body is replaced.
KEPT_ERROR_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ApiErrorShapeMiddleware:
    """Give every error answer under /api/ the one JSON shape, whoever made it.

    Django and ninja answer some errors themselves in HTML or plain text: 405 for a method a
    path does not offer, and, with DEBUG on, the technical 404 page. A client must be able to
    read every error the same way. (Waitress's own 413, before Django runs, stays plain text.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api_path(request.path) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        shaped = error_response(response.status_code)
        for name in KEPT_ERROR_HEADERS:
            if name in response:
                shaped[name] = response[name]
        return shaped


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
# `fil` (ISO 639-2), while Django and our catalogues use `tl`; some Android phones still send `in`,
# the old code of Indonesian.
LANGUAGE_ALIASES = {"fil": "tl", "in": "id"}
LANGUAGE_TAG = re.compile(r"(?<![\w-])(?P<tag>[A-Za-z]{2,3})(?=[-_;,\s]|$)")
# Chinese with a script and a region (zh-Hant-TW, zh-Hans-CN): Django would take only `zh` from it
# and give the first Chinese of the list; the script is what the person reads.
CHINESE_SCRIPT_AND_REGION = re.compile(r"(?<![\w-])(?P<tag>zh-han[st])-[a-z0-9]{2,8}(?![\w-])", re.IGNORECASE)


def with_language_aliases(header: str) -> str:
    header = CHINESE_SCRIPT_AND_REGION.sub(lambda match: match["tag"], header)
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
