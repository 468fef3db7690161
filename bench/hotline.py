"""Anonymous reports under load: 500 people send the report form at the same moment to a real server.

Run: .venv/bin/python bench/hotline.py [--submissions 500] [--threads 8]
     (a fresh SQLite database in a temporary folder; set DATABASE_URL to use PostgreSQL instead)

It starts `tomoshibi serve --no-worker` on a free port of 127.0.0.1 with a new database and a hotline desk,
then lets every simulated person open the form (a CSRF token and cookie each, on their own connection),
waits until all have it, and releases all the submissions at once. Each acknowledged submission (a page
with a receipt) must be stored exactly once: its address's hash is found in exactly one reported
address, every receipt is different, and a sample of receipts is looked up through the status API.
In the same run, the same number of people load a static page (how to leave no trace) at once: the
baseline. It prints both rates and their ratio, then exits with status 1 if any submission was refused
or failed, or any report was stored twice, not at all, or without its receipt reaching the person.
Each report costs an Argon2id derivation of the production profile (64 MiB), which is most of the
difference.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from common import ROOT, bench_environment

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'<p class="receipt" id="receipt">(\d{4} \d{4} \d{4} \d{4})</p>')
# One machine sends every report here, so the per-connection limit of the public form is lifted.
SETTINGS_MODULE = (
    "from config.settings import *  # noqa\n\nHOTLINE_REPORTS_PER_HOUR = 10**9\nHOTLINE_STATUS_CHECKS = 10**9\n"
)
STATUS_SAMPLE = 20
TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_environment(folder: Path) -> dict[str, str]:
    (folder / "bench_hotline_settings.py").write_text(SETTINGS_MODULE)
    return {
        **os.environ,
        **bench_environment(folder),
        "DJANGO_SETTINGS_MODULE": "bench_hotline_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


def set_up_database(env: dict[str, str]):
    """Migrate and create a hotline desk, in this process (with the server's settings)."""
    os.environ.update(env)
    sys.path[:0] = [p for p in env["PYTHONPATH"].split(os.pathsep) if p]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tomoshibi.accounts.actions import do_create_organisation
    from tomoshibi.hotline.actions import do_create_desk

    call_command("migrate", verbosity=0)
    slug = f"bench-{secrets.token_hex(4)}"
    organisation, _recovery, _private = do_create_organisation(name="Bench hotline", slug=slug)
    desk = do_create_desk(organisation)
    connections.close_all()
    return desk


def start_server(env: dict[str, str], port: int, threads: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "tomoshibi.cli", "serve", "--no-worker", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(threads)]
    # The server's own log (waitress warns when its queue is deep) goes to a file beside the database.
    log = open(Path(env["TOMOSHIBI_DATA_DIR"]) / "server.log", "w")  # noqa: SIM115 (closed with the folder)
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/en/report/").status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    log.flush()
    details = (Path(env["TOMOSHIBI_DATA_DIR"]) / "server.log").read_text()[-2000:]
    raise SystemExit(f"the server did not start within three minutes:\n{details}")


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)


