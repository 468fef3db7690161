"""An estimation round through its pages: opened by a coordinator, three lists sent, run, estimated, published.

Lists are encoded exactly as `tomoshibi linkage encode` does and sent through the upload form; the
estimate runs in the worker's task, from the capture table alone.
"""

import base64
import json
import random
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tomoshibi.audit.models import AuditEvent
from tomoshibi.linkage.encode import SCHEMA_PATH, parse_schema
from tomoshibi.stats.actions import RoundRefused, do_open_round
from tomoshibi.stats.encodings import MAX_RECORDS
from tomoshibi.stats.models import Participation, Round, RoundStatus
from tomoshibi.stats.tasks import delete_stale_lists, estimate_round
from tomoshibi.testing.personas import post_form, signed_in_client
from tomoshibi.testing.visitor import Visitor
from tomoshibi.vault.keyring import COOKIE_NAME

from .rounds_world import encoded, make_round_world, open_round, round_fields, synthetic_csvs, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def lists_encoded():
    return [encoded(text) for text in synthetic_csvs()]


@pytest.fixture
def world():
    return make_round_world()


def send_all(world, round_, lists_encoded):
    for org, admin, data in zip(world.participants, world.admins, lists_encoded, strict=True):
        response = upload(signed_in_client(admin), round_, org, data)
        assert response.status_code == 302, response.content.decode()[:2000]


def run_and_estimate(client, round_):
    response = post_form(client, reverse("stats:run_round", args=[round_.pk]))
    assert response.status_code == 302
    estimate_round.call(str(round_.pk))
    round_.refresh_from_db()
    return round_


def test_it_opens_a_round_from_the_coordinator_s_form(world):
    client = signed_in_client(world.coordinator)
    url = reverse("stats:open_round", args=[world.coordinating.slug])
    assert client.get(url).status_code == 200
    fields = round_fields()
    data = {**fields, "participants": [org.organisation.pk for org in world.participants]}
    response = post_form(client, url, data)
    round_ = Round.objects.get()
    assert response["Location"] == reverse("stats:round", args=[round_.pk])
    assert round_.title == fields["title"] and round_.coordinating_organisation == world.coordinating.organisation
    assert sorted(round_.participations.values_list("organisation__slug", flat=True)) == ["clinic", "ngo", "shelter"]
    assert AuditEvent.objects.filter(action="round.opened").count() == 4  # the coordinator's log and each participant's


