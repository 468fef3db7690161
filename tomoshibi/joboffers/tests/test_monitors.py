"""The monitors' side: a file of offers ranked by concern, an offer kept as a sealed case, and nothing else kept."""

import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as reverse_in_japanese
from django.utils import translation

from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.tests.test_dump import database_bytes
from tomoshibi.joboffers.models import OfferCase
from tomoshibi.joboffers.tests.test_checker import CONVENIENCE_STORE, MODEL_WORK, VIETNAMESE_BROKER
from tomoshibi.testing.personas import make_organisation, make_staff, post_form, signed_in_client


def reverse(name, **kwargs):
    """The English page, so that the assertions read the English words."""
    with translation.override("en"):
        return reverse_in_japanese(name, **kwargs)


NOTE = "Seen on the page of a Hanoi broker, lead 4471-kiku"


@pytest.fixture
def org(db):
    return make_organisation("ngo-watch")


@pytest.fixture
def monitor(org):
    return make_staff(org, Role.MONITOR, "monitor@watch.example")


@pytest.fixture
def monitor_client(monitor):
    return signed_in_client(monitor)


def offers_file():
    lines = [
        json.dumps({"id": i, "text": t}, ensure_ascii=False)
        for i, t in (("a", CONVENIENCE_STORE), ("b", VIETNAMESE_BROKER), ("c", MODEL_WORK))
    ]
    return SimpleUploadedFile("offers.jsonl", "\n".join(lines).encode(), content_type="application/jsonl")


def batch_url(org):
    return reverse("joboffers:batch", kwargs={"organisation_slug": org.slug})


def test_a_monitor_sees_a_file_of_offers_ranked_by_concern_and_nothing_is_kept(monitor_client, org):
    page = post_form(monitor_client, batch_url(org), {"file": offers_file()})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("<h3>b:") < text.index("<h3>a:") and text.index("<h3>c:") < text.index("<h3>a:")
    assert "Someone else keeps the passport or residence card" in text
    assert OfferCase.objects.count() == 0


def test_a_monitor_keeps_an_offer_sealed_that_only_casework_staff_can_open(monitor_client, monitor, org):
    saved = post_form(
        monitor_client,
        reverse("joboffers:save_case", kwargs={"organisation_slug": org.slug}),
        {"text": VIETNAMESE_BROKER, "note": NOTE},
    )
    case = OfferCase.objects.get()
    assert saved.status_code == 302 and case.level == "strong_signs" and "documents_kept" in case.sign_ids
    page = monitor_client.get(saved["Location"]).content.decode()
    assert monitor.membership.wrapped_key is None and "giữ hộ chiếu" not in page and NOTE not in page
    assert "Monitors cannot, so that checking job offers never gives access" in page
    counsellor = signed_in_client(make_staff(org, Role.COUNSELLOR, "counsellor@watch.example"))
    page = counsellor.get(saved["Location"]).content.decode()
    assert "giữ hộ chiếu" in page and NOTE in page
    actions = set(AuditEvent.objects.filter(organisation=org.organisation).values_list("action", flat=True))
    assert {"joboffers.case_saved", "joboffers.case_viewed"} <= actions
    listing = monitor_client.get(reverse("joboffers:cases", kwargs={"organisation_slug": org.slug})).content.decode()
    assert f"Case {case.pk}" in listing and "giữ hộ chiếu" not in listing


@pytest.mark.django_db(transaction=True)
def test_a_saved_offer_and_its_note_are_not_in_the_database_in_clear(org):
    client = signed_in_client(make_staff(org, Role.MONITOR, "monitor@watch.example"))
    post_form(
        client,
        reverse("joboffers:save_case", kwargs={"organisation_slug": org.slug}),
        {"text": VIETNAMESE_BROKER, "note": NOTE},
    )
    assert OfferCase.objects.count() == 1
    stored = database_bytes()
    for fragment in ("giữ hộ chiếu".encode(), "Phí xuất cảnh".encode(), b"4471-kiku", b"Hanoi broker"):
        assert fragment not in stored


def test_a_monitor_deletes_a_case(monitor_client, org):
    post_form(
        monitor_client, reverse("joboffers:save_case", kwargs={"organisation_slug": org.slug}), {"text": MODEL_WORK}
    )
    case = OfferCase.objects.get()
    url = reverse("joboffers:delete_case", kwargs={"organisation_slug": org.slug, "case_id": case.pk})
    assert post_form(monitor_client, url).status_code == 302
    assert not OfferCase.objects.exists()
    assert AuditEvent.objects.filter(action="joboffers.case_deleted").exists()


def test_a_monitor_cannot_read_the_organisation_s_consultations(monitor_client, org):
    for name in ("consultations:inbox", "accounts:tokens"):
        assert monitor_client.get(reverse(name, kwargs={"organisation_slug": org.slug})).status_code == 404
    home = monitor_client.get(reverse("accounts:home")).content.decode()
    assert "Job offers: check and saved cases" in home and "Consultation inbox" not in home


def test_a_monitor_is_never_given_the_organisation_s_key(org, monitor):
    from tomoshibi.accounts.actions import do_change_role, do_grant_key

    with pytest.raises(ValueError):
        do_grant_key(monitor.membership, private_key=org.private_key, acting_user=None)
    counsellor = make_staff(org, Role.COUNSELLOR, "was-counsellor@watch.example")
    assert counsellor.membership.wrapped_key is not None
    do_change_role(counsellor.membership, role=Role.MONITOR, acting_user=None)
    counsellor.membership.refresh_from_db()
    assert counsellor.membership.wrapped_key is None and not counsellor.membership.awaits_key


def test_a_counsellor_may_check_offers_too(org):
    client = signed_in_client(make_staff(org, Role.COUNSELLOR, "counsellor@watch.example"))
    assert client.get(batch_url(org)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Choose a file or paste at least one offer."), ({"text": '{"id": 1}'}, 'expected an object with a "text"')],
)
def test_a_batch_that_cannot_be_read_says_why(monitor_client, org, data, message):
    page = post_form(monitor_client, batch_url(org), data)
    assert page.status_code == 400 and message in html.unescape(page.content.decode())


def test_saved_cases_are_deleted_after_the_organisation_s_retention_period(org):
    from datetime import timedelta

    from django.utils import timezone

    from tomoshibi.joboffers.actions import do_save_offer_case
    from tomoshibi.joboffers.checker import check_offer
    from tomoshibi.joboffers.tasks import delete_expired_offer_cases

    organisation = org.organisation
    old = do_save_offer_case(organisation, check_offer(MODEL_WORK), note="", acting_user=None)
    recent = do_save_offer_case(organisation, check_offer(VIETNAMESE_BROKER), note="", acting_user=None)
    OfferCase.objects.filter(pk=old.pk).update(
        saved_at=timezone.now() - timedelta(days=organisation.retention_days + 1)
    )
    assert delete_expired_offer_cases.func() == 1
    assert list(OfferCase.objects.values_list("pk", flat=True)) == [recent.pk]
    assert AuditEvent.objects.filter(action="joboffers.case_deleted", actor=None).exists()
