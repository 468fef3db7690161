"""The contacts file: the hours grammar, links per channel, import, export and `tomoshibi directory check`."""

import csv
import io
import shutil
from datetime import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tomoshibi.audit.models import AuditEvent
from tomoshibi.directory import codes
from tomoshibi.directory.csvformat import BUNDLED, BUNDLED_CONTACTS, contact_rows, iter_rows, service_from_row
from tomoshibi.directory.hours import HoursError, next_open, open_at, parse_schedule
from tomoshibi.directory.models import Contact, Service
from tomoshibi.directory.reach import href_for
from tomoshibi.directory.referral_engine import JST
from tomoshibi.directory.tests.fixture import FIXTURE, PENDING, directory_rows, engine_services

WEDNESDAY_0620 = datetime(2026, 3, 4, 6, 20, tzinfo=JST)
SATURDAY_NOON = datetime(2026, 3, 7, 12, 0, tzinfo=JST)
NEW_YEARS_EVE_NOON = datetime(2026, 12, 31, 12, 0, tzinfo=JST)
HOLIDAY_0300 = datetime(2026, 5, 4, 3, 0, tzinfo=JST)  # Greenery Day, a Monday
OFFICE = "mon-fri 08:30-17:15; holidays closed; closed 12-29..01-03"


@pytest.mark.parametrize(
    ("hours", "moment", "expected"),
    [
        ("24h", HOLIDAY_0300, True),
        ("", WEDNESDAY_0620, None),
        (OFFICE, WEDNESDAY_0620, False),
        (OFFICE, datetime(2026, 3, 4, 8, 30, tzinfo=JST), True),
        (OFFICE, SATURDAY_NOON, False),
        (OFFICE, NEW_YEARS_EVE_NOON, False),
        (OFFICE, datetime(2026, 5, 4, 12, 0, tzinfo=JST), False),
        ("mon-fri 09:00-17:00", datetime(2026, 5, 4, 12, 0, tzinfo=JST), None),  # holidays unstated: unknown
        ("daily 22:00-06:00", WEDNESDAY_0620, False),
        ("daily 22:00-06:00", datetime(2026, 3, 4, 5, 59, tzinfo=JST), True),
        ("mon,wed,fri 10:00-12:00,13:00-15:00", datetime(2026, 3, 4, 12, 30, tzinfo=JST), False),
        ("mon,wed,fri 10:00-12:00,13:00-15:00", datetime(2026, 3, 4, 13, 30, tzinfo=JST), True),
        ("sat-sun 10:00-16:00; holidays 10:00-12:00", datetime(2026, 5, 4, 11, 0, tzinfo=JST), True),
        ("sat-sun 10:00-16:00; holidays 10:00-12:00", datetime(2026, 5, 4, 13, 0, tzinfo=JST), False),
        ("daily 00:00-24:00; closed 08-13..08-15", datetime(2026, 8, 14, 12, 0, tzinfo=JST), False),
    ],
)
def test_it_reads_the_hours_grammar(hours, moment, expected):
    assert open_at(parse_schedule(hours), moment) is expected


@pytest.mark.parametrize(
    "hours",
    [
        "weekdays 09:00-17:00",
        "mon-fri 9-17",
        "mon-fri 09:00",
        "closed 12-29",
        "mon 10:00-10:00",
        "mon 25:00-26:00",
        "mon-fri 09:00-17:00; unknown 12-29",
        "mon-fri 09:00-17:00; unknown 13-01..01-03",
    ],
)
def test_it_refuses_hours_outside_the_grammar(hours):
    with pytest.raises(HoursError):
        parse_schedule(hours)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (WEDNESDAY_0620, "2026-03-04T08:30:00+09:00"),  # opens at 08:30, in 2 h 10 min
        (SATURDAY_NOON, "2026-03-09T08:30:00+09:00"),
        (NEW_YEARS_EVE_NOON, "2027-01-04T08:30:00+09:00"),
        (HOLIDAY_0300, "2026-05-07T08:30:00+09:00"),  # Golden Week: 4, 5 and 6 May are holidays
    ],
)
def test_it_says_when_a_closed_contact_opens(moment, expected):
    assert next_open(parse_schedule(OFFICE), moment).isoformat() == expected


