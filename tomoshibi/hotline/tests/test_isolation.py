"""Anyone outside a hotline gets, from every staff address of it, the answer a report that does not exist gets.

The matrix: every staff URL of tomoshibi/hotline/urls.py, from the URL table, by GET and by POST, for each kind
of outsider (counsellor, supervisor and admin of another hotline organisation, a member of
an organisation without a desk, a signed-in staff member of no organisation, an anonymous
visitor). For each, the real report (or desk) and a missing one must give the same status,
the same redirect and the same page once the identifiers are masked, and nothing of the
report. The partner API has no staff address: its only read is a report's coarse status,
by receipt (see test_api.py), and a staff session opens nothing there.
"""

import uuid
from dataclasses import dataclass
from itertools import product
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.actions import do_create_staff_account
from tomoshibi.accounts.models import Role
from tomoshibi.accounts.totp import new_key
from tomoshibi.audit.models import AuditEvent
from tomoshibi.hotline.actions import do_assess_report, do_claim_next_report, do_send_notice
from tomoshibi.hotline.api import router
from tomoshibi.hotline.models import Report, ReportStep, Status
from tomoshibi.hotline.plots import FORMATS
from tomoshibi.hotline.views.figures import CHARTS
from tomoshibi.testing.personas import (
    PASSWORD,
    Staff,
    make_organisation,
    make_staff,
    post_form,
    signed_in_client,
    submit,
)
from tomoshibi.testing.urltable import staff_routes

pytestmark = pytest.mark.django_db

ADDRESS = "https://isolated-5120.example/page"
MISSING_DESK = "no-such-desk"
# The matrix is generated from the URL table: every staff URL of the hotline with an argument,
# each argument filled by its rule here (the values it takes for a target). A staff URL with an
# argument that has no rule fails test_url_table.py until the rule is added.
NAMESPACES = ("hotline",)
ARGUMENTS = {
    "report_id": lambda target: [target.report_id],
    "step_id": lambda target: [target.step_id],
    "organisation_slug": lambda target: [target.slug],
    "name": lambda _target: list(CHARTS),
    "image_format": lambda _target: list(FORMATS),
}
# Valid for every step at once: a step that let an outsider through would act on the report.
STEP_DATA = {
    "decision": "not_actionable",
    "legal_basis": ["penal_code_175"],
    "recipient": "Outsider Hosting",
    "language": "en",
    "hotline": "Outsider hotline",
    "reference": "OUT-1",
}


@dataclass(frozen=True)
class Target:
    """The identifiers in one set of URLs: a real report and desk, or missing ones."""

    report_id: str
    step_id: int
    slug: str

    def urls(self) -> list[tuple[str, str]]:
        """(URL name, address) for every staff URL of the hotline that names a report or a desk."""
        found = []
        for route in staff_routes(*NAMESPACES):
            values = [ARGUMENTS[argument](self) for argument in route.arguments]
            found += [(route.name, reverse(route.name, args=args)) for args in product(*values) if args]
        return found

    def masked(self, text: str) -> str:
        """The text with this target's identifiers (also percent-encoded, as in `?next=`) masked."""
        return unquote(text).replace(self.report_id, "REPORT").replace(f"/desk/{self.slug}/", "/desk/DESK/")


def staff_of_no_organisation(email: str) -> Staff:
    totp_key = new_key()
    user, _keys = do_create_staff_account(email=email, password=PASSWORD, totp_key=totp_key)
    return Staff(user, None, PASSWORD, totp_key)


OUTSIDERS = {
    "counsellor of another hotline": lambda other: make_staff(other.org, Role.COUNSELLOR, "c@other.example"),
    "supervisor of another hotline": lambda other: make_staff(other.org, Role.SUPERVISOR, "s@other.example"),
    "admin of another hotline": lambda other: make_staff(other.org, Role.ADMIN, "a@other.example"),
    "member of an organisation without a desk": lambda _other: make_staff(
        make_organisation("shelter"), Role.ADMIN, "admin@shelter.example"
    ),
    "staff member of no organisation": lambda _other: staff_of_no_organisation("nobody@staff.example"),
    "anonymous visitor": None,
}