def test_it_refuses_a_round_of_one_organisation_or_a_past_deadline(world):
    client = signed_in_client(world.coordinator)
    url = reverse("stats:open_round", args=[world.coordinating.slug])
    yesterday = timezone.localdate() - timedelta(days=1)
    data = {**round_fields(deadline=yesterday), "participants": [world.participants[0].organisation.pk]}
    response = post_form(client, url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least two organisations" in page and "The deadline has already passed." in page
    assert not Round.objects.exists()


def test_the_coordinating_organisation_cannot_take_part_in_its_own_round(world):
    client = signed_in_client(world.coordinator)
    url = reverse("stats:open_round", args=[world.coordinating.slug])
    assert f'value="{world.coordinating.organisation.pk}"' not in client.get(url).content.decode()
    chosen = [world.coordinating.organisation.pk, world.participants[0].organisation.pk]
    response = post_form(client, url, {**round_fields(), "participants": chosen})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(RoundRefused):
        participants = [world.coordinating.organisation, world.participants[0].organisation]
        do_open_round(world.coordinating.organisation, participants=participants, acting_user=None, **round_fields())
    assert not Round.objects.exists()


def test_it_links_estimates_and_publishes_with_small_cells_hidden(world, lists_encoded):
    round_ = open_round(world)
    send_all(world, round_, lists_encoded)
    coordinator = signed_in_client(world.coordinator)
    round_ = run_and_estimate(coordinator, round_)
    assert round_.status == RoundStatus.ESTIMATED and round_.figures["estimate"] > 0
    assert not Participation.objects.filter(sealed_encodings__isnull=False).exists()  # retention: deleted at the run
    page = coordinator.get(reverse("stats:round", args=[round_.pk])).content.decode()
    assert "Estimated number of people" in page and "Without Org shelter" in page
    for language, word in (("ja", "推計"), ("en", "Estimate")):
        report = coordinator.get(reverse("stats:round_report", args=[round_.pk, language]))
        assert report["Content-Disposition"].startswith("attachment") and word in report.content.decode()
    downloads = AuditEvent.objects.filter(action="round.report_read", organisation=world.coordinating.organisation)
    assert sorted(event.new_values["language"] for event in downloads) == ["en", "ja"]
    admin = signed_in_client(world.admins[0])
    participant_url = reverse("stats:take_part", args=[round_.pk, world.participants[0].slug])
    assert "Estimated number of people" not in admin.get(participant_url).content.decode()  # not before publishing
    post_form(coordinator, reverse("stats:close_round", args=[round_.pk]))
    published = admin.get(participant_url).content.decode()
    assert "Published result" in published and f"{round(round_.figures['estimate'])}" in published
    assert "People on at least one list" not in published  # a sum of cells would give a hidden one away
    records = Participation.objects.get(round=round_, organisation=world.participants[0].organisation).records
    assert 'data-state="linked"' in published and f": {records} people" not in published  # nor its own list's size


def test_the_round_page_words_every_refusal_the_in_page_encoder_can_give(world):
    encoder = (settings.BASE_DIR / "tomoshibi/stats/static/stats/linkage/encoder.js").read_text(encoding="utf-8")
    codes = set(re.findall(r'failure\("([a-z_]+)"', encoder))
    assert {"missing_columns", "bad_dates", "mixed_line_endings", "unsupported_schema"} <= codes
    round_ = open_round(world)
    page = signed_in_client(world.admins[0]).get(reverse("stats:take_part", args=[round_.pk, "shelter"]))
    worded = set(re.findall(r'<li data-code="([a-z_]+)">[^<]+</li>', page.content.decode()))
    assert codes <= worded, f"the page has no words for {sorted(codes - worded)}"


def test_the_published_table_hides_every_cell_under_three(world):
    round_ = open_round(world)
    Round.objects.filter(pk=round_.pk).update(
        status=RoundStatus.CLOSED,
        lists=["clinic", "ngo", "shelter"],
        capture=[[[1, 1, 1], 2], [[1, 1, 0], 1], [[1, 0, 0], 40], [[0, 1, 0], 3], [[0, 0, 1], 35]],
        figures={"estimate": 140.0, "interval": [120.0, 170.0], "published": {"estimate": 140, "interval": [120, 170]}},
    )
    page = signed_in_client(world.admins[1]).get(reverse("stats:take_part", args=[round_.pk, "clinic"]))
    cells = [cell.split("</td>")[0].strip() for cell in page.content.decode().split('<td class="number">')[1:]]
    assert cells == ["fewer than 3", "fewer than 3", "40", "3", "35"]
    assert "List A" in page.content.decode() and "Org shelter" not in page.content.decode()  # lists by letter only


def test_a_second_list_replaces_the_first_and_withdrawal_deletes_it(world, lists_encoded):
    round_ = open_round(world)
    org, client = world.participants[0], signed_in_client(world.admins[0])
    upload(client, round_, org, lists_encoded[0])
    upload(client, round_, org, lists_encoded[1])
    participation = Participation.objects.get(round=round_, organisation=org.organisation)
    assert participation.records == len(json.loads(lists_encoded[1])["clks"])
    post_form(client, reverse("stats:withdraw_list", args=[round_.pk, org.slug]))
    participation.refresh_from_db()
    assert participation.sealed_encodings is None and not participation.submitted
    actions = list(AuditEvent.objects.filter(organisation=org.organisation).values_list("action", flat=True))
    assert actions.count("round.submitted") == 2 and "round.withdrawn" in actions


def test_after_the_deadline_nothing_is_sent_or_withdrawn(world, lists_encoded):
    round_ = open_round(world)
    org, client = world.participants[0], signed_in_client(world.admins[0])
    upload(client, round_, org, lists_encoded[0])
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    upload(client, round_, org, lists_encoded[1])
    post_form(client, reverse("stats:withdraw_list", args=[round_.pk, org.slug]))
    participation = Participation.objects.get(round=round_, organisation=org.organisation)
    assert participation.records == len(json.loads(lists_encoded[0])["clks"]) and participation.sealed_encodings


def test_the_round_runs_only_with_every_list_or_after_the_deadline(world, lists_encoded):
    round_ = open_round(world)
    for org, admin, data in list(zip(world.participants, world.admins, lists_encoded, strict=True))[:2]:
        upload(signed_in_client(admin), round_, org, data)
    coordinator = signed_in_client(world.coordinator)
    post_form(coordinator, reverse("stats:run_round", args=[round_.pk]))
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    round_ = run_and_estimate(coordinator, round_)
    assert round_.status == RoundStatus.ESTIMATED and len(round_.lists) == 2


def test_lists_encoded_by_two_versions_are_not_linked_together(world, lists_encoded):
    round_ = open_round(world)
    send_all(world, round_, lists_encoded)
    Participation.objects.filter(organisation=world.participants[0].organisation).update(schema="an older schema")
    coordinator = signed_in_client(world.coordinator)
    page = coordinator.get(reverse("stats:round", args=[round_.pk])).content.decode()
    assert "encoded with an older version" in page and "Run the round" not in page
    post_form(coordinator, reverse("stats:run_round", args=[round_.pk]))
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN


def test_possible_duplicates_reach_only_their_own_organisation_as_line_numbers(world, lists_encoded):
    round_ = open_round(world)
    doubled = json.loads(lists_encoded[0])
    doubled["lines"].append(max(doubled["lines"]) + 1)
    doubled["clks"].append(doubled["clks"][0])  # the first person entered twice
    first_line, last_line = doubled["lines"][0], doubled["lines"][-1]
    send_all(world, round_, [json.dumps(doubled).encode(), *lists_encoded[1:]])
    run_and_estimate(signed_in_client(world.coordinator), round_)
    own = signed_in_client(world.admins[0]).get(reverse("stats:take_part", args=[round_.pk, "shelter"]))
    assert f"lines {first_line} and {last_line}" in own.content.decode()
    other = signed_in_client(world.admins[1]).get(reverse("stats:take_part", args=[round_.pk, "clinic"]))
    assert f"lines {first_line} and {last_line}" not in other.content.decode()
    reads = AuditEvent.objects.filter(action="round.duplicates_read")
    # each read of sealed content is in the log of the organisation that read its own list's
    assert sorted(reads.values_list("organisation__slug", flat=True)) == ["clinic", "shelter"]


def test_the_coordinator_without_the_key_cannot_run(world, lists_encoded):
    round_ = open_round(world)
    send_all(world, round_, lists_encoded)
    client = signed_in_client(world.coordinator)
    client.cookies.pop(COOKIE_NAME)  # the session's copy of the key is out of reach
    response = post_form(client, reverse("stats:run_round", args=[round_.pk]))
    assert response.status_code == 403
    assert Participation.objects.filter(sealed_encodings__isnull=False).count() == 3


def test_unrun_lists_are_deleted_a_month_after_the_deadline(world, lists_encoded):
    round_ = open_round(world)
    upload(signed_in_client(world.admins[0]), round_, world.participants[0], lists_encoded[0])
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=31))
    assert delete_stale_lists.call() == 1
    assert not Participation.objects.filter(sealed_encodings__isnull=False).exists()
    assert AuditEvent.objects.filter(action="round.expired").exists()