YEAR_END_WEDNESDAY_10 = datetime(2026, 12, 30, 10, 0, tzinfo=JST)
MONDAY_28_DEC_EVENING = datetime(2026, 12, 28, 18, 0, tzinfo=JST)


@pytest.mark.parametrize(
    ("hours", "moment", "expected"),
    [
        ("mon-fri 08:30-17:15", YEAR_END_WEDNESDAY_10, None),  # office hours, the source silent on the year-end
        ("mon-fri 09:00-18:00; holidays closed", YEAR_END_WEDNESDAY_10, None),
        ("tue-sat 09:00-17:00; holidays closed", datetime(2027, 1, 2, 10, 0, tzinfo=JST), None),
        ("mon-fri 08:30-17:15", datetime(2027, 1, 4, 10, 0, tzinfo=JST), True),
        ("mon-fri 08:30-17:15", datetime(2026, 12, 28, 10, 0, tzinfo=JST), True),
        ("mon-fri 08:30-17:15; unknown 12-29..01-03", YEAR_END_WEDNESDAY_10, None),
        ("mon-sun 09:00-15:00; unknown 12-29..01-03", YEAR_END_WEDNESDAY_10, None),
        ("mon-fri 09:00-18:00; holidays closed; closed 12-29..01-03", YEAR_END_WEDNESDAY_10, False),
        ("daily 12:00-22:00", datetime(2026, 12, 30, 13, 0, tzinfo=JST), True),  # not office hours
        ("mon-fri 08:30-17:15; closed 12-28..01-04", YEAR_END_WEDNESDAY_10, False),
    ],
)
def test_it_never_guesses_an_office_open_over_the_year_end(hours, moment, expected):
    assert open_at(parse_schedule(hours), moment) is expected


def test_it_does_not_say_when_an_office_opens_if_the_year_end_is_unknown():
    office = parse_schedule("mon-fri 08:30-17:15")
    assert next_open(office, YEAR_END_WEDNESDAY_10) is None
    assert next_open(office, MONDAY_28_DEC_EVENING) is None  # it might open on 29 Dec
    assert next_open(office, datetime(2026, 12, 26, 12, 0, tzinfo=JST)).isoformat() == "2026-12-28T08:30:00+09:00"
    closed = parse_schedule("mon-fri 08:30-17:15; closed 12-29..01-03")
    assert next_open(closed, MONDAY_28_DEC_EVENING).isoformat() == "2027-01-04T08:30:00+09:00"


def test_no_bundled_office_is_said_to_be_open_over_the_year_end():
    """Public offices close from 29 Dec to 3 Jan: a bundled contact with office hours (no Sunday) is
    closed then when its source says so, and unknown when the source is silent; never open."""
    rows = [row for row in contact_rows(BUNDLED_CONTACTS) if row["hours"] not in ("", "24h")]
    offices = [row for row in rows if all(6 not in p.days for p in parse_schedule(row["hours"]).periods)]
    said_open = [row["service_id"] for row in offices if open_at(parse_schedule(row["hours"]), YEAR_END_WEDNESDAY_10)]
    assert offices and not said_open, said_open
    by_value = {row["value"]: parse_schedule(row["hours"]) for row in rows}
    assert open_at(by_value["058-213-2131"], YEAR_END_WEDNESDAY_10) is False  # wc-21-gifu: 年末年始を除く
    for number in ("0952-26-1750", "0952-26-1212"):  # osc-41-sagamirai, wc-41-saga: the source is silent
        assert open_at(by_value[number], YEAR_END_WEDNESDAY_10) is None
        assert next_open(by_value[number], YEAR_END_WEDNESDAY_10) is None


