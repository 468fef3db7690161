import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tomoshibi.accounts import lockout, session
from tomoshibi.accounts.models import AccountsEvent
from tomoshibi.audit.models import AuditEvent
from tomoshibi.core.models import RateCounter
from tomoshibi.testing.personas import csrf_token, fresh_code, post_form, sign_in, signed_in_client

pytestmark = pytest.mark.django_db


STRANGER = "203.0.113.66"
OWN_NETWORK = "198.51.100.7"


def fail_sign_in(client, staff, times):
    return [sign_in(client, staff, password="wrong-password-xyz") for _ in range(times)]


def client_from(address: str) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def test_it_pauses_a_failing_client_even_with_the_right_password_after(counsellor):
    client = client_from(STRANGER)
    responses = fail_sign_in(client, counsellor, lockout.THRESHOLD)
    assert "paused" in responses[-1].content.decode()
    right = sign_in(client, counsellor)
    assert right.status_code == 200 and "paused" in right.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AccountsEvent.STAFF_LOCKED_OUT, actor=counsellor.user).count() == 1


def test_it_lets_the_person_in_from_their_own_network_while_a_stranger_fails_for_their_address(counsellor):
    stranger = client_from(STRANGER)
    for _round in range(3):  # the stranger keeps trying, round after round
        fail_sign_in(stranger, counsellor, lockout.THRESHOLD + 2)
        assert sign_in(client_from(OWN_NETWORK), counsellor).status_code == 302
    assert "paused" in sign_in(stranger, counsellor).content.decode()


def test_it_lets_a_clean_client_in_even_when_many_clients_have_attacked_the_account(counsellor):
    for number in range(lockout.ACCOUNT_ALERT // lockout.THRESHOLD + 1):
        fail_sign_in(client_from(f"203.0.113.{number + 1}"), counsellor, lockout.THRESHOLD)
    assert lockout.account_under_attack(counsellor.email)
    assert sign_in(client_from(OWN_NETWORK), counsellor).status_code == 302


def test_it_gives_each_new_client_a_single_guess_while_the_account_is_under_attack(counsellor):
    for number in range(lockout.ACCOUNT_ALERT // lockout.THRESHOLD + 1):
        fail_sign_in(client_from(f"203.0.113.{number + 1}"), counsellor, lockout.THRESHOLD)
    newcomer = client_from("192.0.2.200")
    assert "not right" in fail_sign_in(newcomer, counsellor, 1)[0].content.decode()
    assert "paused" in sign_in(newcomer, counsellor).content.decode()  # even the right password now


def test_it_pauses_a_client_that_sprays_many_accounts(counsellor):
    client = client_from(STRANGER)
    csrf_token(client, reverse("accounts:login"))
    for number in range(lockout.CLIENT_THRESHOLD):
        data = {"email": f"guess{number}@a.example", "password": "wrong-password-xyz", "code": "123456"}
        post_form(client, reverse("accounts:login"), data)
    assert "paused" in sign_in(client, counsellor).content.decode()
    assert sign_in(client_from(OWN_NETWORK), counsellor).status_code == 302


def test_it_answers_unknown_names_the_same_way_so_it_reveals_no_accounts(counsellor):
    client = client_from(STRANGER)
    counsellor.user.username = "ghost@nowhere.example"
    responses = fail_sign_in(client, counsellor, lockout.THRESHOLD + 1)
    assert "paused" in responses[-1].content.decode()


def test_it_forgets_the_failures_after_the_lock_period(counsellor):
    client = client_from(STRANGER)
    fail_sign_in(client, counsellor, lockout.THRESHOLD)
    RateCounter.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # LOCK_SECONDS later
    assert sign_in(client, counsellor).status_code == 302


def test_it_evaluates_at_most_the_limit_of_attempts_that_arrive_together(counsellor):
    """The old check-then-count race: every attempt takes its number before any is checked."""
    attempts = [lockout.begin(counsellor.email, "one-client") for _ in range(40)]
    assert [attempt.number for attempt in attempts] == list(range(1, 41))
    assert sum(attempt.allowed for attempt in attempts) == lockout.THRESHOLD


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
    export = reverse("accounts:audit_export", args=[org_a.slug])
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


def test_it_pauses_guessing_the_current_password_on_the_change_form(counsellor):
    # A session left open on a shared laptop must not let someone guess the password at speed.
    client = signed_in_client(counsellor)
    url = reverse("accounts:password")
    new = "violet harbour lantern 1987 quietly"
    guess = {"current_password": "wrong-password-xyz", "new_password": new, "new_password_again": new}
    pages = [post_form(client, url, guess).content.decode() for _ in range(lockout.THRESHOLD)]
    assert "not your current password" in pages[0] and "paused" in pages[-1]
    right = post_form(client, url, guess | {"current_password": counsellor.password})
    assert right.status_code == 200 and "paused" in right.content.decode()  # the sixth is refused, even right
    counsellor.user.refresh_from_db()
    assert counsellor.user.check_password(counsellor.password)
    assert AuditEvent.objects.filter(action=AccountsEvent.STAFF_LOCKED_OUT).count() == 1


def test_it_pauses_guessing_the_password_on_the_recovery_form(org_a):
    from tomoshibi.accounts.models import Role
    from tomoshibi.testing.personas import make_staff

    admin = make_staff(org_a, Role.ADMIN, "first@a.example", with_key=False)
    client = signed_in_client(admin)
    url = reverse("accounts:recover", args=[org_a.slug])
    for _ in range(lockout.THRESHOLD):
        post_form(client, url, {"recovery_key": org_a.recovery_key, "password": "wrong-password-xyz"})
    right = post_form(client, url, {"recovery_key": org_a.recovery_key, "password": admin.password})
    assert right.status_code == 200 and "paused" in right.content.decode()
    admin.membership.refresh_from_db()
    assert not admin.membership.has_key
