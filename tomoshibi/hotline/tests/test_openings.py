"""Every response that carries a report's decrypted content records the opening in the audit trail.

The report page (also when it comes back with a form's errors), the notice letter and the
police export each decrypt the addresses; each must leave a `report.opened` event written
before the response, while pages that show no sealed content (queue, refused steps) leave none.
"""

import pytest
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.hotline.actions import do_assess_report, do_claim_next_report, do_send_notice
from tomoshibi.hotline.models import HotlineEvent
from tomoshibi.testing.personas import make_staff, post_form, signed_in_client, submit

pytestmark = pytest.mark.django_db

ADDRESS = "https://opened-7731.example/listing"
DESCRIPTION = "seen in an advert on 2 May"


def openings(report) -> list[dict]:
    events = AuditEvent.objects.filter(action=HotlineEvent.REPORT_OPENED, target_id=str(report.pk)).order_by("id")
    return [event.new_values for event in events]


def opened_by(report) -> list[str]:
    events = AuditEvent.objects.filter(action=HotlineEvent.REPORT_OPENED, target_id=str(report.pk))
    return list(events.values_list("actor_name", flat=True))


@pytest.fixture
def claimed(hotline, analyst):
    report, _ = submit(hotline, ADDRESS, description=DESCRIPTION)
    do_claim_next_report(hotline.desk, acting_user=analyst.user)
    return report


@pytest.fixture
def assessed(claimed, analyst):
    return do_assess_report(claimed, decision="illegal", legal_basis=["penal_code_175"], acting_user=analyst.user)


def step_url(name: str, report) -> str:
    return reverse(f"hotline:{name}", args=[report.pk])


def test_reading_the_report_records_one_opening(claimed, analyst, analyst_client):
    page = analyst_client.get(step_url("report_detail", claimed))
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    assert openings(claimed) == [{}] and opened_by(claimed) == [analyst.email]


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("assess", {"decision": "illegal"}),  # no law given
        ("assess", {"decision": "no-such-decision"}),
        ("notice", {"recipient": "", "language": "ja"}),
        ("notice", {"recipient": "Host", "language": "fr"}),
        ("forward_to_hotline", {"hotline": "", "reference": "x"}),
        ("forward_to_hotline", {"hotline": "NCMEC", "reference": "x" * 101}),
    ],
)
def test_a_form_with_an_error_shows_the_report_again_and_records_the_opening(assessed, analyst_client, step, data):
    response = post_form(analyst_client, step_url(step, assessed), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert ADDRESS in page and DESCRIPTION in page  # the page holds the decrypted report...
    assert openings(assessed) == [{}]  # ...so its opening is on the audit trail


def test_a_form_with_an_error_opens_nothing_for_a_lead_without_the_key(hotline, claimed):
    lead = make_staff(hotline.org, Role.SUPERVISOR, "keyless@hotline.example", with_key=False)
    response = post_form(signed_in_client(lead), step_url("assess", claimed), {"decision": "illegal"})
    assert response.status_code == 403 and ADDRESS not in response.content.decode()
    assert openings(claimed) == []


def test_a_step_that_succeeds_redirects_without_opening(assessed, analyst_client):
    response = post_form(analyst_client, step_url("notice", assessed), {"recipient": "Host", "language": "en"})
    assert response.status_code == 302 and ADDRESS not in response.content.decode()
    assert openings(assessed) == []
    assert ADDRESS not in analyst_client.get(reverse("hotline:queue", args=["hotline"])).content.decode()
    assert openings(assessed) == []


def test_the_notice_letter_records_its_opening(assessed, analyst):
    step = do_send_notice(assessed, recipient="Host", language="en", acting_user=analyst.user)
    letter = signed_in_client(analyst).get(reverse("hotline:letter", args=[assessed.pk, step.pk]))
    assert letter.status_code == 200 and ADDRESS in letter.content.decode()
    assert openings(assessed) == [{"letter": step.pk}]


@pytest.mark.parametrize("page", ["forward_to_police", "police_batch"])
def test_the_police_export_records_the_opening_of_every_report_in_it(hotline, analyst, assessed, page):
    other, _ = submit(hotline, "https://second-7731.example/")
    do_claim_next_report(hotline.desk, acting_user=analyst.user)
    do_assess_report(other, decision="illegal", legal_basis=["penal_code_175"], acting_user=analyst.user)
    client = signed_in_client(analyst)
    url = step_url(page, assessed) if page == "forward_to_police" else reverse("hotline:police_batch", args=["hotline"])
    confirm = client.get(url)
    assert confirm.status_code == 200 and ADDRESS not in confirm.content.decode()
    assert openings(assessed) == []
    export = post_form(client, url).content.decode("utf-8-sig")
    assert ADDRESS in export
    assert openings(assessed) == [{"export": "police"}] and opened_by(assessed) == [analyst.email]
    if page == "police_batch":
        assert "https://second-7731.example/" in export and openings(other) == [{"export": "police"}]
