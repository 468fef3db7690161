"""Absolute links for e-mails and terminal output."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(view_name: str, *, language: str | None = None, **kwargs) -> str:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        path = reverse(view_name, kwargs=kwargs or None)
    return settings.SITE_URL.rstrip("/") + path
