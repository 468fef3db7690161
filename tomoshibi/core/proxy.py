"""The reverse proxy in front of waitress: believed only when the connection comes from it.

Waitress takes one trusted proxy address (or any); TRUSTED_PROXIES may name several (an IPv4
and an IPv6 loopback, two proxies). So waitress's own proxy-header translation is applied here,
per connection: from a trusted proxy `X-Forwarded-Proto` sets the URL scheme (so
`request.is_secure()` is true behind a TLS proxy, and HSTS and secure cookies follow); from
anyone else every proxy header is removed before the application sees it. The client's own
address is not translated here: the trusted proxy's headers are all passed on (waitress would
otherwise drop `X-Forwarded-For`, and everyone behind the proxy would share one rate-limit key),
and the application hashes the one named by TRUSTED_PROXY_HEADER and then removes every
identifying header (core.middleware.ScrubClientIdentityMiddleware). Django believes neither
`X-Forwarded-Host` nor `X-Forwarded-Port` (USE_X_FORWARDED_HOST and _PORT stay off).
"""

from waitress.proxy_headers import proxy_headers_middleware

# The only header waitress is told to believe: the scheme the client used with the proxy.
TRUSTED_HEADERS = {"x-forwarded-proto"}


def behind_trusted_proxies(application, proxies):
    """The WSGI application with proxy headers believed only from `proxies` (addresses)."""
    trusted = proxy_headers_middleware(
        application, trusted_proxy="*", trusted_proxy_headers=TRUSTED_HEADERS, clear_untrusted=False
    )
    untrusted = proxy_headers_middleware(application, trusted_proxy=None)
    proxies = frozenset(proxies)

    def dispatch(environ, start_response):
        handler = trusted if environ.get("REMOTE_ADDR") in proxies else untrusted
        return handler(environ, start_response)

    return dispatch
