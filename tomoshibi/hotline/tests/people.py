"""The hotline's personas: a desk with analysts, someone who reports, staff of other organisations.

Reports are filed through the real form (with its CSRF token) or the real actions;
analysts sign in through the accounts login with password and TOTP.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.accounts.tests.personas import Org, Staff, make_organisation, make_staff, post_form, signed_in_client
from tomoshibi.hotline.actions import Submission, do_create_desk, do_submit_report
from tomoshibi.hotline.intake import read_addresses

RECEIPT = re.compile(r'<p class="receipt" id="receipt">(\d{4} \d{4} \d{4} \d{4})</p>')


@dataclass
class Desk:
    org: Org
    desk: object

    @property
    def slug(self) -> str:
        return self.org.slug


def make_desk(slug: str) -> Desk:
    org = make_organisation(slug)
    return Desk(org, do_create_desk(org.organisation, contact_email=f"desk@{slug}.example"))


@pytest.fixture
def hotline(db):
    return make_desk("hotline")


@pytest.fixture
def analyst(hotline) -> Staff:
    return make_staff(hotline.org, Role.COUNSELLOR, "analyst@hotline.example")


@pytest.fixture
def second_analyst(hotline) -> Staff:
    return make_staff(hotline.org, Role.COUNSELLOR, "second@hotline.example")


@pytest.fixture
def lead(hotline) -> Staff:
    return make_staff(hotline.org, Role.SUPERVISOR, "lead@hotline.example")


@pytest.fixture
def other_hotline(db):
    """A second hotline organisation on the same platform."""
    return make_desk("other-hotline")


@pytest.fixture
def outsider(other_hotline) -> Staff:
    """An admin of the other hotline: a staff member, but not of this hotline."""
    return make_staff(other_hotline.org, Role.ADMIN, "admin@other.example")


@pytest.fixture
def analyst_client(analyst) -> Client:
    return signed_in_client(analyst)


def report_form_data(**fields) -> dict:
    data = {"urls": "https://example.com/page", "category": "csam", "seen_on": "website", "description": ""}
    data.update(fields)
    return data


def file_report(client: Client | None = None, language: str = "en", **fields):
    """Fill in and send the public report form like a browser; returns the response."""
    client = client or Client(enforce_csrf_checks=True)
    url = reverse("hotline:report").replace("/en/", f"/{language}/", 1)
    client.get(url)
    return post_form(client, url, report_form_data(**fields))


def receipt_from(response) -> str:
    match = RECEIPT.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


def submit(desk: Desk, *urls: str, category: str = "trafficking", description: str = "", **fields):
    """A report straight through the action (for tests about what happens after it arrives)."""
    submission = Submission(
        addresses=read_addresses(urls or ["https://example.com/page"]).addresses,
        category=category,
        seen_on=fields.pop("seen_on", "website"),
        language=fields.pop("language", "en"),
        description=description,
        **fields,
    )
    return do_submit_report(desk.desk, submission)


def check_status(receipt: str, client: Client | None = None):
    client = client or Client(enforce_csrf_checks=True)
    client.get(reverse("hotline:status"))
    return post_form(client, reverse("hotline:status"), {"receipt": receipt})
