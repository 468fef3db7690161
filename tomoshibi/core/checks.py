"""Deployment mistakes that still let the platform start, reported by Django's system checks.

`tomoshibi serve` (like every management command) runs these checks and prints the warnings.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

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


MINIMUM_AUDIT_RETENTION_DAYS = 365


@register()
def audit_retention_is_long_enough(app_configs=None, **kwargs) -> list[Error]:
    """A short setting would delete the trail of who did what before anyone could ask."""
    days = settings.AUDIT_RETENTION_DAYS
    if days >= MINIMUM_AUDIT_RETENTION_DAYS:
        return []
    return [
        Error(
            f"AUDIT_RETENTION_DAYS is {days}; keep the audit trail at least {MINIMUM_AUDIT_RETENTION_DAYS} days.",
            hint="Unset it for the default of three years, or set 365 or more.",
            id="tomoshibi.E001",
        )
    ]
