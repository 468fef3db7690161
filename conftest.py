"""Shared fixtures; the test environment itself is set in tomoshibi/core/tests/environment.py."""

import pytest

pytest_plugins = ["tomoshibi.core.tests.browser"]

# Argon2id at the test suite's cost for every test, not only those of the apps whose conftest loads the
# personas: a test about a real cost sets its own. (Production settings are untouched.)
from tomoshibi.testing.costs import fast_key_derivation  # noqa: E402, F401


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Pages are checked in several languages, so the catalogues must be compiled (.mo files are not in git).

    `make test` compiles them first; this makes a plain `pytest` on a fresh checkout right too. Each
    worker compiles, and each file is replaced atomically, so no worker reads one half written.
    """
    from django.utils.translation import trans_real

    from tomoshibi.core.i18n import compile_catalogues

    compile_catalogues()
    trans_real._translations = {}
    trans_real._default = None
