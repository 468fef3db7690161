"""Reliability: no acknowledged receipt is lost or stored twice when the server is killed mid-flight.

`make reliability` (or `.venv/bin/python bench/reliability.py [--people 500] [--production-cost]`) starts
the real server (`tomoshibi serve`, waitress) on a free loopback port with a fresh database
(SQLite in a temporary folder, or a new PostgreSQL database beside the one DATABASE_URL names),
and sends anonymous reports and consultations through the public forms as a browser would
(CSRF cookie and token), all at once (up to 500 people in flight together), each person behind
the proxy address of their own (the script plays the trusted proxy and passes `X-Real-IP`). When
a third of them have their receipt, the server is killed with `kill -9` and started again; people
who find it down try again a few times before giving up, but never send a form twice. Then every
acknowledged receipt must open exactly what was sent, and what is stored must not hold anything
twice; a wave of 50 sent after the restart must get receipts. It prints its figures and exits
with status 1 if any acknowledged receipt is missing or doubled, or the restarted server gives none.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from common import ROOT
from hotline import CSRF_FIELD, RECEIPT, request

sys.path.insert(0, str(ROOT))
from tomoshibi.core.served import ServedSite, production_environment

ORGANISATION = "reliability"
KILL_AFTER_SHARE = 1 / 3
# A person who finds the site down reloads the form for a while, then gives up (bounded).
FORM_TRIES = 240
FORM_PAUSE = 0.5
# Every person at once (500 by default: the 500 concurrent reports and consultations), each on
# a thread of its own; threads are cheap and everything stays on the loopback. Bounded so that a large
# --people does not open thousands of sockets (the server's connection limit is 1,000).
MAX_CONCURRENCY = 500
AFTER_RESTART = 50
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Person:
    number: int
    kind: str  # "report" or "consultation"
    text: str = ""
    receipt: str = ""
    outcome: str = "not sent"  # acknowledged, refused (an error answer), no answer, gave up

    @property
    def address(self) -> str:
        return f"10.{self.number >> 8 & 255}.{self.number & 255}.7"

    def headers(self, cookie: str = "", **more) -> dict[str, str]:
        return {"X-Real-IP": self.address, **({"Cookie": cookie} if cookie else {}), **more}


def cookie_header(replies) -> str:
    jar = SimpleCookie()
    for reply in replies:
        for header in reply.cookies:
            jar.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


# What a visitor sees when the server dies under them: no connection, or an answer cut off after its
# headers (the kill -9 can land mid-response). Either way no receipt was shown.
CUT_OFF = (OSError, http.client.HTTPException)


def open_form(site: ServedSite, person: Person, path: str):
    """GET the form like a browser, retrying while the server is down; None when giving up."""
    for _ in range(FORM_TRIES):
        try:
            reply = request(site.port, "GET", path, headers=person.headers())
            if reply.status == 200:
                return reply
        except CUT_OFF:
            pass
        time.sleep(FORM_PAUSE)
    return None


def send(site: ServedSite, person: Person) -> None:
    path = "/en/report/" if person.kind == "report" else f"/en/consult/start/{ORGANISATION}/"
    form_page = open_form(site, person, path)
    if form_page is None:
        person.outcome = "gave up"
        return
    cookie = cookie_header([form_page])
    token = CSRF_FIELD.search(form_page.body).group(1)
    person.text = f"reliability-{person.kind}-{person.number}-{secrets.token_hex(6)}"
    if person.kind == "report":
        data = {"urls": f"https://{person.text}.example/page", "category": "trafficking", "seen_on": "website"}
    else:
        data = {"body": person.text, "age_group": "adult", "danger": "no"}
    try:
        reply = request(
            site.port, "POST", path, urlencode({**data, "csrfmiddlewaretoken": token}), person.headers(cookie, **FORM)
        )
        if person.kind == "consultation" and reply.status == 302:
            session = cookie_header([form_page, reply])
            reply = request(site.port, "GET", local(reply.headers["Location"]), headers=person.headers(session))
    except CUT_OFF:
        person.outcome = "no answer"
        return
    match = RECEIPT.search(reply.body) if reply.status == 200 else None
    person.receipt = match.group(1).replace(" ", "") if match else ""
    person.outcome = "acknowledged" if person.receipt else f"refused ({reply.status})"


def local(location: str) -> str:
    return urlunsplit(("", "", *urlsplit(location)[2:]))


def kill_midway(site: ServedSite, people: list[Person], done: threading.Event, figures: dict) -> None:
    """kill -9 once a third of the people hold receipts, then serve again."""
    target = int(len(people) * KILL_AFTER_SHARE)
    while not done.is_set():
        acknowledged = sum(person.outcome == "acknowledged" for person in people)
        if acknowledged >= target:
            figures["acknowledged before the kill"] = acknowledged
            site.kill()
            began = time.perf_counter()
            site.start()
            figures["seconds down"] = round(time.perf_counter() - began, 1)
            return
        time.sleep(0.05)


# --- Checking -------------------------------------------------------------------------------


def opens_report(person: Person) -> bool:
    """The receipt finds a report (as the status page does), read in this process from the same database."""
    from django.db import connection

    from tomoshibi.hotline.receipts import find_report

    try:
        return find_report(person.receipt) is not None
    finally:
        connection.close()


def copies_in_thread(person: Person) -> int:
    """How many times the person's message is in the conversation their receipt opens (0: lost)."""
    from django.db import connection

    from tomoshibi.consultations.reading import thread_for_person
    from tomoshibi.consultations.receipts import find_conversation

    try:
        found = find_conversation(person.receipt)
        if found is None:
            return 0
        return sum(entry.text == person.text for entry in thread_for_person(found.conversation, found.private_key))
    finally:
        connection.close()


