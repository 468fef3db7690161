"""Loaded by pytest with `-p` before Django starts: tests run as production does.

DEBUG is off, with a fresh random secret key for each run, and the quick exit
leads to a neutral address that the browser tests answer locally.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("VAULT_SERVER_KEY", secrets.token_urlsafe(32))
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("QUICK_EXIT_URL", "http://neutral.example/")
# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made by the same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
