"""A newcomer accepts an invitation on a phone, in Japanese: a guessable password is refused with
the reason and a way to pick a passphrase, then a passphrase creates the account. axe-core checks
each page."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tomoshibi.accounts.actions import do_invite_staff
from tomoshibi.accounts.models import Invitation, Role
from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.testing.personas import make_organisation, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]


def current_code(invitation_email: str) -> str:
    key = Invitation.objects.get(email=invitation_email).totp_key
    return str(TOTP(bytes.fromhex(key)).token()).zfill(6)


def choose(page, password: str, code: str) -> None:
    page.fill("input[name=new_password]", password)
    page.fill("input[name=new_password_again]", password)
    page.fill("input[name=code]", code)
    page.locator("main form button[type=submit]").click()


def test_a_newcomer_is_told_why_a_guessable_password_is_refused_and_joins_with_a_passphrase(live_server, phone):
    org = make_organisation("hikari")
    admin = make_staff(org, Role.ADMIN, "lead@hikari.example")
    _invitation, token = do_invite_staff(
        org.organisation, email="mei@hikari.example", role=Role.COUNSELLOR, acting_user=admin.user
    )
    with translation.override("ja"):
        path = reverse("accounts:accept_invitation", kwargs={"token": token})
    phone.goto(live_server.url + path)
    assert_accessible(phone)
    choose(phone, "sakura123456", current_code("mei@hikari.example"))
    expect(phone.get_by_text("推測されやすすぎます", exact=False)).to_be_visible()
    expect(phone.get_by_text("パスフレーズ", exact=False).first).to_be_visible()
    assert_accessible(phone)
    choose(phone, "hoshi-no-fune-tokei-0815", current_code("mei@hikari.example"))
    expect(phone).to_have_url(f"{live_server.url}/ja/staff/login/?notice=joined")
