import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tomoshibi.accounts.actions import do_add_member_with_key
from tomoshibi.accounts.keys import password_keys
from tomoshibi.accounts.models import AccountsEvent, Invitation, Membership, Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.testing.personas import PASSWORD, Staff, fresh_code, post_form, sign_in, signed_in_client
from tomoshibi.vault import crypto
from tomoshibi.vault.keys import password_peppers

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "morning-river-cedar-0937"


def current_pepper() -> bytes:
    return password_peppers()[0]


def invite(client, org, email="new@a.example", role="counsellor"):
    response = post_form(client, reverse("accounts:invite", args=[org.slug]), {"email": email, "role": role})
    assert response.status_code == 200, response.content.decode()[:3000]
    return re.search(r"https?://[^\s<\"]+/invitation/[^\s<\"]+/", response.content.decode()).group(0)


def accept(link, password=NEW_PASSWORD):
    client = Client(enforce_csrf_checks=True)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    totp_key = Invitation.objects.latest("created_at").totp_key
    code = str(TOTP(bytes.fromhex(totp_key)).token()).zfill(6)
    data = {"new_password": password, "new_password_again": password, "code": code}
    return client, post_form(client, "/" + path, data), totp_key


def test_it_invites_a_member_who_sets_password_and_totp_then_gets_access_from_an_admin(
    org_admin, org_a, django_capture_on_commit_callbacks
):
    admin_client = signed_in_client(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        link = invite(admin_client, org_a)
    assert mail.outbox and link in mail.outbox[0].body
    _client, response, totp_key = accept(link)
    assert response.status_code == 302 and "notice=joined" in response["Location"]
    membership = Membership.objects.get(user__username="new@a.example")
    assert membership.awaits_key and membership.role == Role.COUNSELLOR
    post_form(admin_client, reverse("accounts:give_access", args=[org_a.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.key_grant is not None and membership.wrapped_key is None
    newcomer = Staff(membership.user, membership, NEW_PASSWORD, totp_key)
    assert sign_in(Client(enforce_csrf_checks=True), newcomer).status_code == 302
    membership.refresh_from_db()
    assert membership.wrapped_key is not None and membership.key_grant is None
    keys = crypto.derive_password_keys(
        NEW_PASSWORD, crypto.KdfParams.from_bytes(bytes(membership.user.staff_profile.kdf_params)), current_pepper()
    )
    assert crypto.unwrap(keys.wrapping_key, bytes(membership.wrapped_key)) == org_a.private_key
    actions = set(AuditEvent.objects.filter(organisation=org_a.organisation).values_list("action", flat=True))
    assert {
        AccountsEvent.STAFF_INVITED,
        AccountsEvent.STAFF_JOINED,
        AccountsEvent.KEY_GRANTED,
        AccountsEvent.KEY_RECEIVED,
    } <= actions


def test_it_refuses_an_invitation_link_twice_or_tampered(org_admin, org_a):
    link = invite(signed_in_client(org_admin), org_a)
    accept(link)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(path).status_code == 404
    assert Client().get(path[:-3] + "xx/").status_code == 404


def test_it_keeps_no_totp_secret_on_an_accepted_invitation(org_admin, org_a):
    link = invite(signed_in_client(org_admin), org_a)
    _client, response, totp_key = accept(link)
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new@a.example")
    assert invitation.accepted_at is not None and invitation.totp_key == ""
    assert TOTPDevice.objects.get(user__username="new@a.example").key == totp_key
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(path).status_code == 404
    invitation.refresh_from_db()
    assert invitation.totp_key == ""


def test_it_keeps_what_the_invitee_typed_and_explains_a_weak_password_and_a_wrong_code(org_admin, org_a):
    link = invite(signed_in_client(org_admin), org_a)
    client = Client(enforce_csrf_checks=True)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.get(path)
    response = post_form(client, path, {"new_password": "12345", "new_password_again": "12345", "code": "000000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "too short" in page and "only digits" in page and "code does not match" in page


def test_it_rewraps_the_key_when_the_password_changes(counsellor, org_a):
    client = signed_in_client(counsellor)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    response = post_form(client, reverse("accounts:password"), data)
    assert response.status_code == 200 and "Password changed" in response.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 200
    counsellor.membership.refresh_from_db()
    counsellor.user.refresh_from_db()
    params = crypto.KdfParams.from_bytes(bytes(counsellor.user.staff_profile.kdf_params))
    new_keys = crypto.derive_password_keys(NEW_PASSWORD, params, current_pepper())
    assert crypto.unwrap(new_keys.wrapping_key, bytes(counsellor.membership.wrapped_key)) == org_a.private_key
    old_keys = crypto.derive_password_keys(PASSWORD, params, current_pepper())
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(old_keys.wrapping_key, bytes(counsellor.membership.wrapped_key))
    counsellor.password = NEW_PASSWORD
    assert sign_in(Client(enforce_csrf_checks=True), counsellor).status_code == 302


def test_it_records_a_password_change_in_each_of_the_members_organisations(counsellor, org_a, org_b, org_admin):
    do_add_member_with_key(
        org_b.organisation,
        counsellor.user,
        Role.COUNSELLOR,
        org_b.private_key,
        password_keys(counsellor.user.staff_profile, PASSWORD),
    )
    client = signed_in_client(counsellor)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert post_form(client, reverse("accounts:password"), data).status_code == 200
    events = AuditEvent.objects.filter(action=AccountsEvent.STAFF_PASSWORD_CHANGED)
    assert sorted(event.organisation.slug for event in events) == ["org-a", "org-b"]
    assert all(event.actor == counsellor.user and event.new_values == {"has_key": True} for event in events)
    recorded = str(list(AuditEvent.objects.values_list("old_values", "new_values")))
    assert PASSWORD not in recorded and NEW_PASSWORD not in recorded
    log = signed_in_client(org_admin).get(reverse("accounts:audit_log", args=[org_a.slug])).content.decode()
    assert "Password changed" in log and counsellor.email in log


def test_it_records_a_platform_admins_password_change_once_without_an_organisation(platform_admin):
    client = signed_in_client(platform_admin)
    data = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    assert post_form(client, reverse("accounts:password"), data).status_code == 200
    event = AuditEvent.objects.get(action=AccountsEvent.STAFF_PASSWORD_CHANGED)
    assert event.organisation is None and event.actor == platform_admin.user


def test_it_refuses_a_wrong_current_password(counsellor):
    client = signed_in_client(counsellor)
    data = {"current_password": "not-my-password", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    response = post_form(client, reverse("accounts:password"), data)
    assert "not your current password" in response.content.decode()


def test_it_removes_a_member_with_their_wrap_after_re_authentication(org_admin, counsellor, org_a):
    client = signed_in_client(org_admin)
    url = reverse("accounts:remove_member", args=[org_a.slug, counsellor.membership.pk])
    assert client.get(url).status_code == 200
    assert post_form(client, url).status_code == 302
    assert not Membership.objects.filter(pk=counsellor.membership.pk).exists()
    assert AuditEvent.objects.filter(action=AccountsEvent.STAFF_REMOVED, organisation=org_a.organisation).exists()
    assert sign_in(Client(enforce_csrf_checks=True), counsellor).status_code == 302
    home = Client(enforce_csrf_checks=True)
    sign_in(home, counsellor)
    assert org_a.organisation.name not in home.get(reverse("accounts:home")).content.decode()


def test_it_unlocks_messages_for_the_first_admin_with_the_recovery_key(org_a):
    from tomoshibi.testing.personas import make_staff

    admin = make_staff(org_a, Role.ADMIN, "first@a.example", with_key=False)
    client = signed_in_client(admin)
    inbox = reverse("consultations:inbox", args=[org_a.slug])
    url = reverse("accounts:recover", args=[org_a.slug])
    wrong = post_form(client, url, {"recovery_key": crypto.new_recovery_key(), "password": admin.password})
    assert "another organisation or has a typing mistake" in wrong.content.decode()
    right = post_form(client, url, {"recovery_key": org_a.recovery_key.lower(), "password": admin.password})
    assert right.status_code == 302
    assert client.get(inbox).status_code == 200
    admin.membership.refresh_from_db()
    assert admin.membership.has_key


def test_it_changes_the_retention_period_and_records_old_and_new(org_admin, org_a):
    client = signed_in_client(org_admin)
    url = reverse("accounts:settings", args=[org_a.slug])
    data = {"retention_days": "30", "accepts_web_consultations": "on", "languages": ["ja", "tl"], "serves_minors": "on"}
    assert post_form(client, url, data).status_code == 302
    org_a.organisation.refresh_from_db()
    assert org_a.organisation.retention_days == 30 and not org_a.organisation.serves_adults
    event = AuditEvent.objects.get(action=AccountsEvent.ORGANISATION_SETTINGS_CHANGED)
    assert event.old_values["retention_days"] == 90 and event.new_values["retention_days"] == 30


def test_it_explains_an_out_of_range_retention_period(org_admin, org_a):
    client = signed_in_client(org_admin)
    response = post_form(client, reverse("accounts:settings", args=[org_a.slug]), {"retention_days": "0"})
    assert "at least 1 day" in response.content.decode()


def test_it_creates_an_api_token_shown_once_and_revokes_it(counsellor, org_a):
    client = signed_in_client(counsellor)
    url = reverse("accounts:tokens", args=[org_a.slug])
    response = post_form(client, url, {"name": "case tool"})
    token = counsellor.membership.api_tokens.get()
    page = response.content.decode()
    secret = re.search(r'<code class="secret">([^<]+)</code>', page).group(1)
    assert crypto.token_lookup(secret) == token.lookup
    assert secret not in client.get(url).content.decode()
    post_form(client, reverse("accounts:revoke_token", args=[org_a.slug, token.pk]))
    assert not counsellor.membership.api_tokens.exists()


def test_it_gives_fresh_codes_once_only(counsellor):
    code = fresh_code(counsellor)
    assert sign_in(Client(enforce_csrf_checks=True), counsellor, code=code).status_code == 302
    assert sign_in(Client(enforce_csrf_checks=True), counsellor, code=code).status_code == 200


def test_it_changes_a_members_role_and_records_old_and_new(org_admin, counsellor, org_a):
    client = signed_in_client(org_admin)
    url = reverse("accounts:change_role", args=[org_a.slug, counsellor.membership.pk])
    assert post_form(client, url, {"role": "supervisor"}).status_code == 302
    counsellor.membership.refresh_from_db()
    assert counsellor.membership.role == Role.SUPERVISOR
    event = AuditEvent.objects.get(action=AccountsEvent.STAFF_ROLE_CHANGED)
    assert event.old_values == {"role": "counsellor"} and event.new_values == {"role": "supervisor"}
    refused = post_form(client, url, {"role": "owner"})
    assert refused.status_code == 400 and "Choose one of the roles listed." in refused.content.decode()


def test_it_does_not_let_an_admin_change_their_own_role(org_admin, org_a):
    client = signed_in_client(org_admin)
    url = reverse("accounts:change_role", args=[org_a.slug, org_admin.membership.pk])
    response = post_form(client, url, {"role": "counsellor"})
    assert response.status_code == 400 and "cannot change your own role" in response.content.decode()
