"""Argon2id at a test-suite cost, for every test that is not about hashing: loaded by the root conftest.py.

Key derivation (VAULT_KDF_COST) runs at libsodium's minimal cost and passwords are hashed with
Argon2id at a small cost, which changes only the speed: the cost is stored with every salt and
every hash. Production settings are untouched. Nothing here imports an optional app, so the
suite's settings variants (without the hotline) load it too.
"""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from tomoshibi.accounts.hashers import PepperedArgon2PasswordHasher

QUICK_PASSWORD_HASHERS = [
    "tomoshibi.testing.costs.QuickPepperedArgon2PasswordHasher",
    "tomoshibi.testing.costs.QuickArgon2PasswordHasher",
]


@pytest.fixture(autouse=True)
def fast_key_derivation(settings):
    settings.VAULT_KDF_COST = "minimal"
    settings.PASSWORD_HASHERS = QUICK_PASSWORD_HASHERS


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id as in production, at a test-suite cost."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


class QuickPepperedArgon2PasswordHasher(PepperedArgon2PasswordHasher):
    """The peppered sign-in hash as in production, at a test-suite cost."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