def stored_copies(people: list[Person]) -> dict[int, int]:
    """For each report: how many stored reports hold its address (by the address's hash, as the hotline keeps it)."""
    from django.db.models import Count

    from tomoshibi.hotline.canonical import url_hash
    from tomoshibi.hotline.models import ReportedUrl

    hashes = {url_hash(f"https://{person.text}.example/page"): person.number for person in people if person.text}
    counts = ReportedUrl.objects.filter(url_hash__in=list(hashes)).values("url_hash").annotate(n=Count("id"))
    found = {hashes[row["url_hash"]]: row["n"] for row in counts}
    return {person.number: found.get(person.number, 0) for person in people}


def check(people: list[Person]) -> dict[str, int]:
    from tomoshibi.consultations.models import Conversation
    from tomoshibi.hotline.models import Report

    reports = [person for person in people if person.kind == "report"]
    consultations = [person for person in people if person.kind == "consultation"]
    copies = stored_copies(reports)
    acknowledged_reports = [person for person in reports if person.outcome == "acknowledged"]
    acknowledged_talks = [person for person in consultations if person.outcome == "acknowledged"]
    with ThreadPoolExecutor(4) as pool:  # Argon2 releases the GIL: the checks use every core
        report_opens = list(pool.map(opens_report, acknowledged_reports))
        thread_copies = list(pool.map(copies_in_thread, acknowledged_talks))
    lost = sum(
        copies[p.number] == 0 or not opened for p, opened in zip(acknowledged_reports, report_opens, strict=True)
    )
    lost += thread_copies.count(0)
    duplicated = sum(count > 1 for count in copies.values()) + sum(count > 1 for count in thread_copies)
    posted_talks = sum(person.text != "" for person in consultations)
    duplicated += max(0, Conversation.objects.count() - posted_talks) + max(0, Report.objects.count() - len(copies))
    return {
        "lost": lost,
        "duplicated": duplicated,
        "stored reports": Report.objects.count(),
        "stored consultations": Conversation.objects.count(),
    }


# --- Set-up ---------------------------------------------------------------------------------


