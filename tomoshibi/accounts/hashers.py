"""The sign-in password hash, keyed with a server-held pepper.

Without it a copy of the database would let an attacker test guesses against
Django's password hash, find a weak password, and sign in with it (the TOTP
secret is in the database too). Keyed with the pepper, the stored hash can only
be checked by someone who also holds VAULT_SERVER_KEY.
"""

import base64
import hashlib
import hmac

from django.contrib.auth.hashers import Argon2PasswordHasher

from tomoshibi.vault.keys import server_held_key, server_key_secrets

PURPOSE = "password-hash-pepper"


def peppered_password(password: str, pepper: bytes) -> str:
    digest = hmac.new(pepper, password.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def hash_peppers() -> list[bytes]:
    return [server_held_key(PURPOSE, secret) for secret in server_key_secrets()]


class PepperedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id (Django's defaults: 2 passes, 100 MiB) over HMAC-SHA256(pepper, password).

    A hash made under a retired server key (VAULT_SERVER_KEY_FALLBACKS) still verifies;
    the sign-in that finds the member's keys under a retired key hashes the password again.
    """

    algorithm = "argon2_peppered"

    def encode(self, password, salt):
        return super().encode(peppered_password(password, hash_peppers()[0]), salt)

    def verify(self, password, encoded):
        # Every pepper is tried (no early exit), so the time does not tell which key made the hash.
        matched = False
        for pepper in hash_peppers():
            matched = super().verify(peppered_password(password, pepper), encoded) or matched
        return matched
