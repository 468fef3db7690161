"""Deployment mistakes that still let the platform start, reported by Django's system checks.

`tomoshibi serve` (like every management command) runs these checks and prints the warnings.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})  # noqa: S104 - names, not a bind


@register()
def site_url_is_public(app_configs=None, **kwargs) -> list[Warning]:
    """Posters' QR codes and letters carry SITE_URL: a local address there leads people nowhere."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if settings.DEBUG or host not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL}, a local address, while DEBUG is off.",
            hint="Set SITE_URL to the public address (https://...) so posters' QR codes lead people to this site.",
            id="tomoshibi.W001",
        )
    ]
