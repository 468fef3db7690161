import time

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts import lockout, session
from tomoshibi.audit.models import Action, AuditEvent

from .personas import fresh_code, post_form, sign_in, signed_in_client

pytestmark = pytest.mark.django_db


def fail_sign_in(client, staff, times):
    return [sign_in(client, staff, password="wrong-password-xyz") for _ in range(times)]


def test_it_locks_the_account_after_repeated_failures_even_with_the_right_password_after(counsellor):
    client = Client(enforce_csrf_checks=True)
    responses = fail_sign_in(client, counsellor, lockout.THRESHOLD)
    assert "locked" in responses[-1].content.decode()
    right = sign_in(client, counsellor)
    assert right.status_code == 200 and "locked" in right.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302
    assert AuditEvent.objects.filter(action=Action.STAFF_LOCKED_OUT, actor=counsellor.user).exists()


def test_it_counts_per_account_not_per_connection(counsellor, supervisor):
    fail_sign_in(Client(enforce_csrf_checks=True), counsellor, lockout.THRESHOLD)
    other_connection = Client(enforce_csrf_checks=True)
    assert "locked" in sign_in(other_connection, counsellor).content.decode()
    assert sign_in(other_connection, supervisor).status_code == 302


def test_it_locks_unknown_names_the_same_way_so_it_reveals_no_accounts(counsellor):
    client = Client(enforce_csrf_checks=True)
    counsellor.user.username = "ghost@nowhere.example"
    responses = fail_sign_in(client, counsellor, lockout.THRESHOLD + 1)
    assert "locked" in responses[-1].content.decode()


def test_it_unlocks_after_the_lock_period(counsellor, settings):
    client = Client(enforce_csrf_checks=True)
    fail_sign_in(client, counsellor, lockout.THRESHOLD)
    lockout.clear(counsellor.email)  # what the cache expiry does after LOCK_SECONDS
    assert sign_in(client, counsellor).status_code == 302


def age_session(client, seconds: float, field="seen"):
    stored = client.session
    state = dict(stored[session.FIELD])
    state[field] = time.time() - seconds
    stored[session.FIELD] = state
    stored.save()


def test_it_ends_the_session_after_inactivity(counsellor):
    client = signed_in_client(counsellor)
    age_session(client, session.idle_seconds() + 1)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and "expired=1" in response["Location"]
    login_page = client.get(response["Location"])
    assert "without activity" in login_page.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302


def test_it_keeps_the_session_while_active(counsellor):
    client = signed_in_client(counsellor)
    age_session(client, session.idle_seconds() - 60)
    assert client.get(reverse("accounts:home")).status_code == 200
    assert client.get(reverse("accounts:home")).status_code == 200


def test_it_shows_back_a_reply_being_sent_when_the_session_has_expired(counsellor, org_a):
    client = signed_in_client(counsellor)
    age_session(client, session.idle_seconds() + 1)
    url = reverse("accounts:password")
    response = post_form(client, url, {"body": "A half-written answer that must not be lost"})
    assert response.status_code == 401
    assert "A half-written answer that must not be lost" in response.content.decode()


def test_it_asks_for_password_and_code_again_before_an_export(org_admin, org_a):
    client = signed_in_client(org_admin)
    age_session(client, session.confirmation_seconds() + 1, field="confirmed")
    export = reverse("audit:export", args=[org_a.slug])
    response = client.get(export)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm"))
    wrong = post_form(
        client, response["Location"], {"password": "wrong-password-xyz", "code": "123456", "next": export}
    )
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    right = post_form(
        client,
        reverse("accounts:confirm"),
        {"password": org_admin.password, "code": fresh_code(org_admin), "next": export},
    )
    assert right.status_code == 302 and right["Location"] == export
    assert client.get(export).status_code == 200


def test_it_signs_out_after_too_many_failed_confirmations(org_admin, org_a):
    client = signed_in_client(org_admin)
    age_session(client, session.confirmation_seconds() + 1, field="confirmed")
    for _ in range(lockout.THRESHOLD):
        response = post_form(client, reverse("accounts:confirm"), {"password": "wrong-password-xyz", "code": "123456"})
    assert response.status_code == 302 and "notice=locked" in response["Location"]
    assert client.get(reverse("accounts:home")).status_code == 302


def test_it_refuses_a_next_address_on_another_site(org_admin):
    client = signed_in_client(org_admin)
    data = {"password": org_admin.password, "code": fresh_code(org_admin), "next": "https://evil.example/"}
    response = post_form(client, reverse("accounts:confirm"), data)
    assert response["Location"] == reverse("accounts:home")


@pytest.mark.parametrize("url_name", ["accounts:settings", "accounts:tokens"])
def test_it_asks_again_before_retention_settings_and_api_tokens(org_admin, org_a, url_name):
    client = signed_in_client(org_admin)
    age_session(client, session.confirmation_seconds() + 1, field="confirmed")
    response = client.get(reverse(url_name, args=[org_a.slug]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm"))
