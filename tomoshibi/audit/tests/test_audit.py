import pytest
from django.db import transaction
from django.urls import reverse

from tomoshibi.accounts.models import AccountsEvent
from tomoshibi.audit.events import AuditMisuse, record_event
from tomoshibi.audit.models import Action, AuditEvent
from tomoshibi.testing.personas import post_form, signed_in_client, start


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_the_transaction_of_a_change(org_a):
    with pytest.raises(AuditMisuse):
        record_event(AccountsEvent.ORGANISATION_SETTINGS_CHANGED, organisation=org_a.organisation)


@pytest.mark.django_db(transaction=True)
def test_it_disappears_with_a_change_that_is_rolled_back(org_a):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(AccountsEvent.ORGANISATION_SETTINGS_CHANGED, organisation=org_a.organisation)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["x" * 500, {"nested": "text"}, b"bytes"])
def test_it_refuses_free_text_and_structures_as_values(org_a, value):
    with pytest.raises(AuditMisuse):
        record_event(AccountsEvent.ORGANISATION_SETTINGS_CHANGED, organisation=org_a.organisation, new={"field": value})


@pytest.mark.django_db
def test_the_log_shows_every_opening_to_the_organisation_admin(org_admin, counsellor, org_a):
    start(org_a.slug, "A sentence that never reaches the audit log")
    from tomoshibi.consultations.models import Conversation

    conversation = Conversation.objects.get()
    reader = signed_in_client(counsellor)
    for _ in range(3):
        reader.get(reverse("consultations:conversation", args=[conversation.pk]))
    page = signed_in_client(org_admin).get(reverse("accounts:audit_log", args=[org_a.slug])).content.decode()
    assert page.count("Consultation opened") == 3
    assert "counsellor@a.example" in page and "Consultation started" in page and "the person" in page
    assert "A sentence that never reaches" not in page


@pytest.mark.django_db
def test_the_log_is_for_organisation_admins_only(counsellor, supervisor, org_a):
    for staff in (counsellor, supervisor):
        assert signed_in_client(staff).get(reverse("accounts:audit_log", args=[org_a.slug])).status_code == 404


@pytest.mark.django_db
def test_it_exports_the_log_as_csv_and_records_the_export(org_admin, org_a):
    client = signed_in_client(org_admin)
    response = post_form(client, reverse("accounts:audit_export", args=[org_a.slug]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert body.splitlines()[0].startswith("created_at,actor_name,action")
    assert "audit.exported" in body and "staff.signed_in" in body
    assert AuditEvent.objects.filter(action=Action.AUDIT_EXPORTED, actor=org_admin.user).exists()
