"""The analysts' work, through the real pages: claim, assess, forward, follow up, confirm removal."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tomoshibi.audit.models import AuditEvent
from tomoshibi.hotline.actions import do_claim_next_report, do_delete_expired_reports, do_import_known_hashes
from tomoshibi.hotline.canonical import url_hash
from tomoshibi.hotline.models import HotlineEvent, Report, ReportStep, Status, StepKind
from tomoshibi.hotline.tasks import mark_checks_due
from tomoshibi.testing.personas import (
    check_status,
    file_report,
    fresh_code,
    post_form,
    receipt_from,
    signed_in_client,
    submit,
)

pytestmark = pytest.mark.django_db


def detail_url(report) -> str:
    return reverse("hotline:report_detail", args=[report.pk])


def step_url(name: str, report) -> str:
    return reverse(f"hotline:{name}", args=[report.pk])


def claim_next(client: Client, desk) -> Report | None:
    response = post_form(client, reverse("hotline:claim_next", args=[desk.slug]))
    assert response.status_code == 302
    match = re.search(r"/reports/([0-9a-f-]{36})/", response["Location"])
    return Report.objects.get(pk=match.group(1)) if match else None


def assess(client: Client, report, decision="illegal", laws=("child_prostitution_pornography_act",)):
    return post_form(client, step_url("assess", report), {"decision": decision, "legal_basis": list(laws)})


def test_it_orders_the_queue_by_priority_then_age(hotline, analyst):
    old_other, _ = submit(hotline, "https://a.example/", category="trafficking")
    child, _ = submit(hotline, "https://b.example/", category="csam")
    new_other, _ = submit(hotline, "https://c.example/", category="illegal_recruitment")
    do_import_known_hashes(hotline.desk, [url_hash("https://c.example/")], list_name="partner list")
    order = [do_claim_next_report(hotline.desk, acting_user=analyst.user) for _ in range(4)]
    assert order == [child, new_other, old_other, None]
    new_other.refresh_from_db()
    assert new_other.matches_known_list and new_other.priority > old_other.priority


def test_it_raises_a_report_that_matches_a_known_list_on_arrival(hotline):
    do_import_known_hashes(hotline.desk, [url_hash("https://listed.example/x")], list_name="list")
    report, _ = submit(hotline, "HTTPS://LISTED.example/x#top", category="other")
    assert report.matches_known_list and report.priority > 0


def test_it_takes_a_report_from_form_to_content_removed(hotline, analyst_client):
    receipt = receipt_from(file_report(urls="https://bad-site-2291.example/x", category="csam"))
    report = claim_next(analyst_client, hotline)
    assert "Being assessed" in check_status(receipt).content.decode()

    page = analyst_client.get(detail_url(report)).content.decode()
    assert "https://bad-site-2291.example/x" in page
    assert assess(analyst_client, report).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decision, report.legal_basis) == (
        Status.ASSESSED,
        "illegal",
        ["child_prostitution_pornography_act"],
    )

    data = {"recipient": "Example Hosting, abuse@host.example", "language": "ja"}
    assert post_form(analyst_client, step_url("notice", report), data).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.FORWARDED and report.forwarded_at and report.next_check_at
    assert "Status: Forwarded" in check_status(receipt).content.decode()

    assert post_form(analyst_client, step_url("confirm_removal", report)).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.REMOVED and report.removed_at
    assert "Status: Content removed" in check_status(receipt).content.decode()
    kinds = list(report.steps.values_list("kind", flat=True))
    assert kinds == [StepKind.CLAIMED, StepKind.ASSESSED, StepKind.NOTICE_SENT, StepKind.REMOVAL_CONFIRMED]


def test_it_records_an_audit_event_for_every_step_and_reading(hotline, analyst_client):
    submit(hotline, "https://audited.example/")
    report = claim_next(analyst_client, hotline)
    analyst_client.get(detail_url(report))
    assess(analyst_client, report)
    actions = list(AuditEvent.objects.filter(target_id=str(report.pk)).order_by("id").values_list("action", flat=True))
    assert actions == [
        HotlineEvent.REPORT_RECEIVED,
        HotlineEvent.REPORT_CLAIMED,
        HotlineEvent.REPORT_OPENED,
        HotlineEvent.REPORT_ASSESSED,
    ]
    assert "audited" not in str(list(AuditEvent.objects.values_list("old_values", "new_values")))


def test_it_writes_the_notice_letter_in_japanese_and_in_english(hotline, analyst_client):
    submit(hotline, "https://letter-host.example/page?id=1&x=2")
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report, laws=("penal_code_175", "private_sexual_image_act"))
    for language in ("ja", "en"):
        data = {"recipient": f"Host {language}", "language": language}
        post_form(analyst_client, step_url("notice", report), data)
    steps = report.steps.filter(kind=StepKind.NOTICE_SENT).order_by("id")
    japanese = analyst_client.get(reverse("hotline:letter", args=[report.pk, steps[0].pk]))
    english = analyst_client.get(reverse("hotline:letter", args=[report.pk, steps[1].pk]))
    assert japanese["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in japanese["Content-Disposition"]
    ja_text, en_text = japanese.content.decode(), english.content.decode()
    assert "Host ja 御中" in ja_text and "違法情報の削除について" in ja_text
    assert "https://letter-host.example/page?id=1&x=2" in ja_text
    assert "desk@hotline.example" in ja_text
    assert "To: Host en" in en_text and "Request to remove illegal content" in en_text
    assert "Penal Code art. 175" in en_text and "https://letter-host.example/page?id=1&x=2" in en_text


def test_it_asks_for_the_law_when_the_decision_is_illegal(hotline, analyst_client):
    submit(hotline, "https://no-law.example/")
    report = claim_next(analyst_client, hotline)
    response = assess(analyst_client, report, laws=())
    assert response.status_code == 400
    assert "Choose at least one law the content breaks" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == Status.ASSESSING


def test_it_closes_a_report_that_is_not_actionable(hotline, analyst_client):
    receipt = submit(hotline, "https://fine.example/")[1]
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report, decision="not_actionable", laws=("penal_code_175",))
    report.refresh_from_db()
    assert (report.status, report.legal_basis) == (Status.CLOSED, [])
    assert "Status: Closed" in check_status(receipt).content.decode()


def test_it_tells_an_analyst_the_queue_is_empty_without_a_messages_cookie(hotline, analyst_client):
    response = post_form(analyst_client, reverse("hotline:claim_next", args=[hotline.slug]))
    assert response.status_code == 302
    assert "messages" not in response.cookies  # the notice rides in the session
    page = analyst_client.get(response["Location"])
    assert "The queue is empty" in page.content.decode()
    assert "messages" not in page.cookies


def test_it_returns_a_report_to_the_queue(hotline, analyst_client):
    submit(hotline, "https://back.example/")
    report = claim_next(analyst_client, hotline)
    post_form(analyst_client, step_url("release", report))
    report.refresh_from_db()
    assert (report.status, report.claimed_by) == (Status.RECEIVED, None)


def test_it_forwards_to_a_hotline_abroad(hotline, analyst_client):
    submit(hotline, "https://abroad.example/")
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report)
    data = {"hotline": "NCMEC (United States)", "reference": "CT-1234"}
    post_form(analyst_client, step_url("forward_to_hotline", report), data)
    page = analyst_client.get(detail_url(report)).content.decode()
    assert "NCMEC (United States) (CT-1234)" in page
    assert ReportStep.objects.filter(report=report, kind=StepKind.FORWARDED_TO_HOTLINE).exists()


def test_it_exports_for_the_police_after_confirming_the_password(hotline, analyst, analyst_client):
    submit(hotline, "https://police-1.example/a", "https://police-2.example/b")
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report)
    url = reverse("hotline:police_batch", args=[hotline.slug])
    analyst_client.session.save()
    session = analyst_client.session
    session["staff_session"] = {**session["staff_session"], "confirmed": 0}
    session.save()
    response = analyst_client.get(url)
    assert response.status_code == 302 and reverse("accounts:confirm") in response["Location"]
    confirm = {"password": analyst.password, "code": fresh_code(analyst), "next": url}
    assert post_form(analyst_client, reverse("accounts:confirm"), confirm).status_code == 302
    assert "1 report assessed as illegal" in analyst_client.get(url).content.decode()
    export = post_form(analyst_client, url)
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    text = export.content.decode("utf-8-sig")
    assert "https://police-1.example/a" in text and "https://police-2.example/b" in text
    assert url_hash("https://police-2.example/b") in text
    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    assert "No report assessed as illegal is waiting" in analyst_client.get(url).content.decode()


def test_it_puts_follow_up_checks_on_the_list_when_due(hotline, analyst_client):
    submit(hotline, "https://follow.example/")
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report)
    post_form(analyst_client, step_url("notice", report), {"recipient": "Host", "language": "en"})
    assert mark_checks_due.call() == 0
    Report.objects.filter(pk=report.pk).update(next_check_at=timezone.now() - timedelta(minutes=1))
    assert mark_checks_due.call() == 1
    assert mark_checks_due.call() == 0
    queue = analyst_client.get(reverse("hotline:queue", args=[hotline.slug])).content.decode()
    assert "Follow-up checks due" in queue and report.short_id in queue.split("Follow-up checks due")[1]

    post_form(analyst_client, step_url("still_online", report))
    report.refresh_from_db()
    assert report.check_due_since is None
    assert report.next_check_at > timezone.now() + timedelta(days=2)


def test_it_refuses_a_step_the_report_is_no_longer_in(hotline, analyst_client):
    submit(hotline, "https://late.example/")
    report = claim_next(analyst_client, hotline)
    assess(analyst_client, report, decision="duplicate", laws=())
    response = post_form(analyst_client, step_url("confirm_removal", report))
    assert response.status_code == 302
    page = analyst_client.get(detail_url(report)).content.decode()
    assert "This report changed meanwhile" in page
    assert Report.objects.get(pk=report.pk).status == Status.CLOSED


def test_it_lets_only_the_claimant_or_a_lead_act(hotline, analyst_client, second_analyst, lead):
    submit(hotline, "https://mine.example/")
    report = claim_next(analyst_client, hotline)
    other = signed_in_client(second_analyst)
    assert "Another analyst is handling this report" in other.get(detail_url(report)).content.decode()
    assess(other, report)
    assert Report.objects.get(pk=report.pk).status == Status.ASSESSING
    assert assess(signed_in_client(lead), report).status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.ASSESSED


def test_it_deletes_finished_reports_after_the_retention_period(hotline):
    report, _ = submit(hotline, "https://old.example/")
    kept, _ = submit(hotline, "https://open.example/")
    long_ago = timezone.now() - timedelta(days=hotline.org.organisation.retention_days + 1)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED, closed_at=long_ago)
    assert do_delete_expired_reports() == 1
    assert list(Report.objects.all()) == [kept]
