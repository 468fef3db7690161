"""Vault parameters that come from the deployment's settings."""

import hashlib

from django.conf import settings

from . import crypto


def kdf_cost() -> crypto.Cost:
    """Argon2id cost for new derivations; "interactive" unless VAULT_KDF_COST says otherwise.

    The cost is stored beside every salt, so changing it only affects new wraps.
    """
    return crypto.COSTS[getattr(settings, "VAULT_KDF_COST", "interactive")]


def new_kdf_params(*, peppered: bool = False) -> crypto.KdfParams:
    return crypto.KdfParams.new(kdf_cost(), peppered=peppered)


def server_key(purpose: str) -> bytes:
    """A server-side key for one purpose (receipt locators, lockout counters).

    VAULT_LOOKUP_SECRET lets SECRET_KEY rotate without losing every receipt;
    without it the key is derived from SECRET_KEY.
    """
    secret = getattr(settings, "VAULT_LOOKUP_SECRET", "") or settings.SECRET_KEY
    return hashlib.blake2b(secret.encode("utf-8"), digest_size=32, person=purpose.encode("ascii")[:16]).digest()


def receipt_lookup_key() -> bytes:
    return server_key("receipt-locator")


def server_key_secrets() -> list[str]:
    """VAULT_SERVER_KEY, then the retired keys of VAULT_SERVER_KEY_FALLBACKS (tried, never used for new data)."""
    return [settings.VAULT_SERVER_KEY, *getattr(settings, "VAULT_SERVER_KEY_FALLBACKS", [])]


def server_held_key(purpose: str, secret: str | None = None) -> bytes:
    """A key for one purpose derived from VAULT_SERVER_KEY (or a given retired key), never in the database.

    Used where a database copy alone must stay useless: the pepper mixed into staff
    password derivations and the encryption of connected channels' secrets.
    """
    key = (settings.VAULT_SERVER_KEY if secret is None else secret).encode("utf-8")
    return hashlib.blake2b(purpose.encode("utf-8"), digest_size=crypto.KEY_BYTES, key=key[:64]).digest()


def server_held_keys(purpose: str) -> list[bytes]:
    """The current key for this purpose first, then the ones from retired server keys."""
    return [server_held_key(purpose, secret) for secret in server_key_secrets()]


def password_peppers() -> list[bytes]:
    """Peppers for the keys derived from staff passwords: the current one first."""
    return server_held_keys("password-pepper")


def encrypt_server_secret(purpose: str, plaintext: bytes) -> bytes:
    """Encrypt a secret (an API token, a channel secret) under the server-held key."""
    return crypto.wrap(server_held_key(purpose), plaintext)


def decrypt_server_secret(purpose: str, ciphertext: bytes) -> bytes:
    """The secret back, under the current or a retired server key; crypto.WrongKey if none opens it."""
    for key in server_held_keys(purpose):
        try:
            return crypto.unwrap(key, bytes(ciphertext))
        except crypto.WrongKey:
            continue
    raise crypto.WrongKey("no server-held key opens this secret")
