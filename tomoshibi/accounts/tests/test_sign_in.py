import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.models import AccountsEvent
from tomoshibi.audit.models import AuditEvent
from tomoshibi.testing.personas import fresh_code, post_form, sign_in, signed_in_client
from tomoshibi.vault.keyring import COOKIE_NAME

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_password_and_code_and_unlocks_the_organisation_key(counsellor, org_a):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, counsellor)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert org_a.organisation.name in home.content.decode()
    assert COOKIE_NAME in client.cookies
    assert AuditEvent.objects.filter(action=AccountsEvent.STAFF_SIGNED_IN, actor=counsellor.user).count() == 1


def test_it_refuses_a_right_password_with_a_wrong_code(counsellor):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, counsellor, code="000000")
    assert response.status_code == 200
    assert "password or code is not right" in response.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302


def test_it_refuses_a_wrong_password_with_the_same_message_as_an_unknown_account(counsellor):
    client = Client(enforce_csrf_checks=True)
    wrong = sign_in(client, counsellor, password="not-the-password-at-all")
    counsellor.user.username = "nobody@nowhere.example"
    unknown = sign_in(client, counsellor)
    assert wrong.content.decode().count("not right") == 1
    assert unknown.content.decode().count("not right") == 1


def test_it_keeps_the_organisation_key_out_of_the_session_row(counsellor, org_a):
    signed_in_client(counsellor)
    for session in Session.objects.all():
        data = session.session_data
        assert org_a.private_key.hex() not in data
        assert str(session.get_decoded()).find(org_a.private_key.hex()) == -1


def test_it_asks_for_sign_in_on_staff_pages_without_a_session():
    response = Client().get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_signs_out_and_forgets_the_key_cookie(counsellor):
    client = signed_in_client(counsellor)
    response = post_form(client, reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.cookies[COOKIE_NAME].value == ""
    assert client.get(reverse("accounts:home")).status_code == 302


def test_it_names_missing_fields_in_the_page_language(counsellor):
    client = Client(enforce_csrf_checks=True)
    response = post_form(client, "/ja/staff/login/", {"email": counsellor.email})
    assert response.status_code == 200
    assert "この項目は必須です" in response.content.decode() or "必須" in response.content.decode()


def test_it_accepts_a_code_typed_with_spaces(counsellor):
    code = fresh_code(counsellor)
    response = sign_in(Client(enforce_csrf_checks=True), counsellor, code=f"{code[:3]} {code[3:]}")
    assert response.status_code == 302


def test_it_unlocks_every_organisation_of_a_member_of_several(counsellor, org_a, org_b):
    from tomoshibi.accounts.actions import do_grant_key
    from tomoshibi.accounts.models import Role

    membership_b = org_b.organisation.memberships.create(user=counsellor.user, role=Role.COUNSELLOR)
    do_grant_key(membership_b, private_key=org_b.private_key, acting_user=None)
    client = signed_in_client(counsellor)
    for org in (org_a, org_b):
        assert client.get(reverse("consultations:inbox", args=[org.slug])).status_code == 200
        assert client.get(reverse("accounts:tokens", args=[org.slug])).status_code == 200
    from tomoshibi.testing.personas import post_form

    for org in (org_a, org_b):
        response = post_form(client, reverse("accounts:tokens", args=[org.slug]), {"name": "t"})
        assert response.status_code == 200, org.slug  # creating a token needs the key in this session
