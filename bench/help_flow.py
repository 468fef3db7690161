"""The help flow: server time for each step, against a static file served by the same server.

Run: .venv/bin/python bench/help_flow.py [--runs 30] [--language en]

It sets up a fresh database in a temporary folder (migrations, the bundled support directory,
compiled translations), starts the production server (waitress) on a free local port, and walks
the flow the way a browser does: each step is one POST of the answer plus the GET it is
redirected to, with cookies, CSRF token and gzip. The baseline, measured in the same run on the
same server, is GET /static/core/site.css (WhiteNoise). It prints the median per step, the
ratio to the baseline, and the bytes sent for the page.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from common import prepare_django

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEPS = [
    ("open", None, {}),
    ("safety", "safety", {"safe": "no"}),
    ("emergency", "emergency", {}),
    ("location", "location", {"postal_code": "530-0001"}),
    ("age", "age", {"age": "minor"}),
    ("situation", "situation", {"cards": ["sex_for_money", "images"]}),
    ("channel -> answer", "channel", {"channels": ["line", "phone"]}),
]


def start_server() -> str:
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    server = create_server(
        get_wsgi_application(),
        host="127.0.0.1",
        port=0,
        threads=2,
        trusted_proxy="127.0.0.1",
        trusted_proxy_headers={"x-forwarded-proto"},
    )
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}"


class Browser:
    """Cookies, the CSRF token from the last page, gzip, redirects: what a browser does, nothing more.

    The server runs as in production (DEBUG off), so it marks its cookies Secure and checks the
    Origin of every POST; the bench speaks plain HTTP on the loopback and says it came through a
    TLS proxy (X-Forwarded-Proto), as a deployment behind one does.
    """

    def __init__(self, base: str):
        address = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port)
        self.origin = f"https://{address.netloc}"
        self.cookies: dict[str, str] = {}
        self.page = ""
        self.sent = 0

    def send(self, method: str, path: str, body: bytes | None = None) -> http.client.HTTPResponse:
        headers = {"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https", "Origin": self.origin}
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def request(self, path: str, data: dict | None = None) -> float:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        response = self.send("POST" if body else "GET", path, body)
        raw = response.read()
        if response.status in (302, 303):
            response = self.send("GET", response.headers["Location"])
            raw = response.read()
        elapsed = time.perf_counter() - started
        assert response.status == 200, f"{path}: HTTP {response.status}"
        self.sent = len(raw)
        compressed = response.headers.get("Content-Encoding") == "gzip"
        self.page = (gzip.decompress(raw) if compressed else raw).decode()
        return elapsed

    def answer(self, path: str, step: str, answers: dict) -> float:
        token = CSRF_FIELD.search(self.page).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, "step": step, "action": "next", **answers})


def walk(base: str, language: str) -> dict[str, tuple[float, int]]:
    """Seconds and bytes sent for each step of one walk through the flow."""
    browser = Browser(base)
    path = f"/{language}/help/"
    timings = {}
    for name, step, answers in STEPS:
        seconds = browser.request(path) if step is None else browser.answer(path, step, answers)
        timings[name] = (seconds, browser.sent)
    assert 'href="tel:' in browser.page, "the walk did not reach the answer page"
    return timings


def baseline(base: str, runs: int) -> float:
    browser = Browser(base)
    return statistics.median(browser.request("/static/core/site.css") for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--language", default="en")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tomoshibi-bench-") as folder:
        prepare_django(Path(folder))
        base = start_server()
        walk(base, options.language)  # warm up: templates, catalogues and the directory cache
        static = baseline(base, options.runs * 5)
        walks = [walk(base, options.language) for _ in range(options.runs)]
    print(f"help flow in '{options.language}', median of {options.runs} walks; baseline: a static file")
    print(f"{'step':<20} {'median':>10} {'ratio':>8} {'page sent':>10}")
    print(f"{'static site.css':<20} {static * 1000:>7.2f} ms {1:>7.1f}x")
    for name, _step, _answers in STEPS:
        median = statistics.median(timings[name][0] for timings in walks)
        sent = walks[-1][name][1]
        print(f"{name:<20} {median * 1000:>7.2f} ms {median / static:>7.1f}x {sent:>8} B")


if __name__ == "__main__":
    main()
