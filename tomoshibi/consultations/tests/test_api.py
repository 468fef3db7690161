from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tomoshibi.accounts.actions import do_create_api_token, do_remove_member
from tomoshibi.accounts.models import ApiToken
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.models import ConsultationEvent, Conversation
from tomoshibi.testing.personas import start

pytestmark = pytest.mark.django_db


def token_for(staff, org):
    _token, secret = do_create_api_token(
        staff.membership, name="t", private_key=org.private_key, acting_user=staff.user
    )
    return secret


def api_get(path, secret):
    return Client().get(f"/api/v1{path}", headers={"Authorization": f"Bearer {secret}"})


def test_it_lists_the_inbox_without_any_text(counsellor, org_a):
    start(org_a.slug, "Words that stay sealed", age_group="minor", danger="yes")
    response = api_get(f"/consultations/{org_a.slug}/inbox", token_for(counsellor, org_a))
    assert response.status_code == 200
    [item] = response.json()
    assert item["age_group"] == "minor" and item["danger"] == "yes" and item["unread"] is True
    assert item["waiting_minutes"] == 0 and "Words" not in response.content.decode()


def test_it_reads_a_conversation_decrypted_with_the_token_and_records_it(counsellor, org_a):
    start(org_a.slug, "Tulong po")
    conversation = Conversation.objects.get()
    response = api_get(f"/consultations/{org_a.slug}/conversations/{conversation.pk}", token_for(counsellor, org_a))
    assert response.status_code == 200
    assert response.json()["messages"][0]["text"] == "Tulong po"
    event = AuditEvent.objects.get(action=ConsultationEvent.CONVERSATION_READ_BY_API)
    assert event.actor == counsellor.user and event.target_id == str(conversation.pk)


@pytest.mark.parametrize("secret", ["", "not-a-token", "x" * 43])
def test_it_refuses_a_missing_or_unknown_token(org_a, secret):
    assert api_get(f"/consultations/{org_a.slug}/inbox", secret).status_code == 401


def test_it_refuses_an_expired_token(counsellor, org_a):
    secret = token_for(counsellor, org_a)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_get(f"/consultations/{org_a.slug}/inbox", secret).status_code == 401


def test_it_refuses_the_token_of_a_removed_member(counsellor, org_admin, org_a):
    secret = token_for(counsellor, org_a)
    do_remove_member(counsellor.membership, acting_user=org_admin.user)
    assert api_get(f"/consultations/{org_a.slug}/inbox", secret).status_code == 401


def test_it_filters_by_status_and_explains_a_wrong_one(counsellor, org_a):
    secret = token_for(counsellor, org_a)
    start(org_a.slug, "one")
    assert api_get(f"/consultations/{org_a.slug}/inbox?status=closed", secret).json() == []
    assert api_get(f"/consultations/{org_a.slug}/inbox?status=maybe", secret).status_code == 422


def test_it_publishes_the_endpoints_in_the_openapi_schema():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/consultations/{organisation}/inbox" in schema["paths"]
    assert "/api/v1/consultations/{organisation}/conversations/{conversation_id}" in schema["paths"]
