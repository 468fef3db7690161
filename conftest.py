"""Test settings and shared fixtures.

Tests run with DEBUG off, as production does, with a fresh random secret key.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("QUICK_EXIT_URL", "https://neutral.example/")
# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made by the same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tomoshibi.core.tests.browser"]