def test_lists_deleted_by_retention_count_as_not_sent_and_the_round_refuses_to_run(world, lists_encoded):
    round_ = open_round(world)
    for org, admin, data in list(zip(world.participants, world.admins, lists_encoded, strict=True))[:2]:
        upload(signed_in_client(admin), round_, org, data)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=31))
    assert delete_stale_lists.call() == 2
    coordinator = signed_in_client(world.coordinator)
    response = post_form(coordinator, reverse("stats:run_round", args=[round_.pk]))
    assert response.status_code == 302 and Round.objects.get().status == RoundStatus.OPEN
    page = coordinator.get(response["Location"]).content.decode()
    assert "The round cannot run yet" in page and page.count("deleted after the deadline") == 2
    participant = signed_in_client(world.admins[0]).get(reverse("stats:take_part", args=[round_.pk, "shelter"]))
    assert 'data-state="expired"' in participant.content.decode()
    assert delete_stale_lists.call() == 0  # once


def test_a_list_of_the_largest_size_taken_is_taken(world):
    """A list of MAX_RECORDS people is larger than the body limit of every other form (2.5 MB)."""
    round_ = open_round(world)
    filters = [base64.b64encode(random.Random(n).randbytes(128)).decode() for n in range(MAX_RECORDS)]
    data = document(lines=list(range(2, MAX_RECORDS + 2)), clks=filters)
    assert len(data) > 3 * 1024 * 1024
    response = upload(signed_in_client(world.admins[0]), round_, world.participants[0], data)
    assert response.status_code == 302, response.content.decode()[:500]
    participation = Participation.objects.get(round=round_, organisation=world.participants[0].organisation)
    assert participation.records == MAX_RECORDS


