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


def server_held_key(purpose: str) -> bytes:
    """A key for one purpose derived from VAULT_SERVER_KEY, which is never in the database.

    Used where a database copy alone must stay useless: the pepper mixed into staff
    password derivations and the encryption of connected channels' secrets.
    """
    secret = settings.VAULT_SERVER_KEY.encode("utf-8")
    return hashlib.blake2b(purpose.encode("utf-8"), digest_size=crypto.KEY_BYTES, key=secret[:64]).digest()


def encrypt_server_secret(purpose: str, plaintext: bytes) -> bytes:
    """Encrypt a secret (an API token, a channel secret) under the server-held key."""
    return crypto.wrap(server_held_key(purpose), plaintext)


def decrypt_server_secret(purpose: str, ciphertext: bytes) -> bytes:
    """The secret back; raises crypto.WrongKey if the server key has changed."""
    return crypto.unwrap(server_held_key(purpose), bytes(ciphertext))