def fresh_database_url() -> tuple[str, str]:
    """(a database URL for this run, the PostgreSQL database to drop afterwards or '')."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return "", ""
    import psycopg

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'tomoshibi'}_reliability_{secrets.token_hex(4)}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(name: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(folder: Path, database_url: str, production_cost: bool) -> ServedSite:
    env = production_environment(folder, database_url)
    env |= {"TRUSTED_PROXY_HEADER": "HTTP_X_REAL_IP", "TRUSTED_PROXIES": "127.0.0.1", "HOTLINE_STATUS_CHECKS": "100000"}
    if not production_cost:
        # Receipts derived at libsodium's minimal Argon2id cost, which only DEBUG allows: what is checked here is
        # durability, not what a guess costs, and 1,000 derivations at the production cost take minutes in CI.
        env |= {"DEBUG": "1", "VAULT_KDF_COST": "minimal"}
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tomoshibi.accounts.actions import do_create_organisation
    from tomoshibi.hotline.actions import do_create_desk

    call_command("migrate", verbosity=0)
    organisation, _recovery, _private = do_create_organisation(name="Reliability", slug=ORGANISATION)
    do_create_desk(organisation)
    connections.close_all()
    return ServedSite(folder, env)


def fire_together(site: ServedSite, people: list[Person]) -> int:
    """Send every person's form on a thread of its own, all released at once; the number in flight."""
    start = threading.Event()
    concurrency = min(len(people), MAX_CONCURRENCY)
    with ThreadPoolExecutor(concurrency) as pool:
        sending = [pool.submit(lambda person: start.wait() and send(site, person), p) for p in people]
        start.set()
        for future in sending:
            future.result()
    return concurrency


def run(site: ServedSite, count: int) -> int:
    people = [Person(n, "report" if n % 2 else "consultation") for n in range(count)]
    figures: dict = {}
    done = threading.Event()
    killer = threading.Thread(target=kill_midway, args=(site, people, done, figures))
    began = time.perf_counter()
    killer.start()
    figures["in flight together"] = fire_together(site, people)
    done.set()
    killer.join()
    # With everyone in flight at the kill, those not yet answered never resend: a later wave shows the
    # restarted server takes forms again.
    later = [Person(count + n, "report" if n % 2 else "consultation") for n in range(AFTER_RESTART)]
    fire_together(site, later)
    figures["acknowledged after the restart"] = sum(person.outcome == "acknowledged" for person in later)
    people += later
    sending = time.perf_counter() - began
    result = check(people)
    outcomes = [person.outcome for person in people]
    figures = {
        "sent": sum(person.text != "" for person in people),
        "acknowledged": outcomes.count("acknowledged"),
        "refused": sum(o.startswith("refused") for o in outcomes),
        "no answer": outcomes.count("no answer"),
        "gave up": outcomes.count("gave up"),
        **result,
        **figures,
        "seconds sending": round(sending, 1),
        "seconds in all": round(time.perf_counter() - began, 1),
    }
    for name, value in figures.items():
        print(f"{name:>30}: {value}")
    if "acknowledged before the kill" not in figures:
        print("FAIL: the server was never killed (too few receipts were given)")
        return 1
    if not figures["acknowledged after the restart"]:
        print("FAIL: the restarted server gave no receipt")
        return 1
    if result["lost"] or result["duplicated"]:
        print("FAIL: an acknowledged receipt is missing or something was stored twice")
        return 1
    print("OK: every acknowledged receipt opens what was sent, once")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500, help="reports and consultations in all (half each)")
    parser.add_argument(
        "--production-cost", action="store_true", help="DEBUG off and the production Argon2id cost (slower)"
    )
    options = parser.parse_args()
    database_url, database_name = fresh_database_url()
    with tempfile.TemporaryDirectory(prefix="tomoshibi-reliability-") as folder:
        site = prepare(Path(folder), database_url, options.production_cost)
        site.start()
        try:
            return run(site, options.people)
        finally:
            site.stop()
            from django.db import connections

            connections.close_all()
            if database_name:
                drop_database(database_name)


if __name__ == "__main__":
    sys.exit(main())