@pytest.fixture
def forwarded(hotline, analyst):
    """A report in the middle of its life, with a notice letter: every URL has something to show."""
    report, _ = submit(hotline, ADDRESS, category="csam", description="isolation description")
    do_claim_next_report(hotline.desk, acting_user=analyst.user)
    do_assess_report(report, decision="illegal", legal_basis=["penal_code_175"], acting_user=analyst.user)
    step = do_send_notice(report, recipient="Host 5120", language="en", acting_user=analyst.user)
    submit(hotline, "https://waiting-5120.example/")  # something for claim_next to take
    return Report.objects.get(pk=report.pk), step


def answer(client: Client, method: str, url: str, target: Target) -> tuple:
    response = client.get(url) if method == "GET" else post_form(client, url, STEP_DATA)
    location = target.masked(response.get("Location", ""))
    body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith("text/") else ""
    return response.status_code, location, target.masked(body)


def test_the_matrix_covers_every_staff_url_that_names_a_report_or_desk():
    covered = {name for name, _url in Target(str(uuid.uuid4()), 1, MISSING_DESK).urls()}
    expected = {
        *(f"hotline:{name}" for name in ("queue", "claim_next", "police_batch", "figures", "chart")),
        "hotline:letter",
    }
    expected |= {f"hotline:{name}" for name in ("report_detail", "claim", "release", "assess", "notice", "close")}
    expected |= {
        f"hotline:{name}" for name in ("forward_to_hotline", "forward_to_police", "still_online", "confirm_removal")
    }
    assert covered == expected


@pytest.mark.parametrize("kind", list(OUTSIDERS))
def test_an_outsider_gets_the_answer_of_a_missing_report_from_every_staff_url(kind, hotline, other_hotline, forwarded):
    report, step = forwarded
    make = OUTSIDERS[kind]
    client = signed_in_client(make(other_hotline)) if make else Client(enforce_csrf_checks=True)
    real = Target(str(report.pk), step.pk, hotline.slug)
    missing = Target(str(uuid.uuid4()), step.pk, MISSING_DESK)
    events_before, steps_before = AuditEvent.objects.count(), ReportStep.objects.count()

    differences, leaks, statuses = [], [], set()
    for method in ("GET", "POST"):
        for (name, real_url), (_name, missing_url) in zip(real.urls(), missing.urls(), strict=True):
            got = answer(client, method, real_url, real)
            expected = answer(client, method, missing_url, missing)
            statuses.add(got[0])
            if got != expected:
                differences.append(f"{method} {name}: {got[:2]} where a missing one gives {expected[:2]}")
            if any(secret in got[2] for secret in (ADDRESS, report.short_id, "isolation description", "Host 5120")):
                leaks.append(f"{method} {name}")

    assert not differences, "\n".join(differences)
    assert not leaks, leaks
    assert statuses <= {302, 404, 405}, statuses  # sign in, not found, or the wrong method: never a page
    report.refresh_from_db()
    assert (report.status, report.claimed_by.get_username()) == (Status.FORWARDED, "analyst@hotline.example")
    assert ReportStep.objects.count() == steps_before
    assert AuditEvent.objects.count() == events_before
    assert Report.objects.filter(status=Status.RECEIVED).count() == 1  # claim_next took nothing


def test_the_api_has_no_staff_address():
    routes = {path: [m for op in ops.operations for m in op.methods] for path, ops in router.path_operations.items()}
    assert routes == {"/reports": ["POST"], "/reports/status": ["POST", "GET"]}


@pytest.mark.parametrize("kind", list(OUTSIDERS))
def test_a_staff_session_is_no_partner_key(kind, hotline, other_hotline, forwarded):
    make = OUTSIDERS[kind]
    client = signed_in_client(make(other_hotline)) if make else Client()
    body = '{"urls": ["https://session-5120.example/"], "category": "other", "seen_on": "forum"}'
    response = client.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 401 and ADDRESS not in response.content.decode()
    assert not Report.objects.filter(category="other").exists()


@pytest.mark.parametrize("kind", ["admin of another hotline", "member of an organisation without a desk"])
def test_the_desks_page_names_no_other_hotline(kind, hotline, other_hotline):
    client = signed_in_client(OUTSIDERS[kind](other_hotline))
    response = client.get(reverse("hotline:desks"))
    assert hotline.org.organisation.name not in response.content.decode()


def test_it_sends_staff_who_are_not_signed_in_to_the_login(hotline):
    response = Client().get(reverse("hotline:queue", args=[hotline.slug]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