def request(port: int, method: str, path: str, body: str | None = None, headers: dict | None = None) -> Reply:
    """One request on its own connection (closed after it), like a separate visitor."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return Reply(response.status, text, dict(response.getheaders()), response.headers.get_all("Set-Cookie") or [])
    finally:
        connection.close()


@dataclass
class Person:
    number: int
    address: str = ""
    cookie: str = ""
    token: str = ""
    status: int = 0
    receipt: str = ""
    error: str = ""

    def open_form(self, port: int) -> None:
        reply = request(port, "GET", "/en/report/")
        jar = SimpleCookie()
        for header in reply.cookies:
            jar.load(header)
        name = next(name for name in jar if name.endswith("csrftoken"))  # `__Host-csrftoken` with DEBUG off
        self.cookie = f"{name}={jar[name].value}"
        self.token = CSRF_FIELD.search(reply.body).group(1)
        self.address = f"https://bench-{self.number}-{secrets.token_hex(4)}.example/page/{self.number}"

    def submit(self, port: int) -> None:
        form = {
            "csrfmiddlewaretoken": self.token,
            "urls": self.address,
            "category": ("csam", "trafficking", "illegal_recruitment")[self.number % 3],
            "seen_on": "website",
            "description": f"bench report {self.number}",
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        try:
            reply = request(port, "POST", "/en/report/", urlencode(form), headers)
        except OSError as error:
            self.error = str(error)
            return
        self.status = reply.status
        match = RECEIPT.search(reply.body)
        self.receipt = match.group(1).replace(" ", "") if match else ""


def all_at_once(work, people: list) -> float:
    """Run work(person) for every person in its own thread, all released together; the seconds it took."""
    start = threading.Barrier(len(people) + 1)

    def run(person) -> None:
        start.wait()
        work(person)

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def in_parallel(work, people: list, width: int = 50) -> None:
    """Preparation (opening the form) with a bounded number of threads: it is not what is measured."""
    for offset in range(0, len(people), width):
        batch = [threading.Thread(target=work, args=(person,)) for person in people[offset : offset + width]]
        for thread in batch:
            thread.start()
        for thread in batch:
            thread.join()


@dataclass
class Outcome:
    acknowledged: list[Person]
    problems: list[str]


def verify(desk, people: list[Person], port: int) -> Outcome:
    """Every submission acknowledged, and stored exactly once; what went wrong, if anything."""
    from tomoshibi.hotline.canonical import url_hash
    from tomoshibi.hotline.models import Report, ReportedUrl

    acknowledged = [person for person in people if person.status == 200 and person.receipt]
    refused = [person for person in people if not (person.status == 200 and person.receipt)]
    stored = dict(_hash_counts(ReportedUrl, [url_hash(person.address) for person in people]))
    copies = {person.number: stored.get(url_hash(person.address), 0) for person in people}
    problems = []
    if refused:
        answers = Counter(person.error or f"HTTP {person.status}" for person in refused)
        problems.append(f"{len(refused)} submissions refused or failed: " + describe(answers))
    if missing := [person for person in acknowledged if copies[person.number] == 0]:
        problems.append(f"{len(missing)} acknowledged reports not stored")
    if twice := [person for person in people if copies[person.number] > 1]:
        problems.append(f"{len(twice)} reports stored more than once")
    if unacknowledged := [person for person in refused if copies[person.number]]:
        problems.append(f"{len(unacknowledged)} reports stored without a receipt given to the person")
    if len({person.receipt for person in acknowledged}) != len(acknowledged):
        problems.append("two reports got one receipt")
    reports = Report.objects.filter(desk_id=desk.pk).count()
    if reports != len(acknowledged):
        problems.append(f"{reports} reports stored for {len(acknowledged)} acknowledged")
    for person in acknowledged[:STATUS_SAMPLE]:
        reply = request(port, "GET", f"/api/v1/reports/status?receipt={person.receipt}")
        if reply.status != 200 or json.loads(reply.body) != {"status": "received"}:
            problems.append(f"the status API answered {reply.status} {reply.body[:200]} for an acknowledged report")
    return Outcome(acknowledged, problems)


def describe(answers: Counter) -> str:
    return ", ".join(f"{count} × {answer}" for answer, count in answers.most_common())


def _hash_counts(model, hashes: list[str]):
    from django.db.models import Count

    for offset in range(0, len(hashes), 500):
        rows = model.objects.filter(url_hash__in=hashes[offset : offset + 500]).values("url_hash")
        yield from rows.annotate(count=Count("id")).values_list("url_hash", "count")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8, help="the server's worker threads")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tomoshibi-bench-") as folder:
        env = prepare_environment(Path(folder))
        desk = set_up_database(env)
        port = free_port()
        server = start_server(env, port, options.threads)
        try:
            run(desk, port, options.submissions)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run(desk, port: int, count: int) -> None:
    """Measure, print the figures, then fail (exit status 1) if any submission was refused or stored wrongly."""
    visitors = list(range(count))
    static_seconds = all_at_once(lambda _n: request(port, "GET", "/en/no-trace/"), visitors)
    people = [Person(number) for number in range(count)]
    in_parallel(lambda person: person.open_form(port), people)
    seconds = all_at_once(lambda person: person.submit(port), people)
    outcome = verify(desk, people, port)
    acknowledged = len(outcome.acknowledged)
    submissions_rate, static_rate = acknowledged / seconds, count / static_seconds
    print(f"{count} simultaneous submissions: {acknowledged} acknowledged, {count - acknowledged} refused or failed")
    print(f"submissions:  {submissions_rate:8.1f} per second ({seconds:.1f} s)")
    print(f"static page:  {static_rate:8.1f} per second ({static_seconds:.1f} s for {count})")
    print(f"ratio:        {submissions_rate / static_rate:8.3f} (submissions / static page)")
    if outcome.problems:
        print("FAILED:", *outcome.problems, sep="\n  ", file=sys.stderr)
        raise SystemExit(1)
    print("every submission was acknowledged and stored exactly once, with its own receipt")


if __name__ == "__main__":
    main()