def test_it_gives_no_next_opening_when_open_or_unknown():
    assert next_open(parse_schedule("24h"), WEDNESDAY_0620) is None
    assert next_open(parse_schedule(""), WEDNESDAY_0620) is None


@pytest.mark.parametrize(
    ("channel", "value", "href"),
    [
        ("phone", "#8891", "tel:%238891"),
        ("phone", "0570-078374", "tel:0570-078374"),
        ("phone", "call us", None),
        ("line", "https://line.me/R/ti/p/@example-bond", "https://line.me/R/ti/p/@example-bond"),
        ("line", "https://lin.ee/abc123", "https://lin.ee/abc123"),
        ("line", "@example-bond", None),
        ("line", "https://example.org/line", None),
        ("web", "https://example.org/contact", "https://example.org/contact"),
        ("web", "http://example.org/", None),
        ("email", "info@example.org", "mailto:info@example.org"),
        ("visit", "東京都港区六本木5-15-5", None),
    ],
)
def test_it_makes_a_link_that_works_for_each_channel(channel, value, href):
    assert href_for(channel, value) == href


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("directory", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    """The test directory as two files side by side, as `tomoshibi directory import` reads them."""
    services, contacts = directory_rows()
    write(tmp_path / "support-directory.csv", services)
    write(tmp_path / "contacts.csv", contacts)
    return tmp_path


def write(path, rows):
    columns = [c for c in rows[0] if c != "line"]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def contact_rows_of(path):
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.django_db
def test_it_imports_the_contacts_beside_the_services_and_audits_it(files):
    out, _err = run("import", str(files / "support-directory.csv"))
    assert f"{len(contact_rows_of(files / 'contacts.csv'))} contacts from" in out
    bond = Contact.objects.get(service_id="ngo-bond", channel="line")
    assert bond.value.startswith("https://line.me/") and bond.hours == "mon,wed,fri 10:00-22:00"
    event = AuditEvent.objects.get(action="directory.imported")
    assert event.new_values["contacts"] == Contact.objects.count()


@pytest.mark.django_db
def test_it_refuses_a_contact_that_cannot_be_reached_naming_its_line(files):
    rows = contact_rows_of(files / "contacts.csv")
    rows[3]["value"] = "call the office"
    write(files / "contacts.csv", rows)
    with pytest.raises(CommandError) as error:
        run("import", str(files / "support-directory.csv"))
    assert "line 5" in str(error.value) and "Nothing was imported" in str(error.value)
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_directory_without_a_service_the_rules_name(files):
    rows = [row for row in contact_rows_of(files / "support-directory.csv") if row["id"] != "nat-ihc"]
    write(files / "support-directory.csv", rows)
    write(files / "contacts.csv", [r for r in contact_rows_of(files / "contacts.csv") if r["service_id"] != "nat-ihc"])
    with pytest.raises(CommandError) as error:
        run("import", str(files / "support-directory.csv"))
    assert "services the referral rules name are missing: nat-ihc" in str(error.value)


@pytest.mark.django_db
def test_it_exports_the_contacts_as_they_were_imported(files, tmp_path):
    run("import", str(files / "support-directory.csv"))
    run("export", str(tmp_path / "out.csv"), "--contacts", str(tmp_path / "out-contacts.csv"))
    assert contact_rows_of(tmp_path / "out-contacts.csv") == contact_rows_of(files / "contacts.csv")


def test_the_check_passes_on_services_checked_against_their_sources(files):
    """The services the fixture gives contacts for, dated and sourced as a maintainer would after checking."""
    contacts = contact_rows_of(files / "contacts.csv")
    sources = {row["service_id"]: row["source_url"] for row in contacts}
    services = [
        row | {"source_url": sources[row["id"]], "last_checked": "2026-12-01"}
        for row in contact_rows_of(files / "support-directory.csv")
        if row["id"] in sources
    ]
    write(files / "support-directory.csv", services)
    out, _err = run("check", "--services", str(files / "support-directory.csv"), "--today", "2026-12-06")
    assert "No problems" in out


def test_the_check_lists_what_a_maintainer_must_fix(files):
    services = contact_rows_of(files / "support-directory.csv")
    services[0]["source_url"] = "https://example.hatenablog.com/entry/8891"
    services[1]["last_checked"] = "2024-01-10"
    write(files / "support-directory.csv", services)
    contacts = [r for r in contact_rows_of(files / "contacts.csv") if r["service_id"] != "ngo-bond"]
    write(files / "contacts.csv", contacts + [{**contacts[0], "service_id": "ngo-bond", "source_url": ""}])
    text = failed_check(files)
    assert f"service {services[0]['id']}: source is a blog, news site or aggregator" in text
    assert f"service {services[1]['id']}: last checked 2024-01-10, more than a year ago" in text
    assert "(ngo-bond phone): no source_url" in text


def test_the_check_refuses_a_news_report_as_a_source(files):
    services = contact_rows_of(files / "support-directory.csv")
    services[0]["source_url"] = "https://mainichi.jp/articles/20180228/ddl/k16/040/240000c"
    write(files / "support-directory.csv", services)
    assert f"service {services[0]['id']}: source is a blog, news site or aggregator" in failed_check(files)


def test_the_check_lists_a_service_nobody_can_reach(files):
    shutil.copy(FIXTURE / "contacts.csv", files / "contacts.csv")
    assert "service nat-male-hotline: no reachable contact" in failed_check(files)


def failed_check(files) -> str:
    """What `tomoshibi directory check` lists before it fails."""
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "directory",
            "check",
            "--services",
            str(files / "support-directory.csv"),
            "--today",
            "2026-12-06",
            stdout=out,
        )
    return out.getvalue()


