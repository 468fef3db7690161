"""A whole estimation round in a real browser, each party on its own device.

The coordinator opens the round on its form; the admins of three organisations each open the round
from their list of rounds, choose their CSV file and type the secret, and the page encodes and sends
the list; the coordinator runs the round, sees the estimate and downloads the report in Japanese and
English. What each page sent is exactly what `tomoshibi linkage encode` writes for the same file.
Every request body the browsers sent is kept where it reaches the server, and none of them, nor the
database, holds a name or a row of the lists. A list with names in kanji read by a guess waits, with a notice
saying how many, until the admin sends it anyway. axe-core checks every round page.
"""

import http.client
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from tomoshibi.consultations.tests.test_dump import database_bytes
from tomoshibi.core.tests.browser import assert_accessible, open_phone_page
from tomoshibi.stats.models import Round, RoundStatus
from tomoshibi.testing.personas import fresh_code

from .rounds_world import MARKED_WORDS, SECRET, encoded, make_round_world, round_fields
from .rounds_world import open_round as open_round_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


class RecordingProxy(BaseHTTPRequestHandler):
    """Stands between the browsers and the live server and keeps every request body it passes on.

    Playwright's request events leave out the content of uploaded files (Chromium does not report it),
    so the bodies are taken here, at the server's edge, exactly as they arrive."""

    bodies: list[bytes]
    upstream: tuple[str, int]

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.bodies.append(body)
        connection = http.client.HTTPConnection(*self.upstream, timeout=120)
        headers = {name: value for name, value in self.headers.items() if name.lower() != "connection"}
        connection.request(self.command, self.path, body=body or None, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(content)
        connection.close()

    do_GET = do_POST = forward

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded_server(live_server):
    """(the address the browsers use, the bodies of every request they sent)."""
    bodies: list[bytes] = []
    address = urlsplit(live_server.url)
    handler = type("Recording", (RecordingProxy,), {"bodies": bodies, "upstream": (address.hostname, address.port)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", bodies
    server.shutdown()


def sign_in(page, base: str, member) -> None:
    page.goto(f"{base}/en/staff/login/")
    page.fill("input[name=email]", member.email)
    page.fill("input[name=password]", member.password)
    page.fill("input[name=code]", fresh_code(member))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Staff home")


def coordinator_opens_the_round(page, base: str, world) -> None:
    sign_in(page, base, world.coordinator)
    page.get_by_role("link", name="Estimation rounds").click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a round for Org jnatip").click()
    fields = round_fields()
    page.fill("input[name=title]", fields["title"])
    page.fill("textarea[name=definition]", fields["definition"])
    for name in ("period_from", "period_to", "deadline"):
        page.fill(f"input[name={name}]", fields[name].isoformat())
    for org in world.participants:
        page.get_by_label(org.organisation.name, exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Open the round").click()
    expect(page.locator("h1")).to_have_text(fields["title"])
    expect(page.locator(".round-status")).to_have_attribute("data-status", "open")
    assert_accessible(page)


def admin_encodes_and_sends_the_list(page, base: str, admin, csv_path) -> None:
    """The CSV file and the secret are given to the page; the page encodes and sends the encodings."""
    sign_in(page, base, admin)
    page.get_by_role("link", name="Estimation rounds").click()
    page.get_by_role("link", name=round_fields()["title"]).click()
    expect(page.locator(".list-state")).to_have_attribute("data-state", "none")
    expect(page.locator("#encode-in-page")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your list (CSV file)").set_input_files(str(csv_path))
    page.get_by_label("The round's secret").fill(SECRET.decode())
    page.get_by_role("button", name="Encode and send").click()
    expect(page.locator(".list-state")).to_have_attribute("data-state", "sent", timeout=60_000)
    assert_accessible(page)


def uploaded_document(body: bytes) -> dict:
    """The .clk.json document in a multipart body of the upload form."""
    part = re.search(rb'name="encodings"; filename="[^"]*"\r\nContent-Type: [^\r]*\r\n\r\n(.*?)\r\n--', body, re.S)
    return json.loads(part.group(1))


def run_worker() -> None:
    with translation.override("en"):
        call_command("db_worker", batch=True, queue_name="*", reload=False, startup_delay=False, verbosity=0)


def coordinator_runs_and_reads(page, base: str, coordinator, round_) -> None:
    sign_in(page, base, coordinator)
    page.goto(f"{base}/en/stats/staff/rounds/{round_.pk}/")
    expect(page.locator("tr.participant")).to_have_count(3)
    page.get_by_role("button", name="Run the round").click()
    expect(page.locator(".round-status")).to_have_attribute("data-status", "estimating")
    run_worker()
    page.reload()
    expect(page.locator(".round-status")).to_have_attribute("data-status", "estimated")
    expect(page.locator("#result .estimate")).to_have_text(str(round(Round.objects.get().figures["estimate"])))
    assert_accessible(page)
    for link, word in (("Report in Japanese", "推計"), ("Report in English", "Estimate of people no list knows")):
        with page.expect_download() as download:
            page.get_by_role("link", name=link).click()
        assert word in Path(download.value.path()).read_text(encoding="utf-8")


def test_three_organisations_count_together_and_no_name_reaches_the_server(recorded_server, chromium, tmp_path):
    world = make_round_world()
    base, bodies = recorded_server

    def on_new_device(step, *args):
        context, page = open_phone_page(chromium)
        try:
            step(page, base, *args)
        finally:
            context.close()

    on_new_device(coordinator_opens_the_round, world)
    for org, admin, text in zip(world.participants, world.admins, world.csvs, strict=True):
        path = tmp_path / f"{org.slug}.csv"
        path.write_text(text, encoding="utf-8")
        on_new_device(admin_encodes_and_sends_the_list, admin, path)
    round_ = Round.objects.get()
    on_new_device(coordinator_runs_and_reads, world.coordinator, round_)
    assert Round.objects.get().status == RoundStatus.ESTIMATED

    sent = b"\n".join(bodies)
    assert SECRET not in sent and SECRET.decode().replace(" ", "+").encode() not in sent  # nor the secret, in any form
    uploads = [uploaded_document(body) for body in bodies if b'name="encodings"' in body]
    assert uploads == [json.loads(encoded(text)) for text in world.csvs]  # what the command would have sent
    stored = database_bytes()
    for word in MARKED_WORDS:
        assert word.encode() not in sent, f"{word!r} was sent to the server"
        assert word.encode() not in stored, f"{word!r} is in the database"
    for text in world.csvs:
        for row in text.splitlines()[1:]:
            assert row.encode() not in sent and row.encode() not in stored


def test_the_page_words_the_encoder_s_refusal_and_without_script_points_to_the_command(
    live_server, chromium, phone_without_js, tmp_path
):
    world = make_round_world(people=10)
    round_ = open_round_for(world)
    url = f"{live_server.url}/en/stats/staff/rounds/{round_.pk}/{world.participants[0].slug}/"
    context, page = open_phone_page(chromium)
    try:
        sign_in(page, live_server.url, world.admins[0])
        page.goto(url)
        without_dates = tmp_path / "list.csv"
        without_dates.write_text("family_name,given_name,sex\nSato,Hanako,F\n", encoding="utf-8")
        page.get_by_label("Your list (CSV file)").set_input_files(str(without_dates))
        page.get_by_label("The round's secret").fill(SECRET.decode())
        page.get_by_role("button", name="Encode and send").click()
        expect(page.locator("#round-encode-error")).to_have_text(
            "The file lacks these columns: date_of_birth, nationality"
        )
        expect(page.locator(".list-state")).to_have_attribute("data-state", "none")
        assert_accessible(page)
    finally:
        context.close()
    sign_in(phone_without_js, live_server.url, world.admins[0])
    phone_without_js.goto(url)
    expect(phone_without_js.locator("#encode-needs-script")).to_be_visible()
    expect(phone_without_js.locator("#encode-in-page")).to_be_hidden()
    expect(phone_without_js.get_by_role("button", name="Send the file")).to_be_visible()


def test_a_csv_file_chosen_in_the_upload_form_never_leaves_the_browser(recorded_server, chromium, tmp_path):
    world = make_round_world(people=10)
    round_ = open_round_for(world)
    base, bodies = recorded_server
    csv_path = tmp_path / "list.csv"
    csv_path.write_text(world.csvs[0], encoding="utf-8")
    context, page = open_phone_page(chromium)
    try:
        sign_in(page, base, world.admins[0])
        page.goto(f"{base}/en/stats/staff/rounds/{round_.pk}/{world.participants[0].slug}/")
        upload = page.get_by_label("Encoded list (.clk.json)")
        expect(upload).to_have_attribute("accept", ".json,application/json")
        upload.set_input_files(str(csv_path))
        page.get_by_role("button", name="Send the file").click()
        expect(page.locator("#send-list-error")).to_contain_text("This file is not an encoded list (.clk.json)")
        assert_accessible(page)
        expect(page.locator(".list-state")).to_have_attribute("data-state", "none")
    finally:
        context.close()
    assert not any(b'name="encodings"' in body for body in bodies)
    for word in MARKED_WORDS:
        assert all(word.encode() not in body for body in bodies)


# Names in kanji: without the reading columns two of the four are read by a guess (佐藤 幸恵, and 田中 beside kana).
KANJI_WITHOUT_READINGS = (
    "family_name,given_name,date_of_birth,sex,nationality\n"
    "佐藤,幸恵,1985-05-05,F,JP\n田中,はなこ,1990-01-01,F,JP\nSantos,Maria,1987-05-05,F,PH\nサトウ,ハナコ,1992-02-02,F,JP\n"
)
KANJI_WITH_READINGS = (
    "family_name,given_name,date_of_birth,sex,nationality,family_name_reading,given_name_reading\n"
    "佐藤,幸恵,1985-05-05,F,JP,さとう,さちえ\n田中,はなこ,1990-01-01,F,JP,タナカ,\nSantos,Maria,1987-05-05,F,PH,,\n"
)
READING_NOTICE = (
    "Not sent yet. People on this list whose name in kanji had to be read by a guess, because the columns "
    "family_name_reading and given_name_reading are missing or blank: 2 of 4."
)


def open_take_part_page(chromium, base: str, world, round_):
    context, page = open_phone_page(chromium)
    sign_in(page, base, world.admins[0])
    page.goto(f"{base}/en/stats/staff/rounds/{round_.pk}/{world.participants[0].slug}/")
    return context, page


def encode_file(page, path) -> None:
    page.get_by_label("Your list (CSV file)").set_input_files(str(path))
    page.get_by_label("The round's secret").fill(SECRET.decode())
    page.get_by_role("button", name="Encode and send").click()


def uploads_in(bodies: list[bytes]) -> list[dict]:
    return [uploaded_document(body) for body in bodies if b'name="encodings"' in body]


def test_names_read_by_a_guess_are_counted_and_nothing_is_sent_until_send_anyway(recorded_server, chromium, tmp_path):
    world = make_round_world(people=10)
    round_ = open_round_for(world)
    base, bodies = recorded_server
    guessed = tmp_path / "guessed.csv"
    guessed.write_text(KANJI_WITHOUT_READINGS, encoding="utf-8")
    context, page = open_take_part_page(chromium, base, world, round_)
    try:
        encode_file(page, guessed)
        notice = page.locator("#round-reading-notice")
        expect(notice).to_be_visible(timeout=60_000)
        expect(page.locator("#round-reading-count")).to_have_text(READING_NOTICE)
        expect(page.locator("#round-reading-text")).to_be_focused()
        expect(page.get_by_label("The round's secret")).to_have_value("")
        assert_accessible(page)
        # Encoding again drops the waiting document: here the secret is gone, so the page asks for it.
        page.get_by_role("button", name="Encode and send").click()
        expect(page.locator("#round-encode-error")).to_have_text("The secret must be at least 16 characters.")
        expect(notice).to_be_hidden()
        encode_file(page, guessed)
        expect(notice).to_be_visible(timeout=60_000)
        page.wait_for_timeout(500)
        assert uploads_in(bodies) == []
        expect(page.locator(".list-state")).to_have_attribute("data-state", "none")
        page.get_by_role("button", name="Send anyway").click()
        expect(page.locator(".list-state")).to_have_attribute("data-state", "sent", timeout=60_000)
        assert_accessible(page)
    finally:
        context.close()
    assert uploads_in(bodies) == [json.loads(encoded(KANJI_WITHOUT_READINGS))]
    for word in ("佐藤", "幸恵", "Santos"):
        assert all(word.encode() not in body for body in bodies)


def test_a_list_with_the_readings_is_sent_at_once_and_another_file_drops_the_waiting_one(
    recorded_server, chromium, tmp_path
):
    world = make_round_world(people=10)
    round_ = open_round_for(world)
    base, bodies = recorded_server
    guessed, read = tmp_path / "guessed.csv", tmp_path / "read.csv"
    guessed.write_text(KANJI_WITHOUT_READINGS, encoding="utf-8")
    read.write_text(KANJI_WITH_READINGS, encoding="utf-8")
    context, page = open_take_part_page(chromium, base, world, round_)
    try:
        encode_file(page, guessed)
        expect(page.locator("#round-reading-notice")).to_be_visible(timeout=60_000)
        page.get_by_label("Your list (CSV file)").set_input_files(str(read))
        expect(page.locator("#round-reading-notice")).to_be_hidden()
        encode_file(page, read)
        expect(page.locator(".list-state")).to_have_attribute("data-state", "sent", timeout=60_000)
    finally:
        context.close()
    assert uploads_in(bodies) == [json.loads(encoded(KANJI_WITH_READINGS))]
