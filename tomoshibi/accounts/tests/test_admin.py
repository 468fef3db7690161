"""The admin offers directory maintenance only: no account, password or TOTP device is edited by hand there.

Accounts come from invitations, passwords change on the staff page (which re-wraps
the member's keys) and each of those writes an audit event; the admin does none of that.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tomoshibi.testing.personas import PASSWORD, post_form, signed_in_client

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "morning-river-cedar-0937"


def refused_urls(user_id: int, device_id: int) -> list[str]:
    return [
        "/admin/auth/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{user_id}/change/",
        f"/admin/auth/user/{user_id}/password/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_totp/totpdevice/add/",
        f"/admin/otp_totp/totpdevice/{device_id}/change/",
        f"/admin/otp_totp/totpdevice/{device_id}/config/",
        "/admin/django_tasks_database/dbtaskresult/",
    ]


def test_it_offers_no_users_groups_totp_devices_or_task_results(platform_admin, counsellor):
    client = signed_in_client(platform_admin)
    device = TOTPDevice.objects.get(user=counsellor.user)
    for url in refused_urls(counsellor.user.pk, device.pk):
        assert client.get(url).status_code == 404, url


def test_it_creates_no_user_and_sets_no_password_through_the_admin(platform_admin, counsellor):
    client = signed_in_client(platform_admin)
    users = get_user_model().objects.count()
    new_user = {"username": "byhand@a.example", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert post_form(client, "/admin/auth/user/add/", new_user).status_code == 404
    password_form = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert post_form(client, f"/admin/auth/user/{counsellor.user.pk}/password/", password_form).status_code == 404
    assert get_user_model().objects.count() == users
    counsellor.user.refresh_from_db()
    assert counsellor.user.check_password(PASSWORD)


def test_it_sends_the_admins_own_password_change_to_the_staff_page(platform_admin):
    client = signed_in_client(platform_admin)
    english = {"accept-language": "en"}
    staff_page = reverse("accounts:password")
    assert 'href="/admin/password_change/"' in client.get("/admin/").content.decode()
    assert client.get("/admin/password_change/", headers=english)["Location"] == staff_page
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = post_form(client, "/admin/password_change/", data, headers=english)
    assert response.status_code == 302 and response["Location"] == staff_page
    platform_admin.user.refresh_from_db()
    assert platform_admin.user.check_password(PASSWORD)


def test_it_still_offers_directory_maintenance(platform_admin):
    client = signed_in_client(platform_admin)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert [app["app_label"] for app in index.context["app_list"]] == ["directory"]
    assert client.get("/admin/directory/").status_code == 200
    assert client.get("/admin/directory/service/").status_code == 200
    assert client.get("/admin/directory/service/add/").status_code == 200


def test_it_still_refuses_the_admin_to_organisation_staff(org_admin):
    client = signed_in_client(org_admin)
    assert client.get("/admin/directory/service/").status_code == 302
    assert client.get("/admin/auth/user/add/").status_code == 302
