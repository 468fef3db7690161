"""What a stolen database reveals of a round: no name, no date of birth, no encoding in clear.

Three lists are sent through the page and the raw database is searched (the consultations dump
test's copy: SQLite pages or pg_dump) while the sealed encodings are held, and again after the run
deleted them: neither the names and dates of the CSV files nor any encoding (base64 or raw bytes)
nor the secret may be there; the capture table's counts are.
"""

import base64
import json
import re

import pytest
from django.urls import reverse

from tomoshibi.consultations.tests.test_dump import database_bytes, forms_of
from tomoshibi.stats.tasks import estimate_round
from tomoshibi.testing.personas import post_form, signed_in_client

from .rounds_world import MARKED_WORDS, SECRET, encoded, make_round_world, open_round, upload


def assert_nothing_of_the_lists_in(dump: bytes, lists: list[bytes], csvs: list[str]) -> None:
    for word in MARKED_WORDS:
        assert word.encode("utf-8") not in dump, f"found {word!r} in the database"
    for text in csvs:
        for row in text.splitlines()[1:]:
            assert row.encode("utf-8") not in dump, f"found a CSV row {row!r} in the database"
    for document in lists:
        for clk in json.loads(document)["clks"]:
            assert clk.encode() not in dump and base64.b64decode(clk) not in dump, "an encoding is in clear"
    for form in forms_of(SECRET):
        assert form not in dump, "the round's secret is in the database"


@pytest.mark.django_db(transaction=True)
def test_it_stores_no_name_and_no_encoding_in_clear():
    world = make_round_world()
    round_ = open_round(world)
    lists = [encoded(text) for text in world.csvs]
    for org, admin, data in zip(world.participants, world.admins, lists, strict=True):
        assert upload(signed_in_client(admin), round_, org, data).status_code == 302

    held = database_bytes()
    assert b"stats_participation" in held and round_.title.encode() in held  # the dump really holds the round
    assert_nothing_of_the_lists_in(held, lists, world.csvs)

    post_form(signed_in_client(world.coordinator), reverse("stats:run_round", args=[round_.pk]))
    estimate_round.call(str(round_.pk))
    after = database_bytes()
    assert re.search(rb"\[\[1, ?1, ?1\], ?\d+\]", after), "the capture table is kept"
    assert_nothing_of_the_lists_in(after, lists, world.csvs)


@pytest.mark.django_db
def test_the_page_gives_the_list_and_the_secret_no_name_so_no_form_sends_them():
    world = make_round_world(people=10)
    round_ = open_round(world)
    page = signed_in_client(world.admins[0]).get(reverse("stats:take_part", args=[round_.pk, "shelter"]))
    html = page.content.decode()
    for field in ("round-list-file", "round-secret"):
        tag = re.search(rf'<input[^>]*id="{field}"[^>]*>', html).group(0)
        assert " name=" not in tag, tag
    named = re.findall(r'<input[^>]* name="([^"]+)"', html)
    assert set(named) == {"csrfmiddlewaretoken", "encodings"}
