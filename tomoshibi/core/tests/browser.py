"""Browser fixtures: Debian's Chromium driven by Playwright, checked with axe-core.

Where no Chromium exists the browser tests skip with a clear message, except
when TOMOSHIBI_REQUIRE_BROWSER is set (as CI does): then they fail.
"""

import os
import shutil
import threading
import weakref
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NEUTRAL_HOST = "neutral.example"
NEUTRAL_URL = f"http://{NEUTRAL_HOST}/"
PHONE = {"width": 360, "height": 640}
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_missing_reason() -> str | None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return None
    return f"Chromium not found at {CHROMIUM}: install Debian's package with `apt-get install chromium`."


class NeutralSite(BaseHTTPRequestHandler):
    """Stands in for the outside site the quick exit leads to."""

    def do_GET(self):
        body = NEUTRAL_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def neutral_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NeutralSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="session")
def chromium(neutral_site):
    reason = chromium_missing_reason()
    if reason:
        if os.environ.get("TOMOSHIBI_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # The neutral host resolves to the local stand-in, so no request leaves the machine.
        rules = f"--host-resolver-rules=MAP {NEUTRAL_HOST} 127.0.0.1:{neutral_site}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, rules])
        yield browser
        browser.close()


JAVASCRIPT_DISABLED: "weakref.WeakSet" = weakref.WeakSet()


def open_phone_page(chromium, *, javascript=True, locale="en-US"):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=javascript, locale=locale, is_mobile=True)
    if not javascript:
        JAVASCRIPT_DISABLED.add(context)
    return context, context.new_page()


@pytest.fixture
def phone(chromium):
    context, page = open_phone_page(chromium)
    yield page
    context.close()


@pytest.fixture
def phone_without_js(chromium):
    context, page = open_phone_page(chromium, javascript=False)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.x A/AA violation on the page as it stands.

    axe-core is a script: on a page opened with JavaScript disabled it cannot
    run, so check the same pages in a JavaScript walk instead.
    """
    if page.context in JAVASCRIPT_DISABLED:
        raise RuntimeError("axe-core cannot run with JavaScript disabled: check this page in a JavaScript walk")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            }
        },
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()