def test_the_coordinator_extends_the_deadline_of_a_round_stuck_on_lists_of_two_versions(world, lists_encoded):
    round_ = open_round(world)
    send_all(world, round_, lists_encoded)
    Participation.objects.filter(round=round_, organisation=world.participants[0].organisation).update(schema="old")
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    coordinator = signed_in_client(world.coordinator)
    url = reverse("stats:extend_round", args=[round_.pk])
    assert post_form(coordinator, url, {"deadline": timezone.localdate() - timedelta(days=1)}).status_code == 302
    assert Round.objects.get().deadline < timezone.localdate()  # refused: a day already past
    later = timezone.localdate() + timedelta(days=7)
    response = post_form(coordinator, url, {"deadline": later})
    assert "The deadline is extended" in coordinator.get(response["Location"]).content.decode()
    assert Round.objects.get().deadline == later
    events = AuditEvent.objects.filter(action="round.extended")
    every_organisation = {world.coordinating.slug, *(org.slug for org in world.participants)}
    assert {event.organisation.slug for event in events} == every_organisation
    resent = upload(signed_in_client(world.admins[0]), round_, world.participants[0], lists_encoded[0])
    assert resent.status_code == 302 and not Participation.objects.filter(schema="old").exists()
    admin = signed_in_client(world.admins[1])
    assert post_form(admin, url, {"deadline": later + timedelta(days=1)}).status_code == 404  # coordinators only


def earlier_schema_fingerprint(version: int) -> str:
    """The fingerprint of an earlier schema: 1 kept a Filipino middle name among the name tokens, 2 read kanji one by
    one as several words and split シンイチ at its apostrophe."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema["clkConfig"]["kdf"]["info"] = base64.b64encode(f"tomoshibi linkage schema {version}".encode()).decode()
    return parse_schema(schema).fingerprint


def document(**changes) -> bytes:
    base = json.loads(encoded("family_name,given_name,date_of_birth,sex,nationality\nSato,Hanako,1990-04-12,F,JP\n"))
    return json.dumps({**base, **changes}).encode()


REFUSED = [
    ("a CSV file", b"family_name,given_name\nSato,Hanako\n", "not an encoded list: send the .clk.json"),
    ("another format", document(format="other"), "not an encoded list made by"),
    ("a stray field", document(names=["Sato"]), "not an encoded list made by"),
    ("another schema", document(schema="0" * 64), "another version of the encoding"),
    ("schema 1", document(schema=earlier_schema_fingerprint(1)), "another version of the encoding"),
    ("schema 2", document(schema=earlier_schema_fingerprint(2)), "another version of the encoding"),
    ("another length", document(bits=2048), "are not 1024 bits long"),
    ("lines that do not match", document(lines=[2, 3]), "The file is damaged"),
    ("a line number twice", document(lines=[2, 2], clks=["A" * 172 + "==", "A" * 172 + "=="]), "damaged"),
    ("no one", document(lines=[], clks=[]), "holds no one"),
    ("a short filter", document(clks=["AAAA"]), "Encoding number 1 is not a filter of 1024 bits"),
    ("not base64", document(clks=["!" * 172]), "Encoding number 1 is not a filter"),
    ("too many", document(lines=list(range(2, MAX_RECORDS + 3)), clks=["A"] * (MAX_RECORDS + 1)), "at most"),
]


@pytest.mark.parametrize("case, data, problem", REFUSED, ids=[case for case, _, _ in REFUSED])
def test_it_refuses_what_is_not_an_encoded_list_of_this_round(world, case, data, problem):
    round_ = open_round(world)
    response = upload(signed_in_client(world.admins[0]), round_, world.participants[0], data)
    assert response.status_code == 400
    assert problem in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not Participation.objects.filter(sealed_encodings__isnull=False).exists()


def test_closed_rounds_appear_on_the_public_figures_page_with_small_cells_hidden(world):
    closed, still_open = open_round(world, title="A closed round"), open_round(world, title="A round still open")
    Round.objects.filter(pk=closed.pk).update(
        status=RoundStatus.CLOSED,
        closed_at=timezone.now(),
        lists=["clinic", "ngo"],
        capture=[[[1, 1], 2], [[1, 0], 40], [[0, 1], 31]],
        figures={"estimate": 660.0, "published": {"estimate": 660.0, "interval": [400.0, 1200.0]}},
    )
    visitor = Visitor()
    visitor.get("/en/stats/")
    page = visitor.text()
    assert "A closed round" in page and still_open.title not in page
    section = page[page.index('id="rounds"') :]
    assert re.findall(r'<td class="number">([^<]+)</td>', section) == ["fewer than 3", "40", "31"]
    assert "List A" in section and "Org clinic" not in section  # the public does not learn who took part
    assert "660" in section and "400 – 1,200" in section
