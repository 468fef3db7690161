"""The security baseline: headers on every response, no client identity anywhere."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from config.settings import check_secret_key

pytestmark = pytest.mark.django_db

DISTINCTIVE_ADDRESS = "203.0.113.77"
DISTINCTIVE_FORWARDED = "198.51.100.42"
DISTINCTIVE_AGENT = "DistinctiveAgent/9.8.7 (tomoshibi-leak-probe)"
DISTINCTIVE_HOST = "probe-host.leak-probe.example"
IDENTITY = {
    "REMOTE_ADDR": DISTINCTIVE_ADDRESS,
    "REMOTE_HOST": DISTINCTIVE_HOST,
    "REMOTE_PORT": "61937",
    "HTTP_X_FORWARDED_FOR": f"{DISTINCTIVE_FORWARDED}, {DISTINCTIVE_ADDRESS}",
    "HTTP_X_REAL_IP": DISTINCTIVE_FORWARDED,
    "HTTP_USER_AGENT": DISTINCTIVE_AGENT,
}
NEEDLES = (DISTINCTIVE_ADDRESS, DISTINCTIVE_FORWARDED, "DistinctiveAgent", "tomoshibi-leak-probe", DISTINCTIVE_HOST)


def plain_public_paths() -> list[str]:
    """Every URL without parameters under each language, plus the top-level ones."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern.pattern, LocalePrefixPattern):
                for code, _name in settings.LANGUAGES:
                    walk(pattern.url_patterns, f"{prefix}{code}/")
                continue
            route = str(pattern.pattern)
            if "<" in route or route.startswith("^") or "admin" in route:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                paths.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted({p.replace("//", "/") for p in paths})


def all_database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_it_sets_the_security_headers_on_public_pages(client):
    for path in ("/ja/", "/en/", "/en/no-trace/", "/en/no-such-page/"):
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "http" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "camera=()" in response["Permissions-Policy"]
        assert "no-store" in response["Cache-Control"]


def test_it_sends_hsts_and_secure_cookies_with_debug_off(client):
    assert not settings.DEBUG
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE


@pytest.mark.parametrize("key", ["", "short", "insecure-" + "x" * 60, "a" * 60, "change-me-" + "ab" * 30])
def test_it_refuses_a_weak_secret_key_in_production(key):
    with pytest.raises(ImproperlyConfigured):
        check_secret_key(key, debug=False)


def test_the_command_says_what_to_set_when_the_secret_key_is_missing(tmp_path):
    """An operator running a command without SECRET_KEY gets the fix in one line, not a traceback."""
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    environment |= {"TOMOSHIBI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "tomoshibi.cli", "check"],
        capture_output=True, text=True, env=environment, cwd=Path(settings.BASE_DIR), timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("error: SECRET_KEY must be set") and "DEBUG=1" in done.stderr
    assert "Traceback" not in done.stderr


def test_it_accepts_a_random_secret_key_and_any_key_in_debug():
    check_secret_key("k3J9v0q_Zt2mW8xR1pL5sN7bC4dF6gH0jK2lM9nQ3rT5uV7wY1zA", debug=False)
    check_secret_key("", debug=True)


def test_it_never_logs_or_stores_a_client_address_or_user_agent(caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(enforce_csrf_checks=True, **IDENTITY)
    paths = plain_public_paths()
    assert "/ja/" in paths and "/en/no-trace/" in paths
    for path in [*paths, "/en/no-such-page/", "/exit/"]:
        client.get(path)
        client.post(path, {"probe": DISTINCTIVE_AGENT})
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    stored = all_database_text()
    for needle in NEEDLES:
        assert needle not in logged
        assert needle not in stored


def test_it_gives_each_client_a_keyed_hash_not_its_address(rf):
    from tomoshibi.core.middleware import ScrubClientIdentityMiddleware

    seen = {}

    def view(request):
        seen.update(meta=dict(request.META), key=request.client_key)

    ScrubClientIdentityMiddleware(view)(rf.get("/", **IDENTITY))
    assert seen["meta"]["REMOTE_ADDR"] == ""
    assert "HTTP_USER_AGENT" not in seen["meta"] and "HTTP_X_FORWARDED_FOR" not in seen["meta"]
    assert "REMOTE_HOST" not in seen["meta"] and "REMOTE_PORT" not in seen["meta"]
    assert len(seen["key"]) == 32 and DISTINCTIVE_ADDRESS not in seen["key"]


def test_it_refuses_a_form_post_without_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/", {"anything": "1"})
    assert response.status_code in (403, 405)


MESSAGE = "Kinuha nila ang pasaporte ko. <b>Tulong</b>"


def test_a_refused_form_shows_back_what_the_person_wrote_when_sent_from_this_site():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/consult/", {"body": MESSAGE}, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "What you wrote was not sent" in page
    assert "Kinuha nila ang pasaporte ko. &lt;b&gt;Tulong&lt;/b&gt;" in page  # escaped, never markup


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_a_refused_form_from_elsewhere_shows_nothing_it_carried(site):
    client = Client(enforce_csrf_checks=True)
    headers = {"Sec-Fetch-Site": site} if site else {}
    page = client.post("/en/consult/", {"body": MESSAGE}, headers=headers).content.decode()
    assert "pasaporte" not in page and "What you wrote was not sent" not in page
