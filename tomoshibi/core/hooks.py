"""Hooks: what an app announces to the layers below it, which never import it.

A lower layer declares a hook with the answer it gives when no installed app fills it; an app
fills it from its AppConfig.ready(). So an optional app can leave INSTALLED_APPS and nothing
below it breaks, and the import contracts (docs/architecture.md) hold.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Hook:
    def __init__(self, name: str, default: Callable[..., Any]):
        self.name = name
        self.default = default
        self.provider: Callable[..., Any] | None = None

    def provide(self, provider: Callable[..., Any]) -> None:
        """Fill the hook; two apps filling one hook is a configuration error, not a silent choice."""
        if self.provider not in (None, provider):
            raise ImproperlyConfigured(f"the hook {self.name} is already filled by {self.provider!r}")
        self.provider = provider

    def __call__(self, *args, **kwargs):
        return (self.provider or self.default)(*args, **kwargs)


def no_reporting() -> dict:
    return {"open": False, "national": False}


# Where the site sends people to report content: {"open": this site takes reports,
# "national": the national hotline is in the directory}. The hotline app fills it.
reporting_links = Hook("reporting_links", default=no_reporting)


def no_referral_cards(conversation, private_key: bytes) -> list:
    return []


# What other organisations propose to the person of a conversation, opened with their key,
# shown in their thread. The referrals app fills it.
referral_cards = Hook("referral_cards", default=no_referral_cards)


def no_referrals(organisation) -> None:
    return None


# How many referrals wait for this organisation's answer (the person agreed, nobody answered yet),
# for its inbox; None when no app takes referrals. The referrals app fills it.
referrals_waiting = Hook("referrals_waiting", default=no_referrals)
