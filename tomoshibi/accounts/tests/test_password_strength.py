"""Guessable staff passwords are refused wherever a staff password is set, with a translated reason."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.accounts.strength import guessability_score
from tomoshibi.testing.personas import PASSWORD, make_organisation, make_staff, post_form, sign_in, signed_in_client

from .test_members_and_keys import invite

pytestmark = pytest.mark.django_db

# The passwords an outside probe got accepted, each of which fell to a short guess list.
PROBED_PASSWORDS = [
    "aaaaaaaaaaaa",
    "qwertyuiopas",
    "Passw0rd2026",
    "sakura123456",
    "iloveyou1234",
    "Tomoshibi123!",
    "111111111111a",
]
GOOD_PASSPHRASE = "harbour-lantern-cedar-0937"


def invitation_page(link: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.get(path)
    return client, path


def accept_with(link: str, password: str):
    client, path = invitation_page(link)
    return post_form(client, path, {"new_password": password, "new_password_again": password, "code": "000000"})


@pytest.mark.parametrize("password", PROBED_PASSWORDS)
def test_it_refuses_each_probed_password_when_an_invitation_is_accepted(org_admin, org_a, password):
    page = accept_with(invite(signed_in_client(org_admin), org_a), password).content.decode()
    assert "too easy to guess" in page and "passphrase" in page
    assert not get_user_model().objects.filter(username="new@a.example").exists()


def test_it_refuses_a_password_made_of_the_organisation_name_it_joins(org_admin):
    shelter = make_organisation("hinode-house")
    admin = make_staff(shelter, Role.ADMIN, "lead@hinode.example")
    assert guessability_score("Hinode-House2026") >= 3  # only knowing the organisation makes it weak
    page = accept_with(invite(signed_in_client(admin), shelter, email="mei@hinode.example"), "Hinode-House2026")
    assert "too easy to guess" in page.content.decode()


def test_it_accepts_a_passphrase(org_admin, org_a):
    response = accept_with(invite(signed_in_client(org_admin), org_a), GOOD_PASSPHRASE)
    page = response.content.decode()
    assert "too easy to guess" not in page and "code does not match" in page


@pytest.mark.parametrize(
    "language, phrase",
    [
        ("ja", "パスフレーズ"),
        ("tl", "passphrase"),
        ("th", "วลีรหัสผ่าน"),
        ("km", "ឃ្លាសម្ងាត់"),
        ("vi", "cụm mật khẩu"),
        ("zh-hans", "密码短语"),
    ],
)
def test_it_explains_the_refusal_in_each_staff_language(org_admin, org_a, language, phrase):
    client, path = invitation_page(invite(signed_in_client(org_admin), org_a))
    localised = path.replace("/en/", f"/{language}/", 1)
    data = {"new_password": "sakura123456", "new_password_again": "sakura123456", "code": "000000"}
    page = post_form(client, localised, data).content.decode()
    assert phrase in page and "too easy to guess" not in page


@pytest.mark.parametrize("password", ["Passw0rd2026", "Tomoshibi123!"])
def test_it_refuses_a_guessable_new_password_when_a_member_changes_it(counsellor, password):
    client = signed_in_client(counsellor)
    data = {"current_password": PASSWORD, "new_password": password, "new_password_again": password}
    response = post_form(client, reverse("accounts:password"), data)
    assert response.status_code == 200 and "too easy to guess" in response.content.decode()
    counsellor.user.refresh_from_db()
    assert counsellor.user.check_password(PASSWORD)


def test_it_refuses_a_guessable_platform_admin_password():
    with pytest.raises(CommandError, match="too easy to guess"):
        call_command(
            "createplatformadmin",
            "root@platform.example",
            "--password-stdin",
            stdin=io.StringIO("qwertyuiopas\n"),
            stdout=io.StringIO(),
        )
    assert not get_user_model().objects.filter(username="root@platform.example").exists()


def test_it_refuses_a_guessable_password_through_the_validators_djangos_own_commands_use(counsellor):
    with pytest.raises(ValidationError) as refused:
        validate_password("iloveyou1234", counsellor.user)
    assert "password_too_guessable" in {error.code for error in refused.value.error_list}


def test_it_asks_a_member_with_a_password_from_before_the_check_to_change_it_at_sign_in(org_a):
    member = make_staff(org_a, Role.COUNSELLOR, "early@a.example", password="sakura123456")
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, member)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password") + "?guessable=1"
    assert "Your password is easy to guess" in client.get(response["Location"]).content.decode()
    data = {"current_password": member.password, "new_password": GOOD_PASSPHRASE, "new_password_again": GOOD_PASSPHRASE}
    assert "Password changed" in post_form(client, reverse("accounts:password"), data).content.decode()
    member.password = GOOD_PASSPHRASE
    assert sign_in(Client(enforce_csrf_checks=True), member)["Location"] == reverse("accounts:home")


def test_it_sends_a_member_with_a_strong_password_where_they_were_going(counsellor):
    assert sign_in(Client(enforce_csrf_checks=True), counsellor)["Location"] == reverse("accounts:home")
