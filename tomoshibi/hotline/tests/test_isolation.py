"""Staff of another organisation (even another hotline) get the same 404 as for a report that does not exist."""

import uuid

import pytest
from django.urls import reverse

from tomoshibi.accounts.tests.personas import post_form, signed_in_client
from tomoshibi.hotline.actions import do_assess_report, do_claim_next_report, do_send_notice
from tomoshibi.hotline.models import Report, Status

from .people import submit

pytestmark = pytest.mark.django_db

REPORT_PAGES = ["report_detail"]
REPORT_STEPS = [
    "claim",
    "release",
    "assess",
    "notice",
    "forward_to_hotline",
    "still_online",
    "confirm_removal",
    "close",
]
DESK_PAGES = ["queue", "police_batch", "figures"]


@pytest.fixture
def forwarded_report(hotline, analyst):
    report, _ = submit(hotline, "https://isolated.example/")
    do_claim_next_report(hotline.desk, acting_user=analyst.user)
    do_assess_report(report, decision="illegal", legal_basis=["penal_code_175"], acting_user=analyst.user)
    step = do_send_notice(report, recipient="Host", language="en", acting_user=analyst.user)
    return Report.objects.get(pk=report.pk), step


def test_it_hides_every_report_page_and_step_from_another_organisation(forwarded_report, outsider):
    report, step = forwarded_report
    client = signed_in_client(outsider)
    missing = uuid.uuid4()
    for name in REPORT_PAGES:
        assert client.get(reverse(f"hotline:{name}", args=[report.pk])).status_code == 404
        assert client.get(reverse(f"hotline:{name}", args=[missing])).status_code == 404
    for name in REPORT_STEPS:
        data = {"decision": "not_actionable", "recipient": "x", "language": "en", "hotline": "x"}
        assert post_form(client, reverse(f"hotline:{name}", args=[report.pk]), data).status_code == 404
        assert post_form(client, reverse(f"hotline:{name}", args=[missing]), data).status_code == 404
    assert client.get(reverse("hotline:letter", args=[report.pk, step.pk])).status_code == 404
    assert client.get(reverse("hotline:forward_to_police", args=[report.pk])).status_code == 404
    assert Report.objects.get(pk=report.pk).status == Status.FORWARDED


def test_it_hides_the_desk_pages_from_another_organisation(hotline, outsider):
    client = signed_in_client(outsider)
    for name in DESK_PAGES:
        assert client.get(reverse(f"hotline:{name}", args=[hotline.slug])).status_code == 404
        assert client.get(reverse(f"hotline:{name}", args=["no-such-desk"])).status_code == 404
    chart = reverse("hotline:chart", args=[hotline.slug, "categories", "svg"])
    assert client.get(chart).status_code == 404


def test_it_lets_no_one_claim_from_another_desk(hotline, outsider):
    submit(hotline, "https://unclaimable.example/")
    client = signed_in_client(outsider)
    assert post_form(client, reverse("hotline:claim_next", args=[hotline.slug])).status_code == 404
    assert Report.objects.get().status == Status.RECEIVED


def test_it_sends_staff_who_are_not_signed_in_to_the_login(hotline):
    from django.test import Client

    response = Client().get(reverse("hotline:queue", args=[hotline.slug]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