def test_the_check_passes_on_the_bundled_directory():
    """The shipped files, as `tomoshibi directory check` reads them on the day the tests run.

    It fails when a row's `last_checked` turns a year old: that is the point (the row must be read
    against its source again, or moved to data/pending.csv).
    """
    out, _err = run("check")
    assert "No problems in support-directory.csv and contacts.csv." in out


def test_the_pending_services_are_not_shipped_and_say_what_must_be_confirmed():
    bundled = {row["id"] for row in iter_rows(BUNDLED)}
    with PENDING.open(encoding="utf-8", newline="") as stream:
        pending = list(csv.DictReader(stream))
    assert pending and not bundled & {row["id"] for row in pending}
    assert all(row["to_confirm"] for row in pending)
    assert not {row["service_id"] for row in contact_rows(BUNDLED_CONTACTS)} - bundled
    assert set(codes.NAMED_SERVICES) <= bundled
    assert set(codes.NAMED_WHEN_CONFIRMED) <= bundled | {row["id"] for row in pending}


def test_the_fixture_calls_no_real_stranger():
    """Every number the tests' directory can dial (its own data and the pending services it loads, as the
    engine reaches them) is either a bundled, officially confirmed one or in 03-0000-xxxx, a range no line
    can have: a fixture loaded by mistake cannot send a person to a stranger."""
    confirmed = {row["value"] for row in contact_rows(BUNDLED_CONTACTS) if row["channel"] == "phone"}
    confirmed |= {number for row in iter_rows(BUNDLED) for number in service_from_row(row, ()).numbers}
    services = engine_services()
    dialled = {c.value for s in services for c in s.reach if c.channel == "phone"}
    dialled |= {number for s in services for number in s.numbers}
    unconfirmed = sorted(number for number in dialled if number not in confirmed)
    pending_ids = {row["id"] for row in iter_rows(PENDING) if row["phone"].strip()}
    pending = [s for s in services if s.id in pending_ids]
    assert pending and all(s.numbers and s.numbers[0].startswith("03-0000-") for s in pending)
    assert unconfirmed and all(number.startswith("03-0000-") for number in unconfirmed), unconfirmed
