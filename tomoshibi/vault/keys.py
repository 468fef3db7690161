"""Vault parameters that come from the deployment's settings."""

import hashlib

from django.conf import settings

from . import crypto


def kdf_cost() -> crypto.Cost:
    """Argon2id cost for new derivations; "interactive" unless VAULT_KDF_COST says otherwise.

    The cost is stored beside every salt, so changing it only affects new wraps.
    """
    return crypto.COSTS[getattr(settings, "VAULT_KDF_COST", "interactive")]


def new_kdf_params() -> crypto.KdfParams:
    return crypto.KdfParams.new(kdf_cost())


def server_key(purpose: str) -> bytes:
    """A server-side key for one purpose (receipt locators, lockout counters).

    VAULT_LOOKUP_SECRET lets SECRET_KEY rotate without losing every receipt;
    without it the key is derived from SECRET_KEY.
    """
    secret = getattr(settings, "VAULT_LOOKUP_SECRET", "") or settings.SECRET_KEY
    return hashlib.blake2b(secret.encode("utf-8"), digest_size=32, person=purpose.encode("ascii")[:16]).digest()


def receipt_lookup_key() -> bytes:
    return server_key("receipt-locator")
