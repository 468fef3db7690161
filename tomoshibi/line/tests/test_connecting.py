"""Connecting a LINE account: the command and the organisation admin's page, and the menu."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from tomoshibi.accounts import session
from tomoshibi.accounts.tests.test_lockout_and_expiry import age_session
from tomoshibi.audit.models import AuditEvent
from tomoshibi.core.variants import full_languages
from tomoshibi.line.client import access_token
from tomoshibi.line.models import LineChannel
from tomoshibi.testing.personas import post_form, signed_in_client

from .conftest import SECRET_A, TOKEN_A, connect

pytestmark = pytest.mark.django_db


def test_it_lets_the_organisation_admin_connect_and_disconnect_from_the_settings_page(org_admin, org_a, line_api):
    admin = signed_in_client(org_admin)
    page = admin.get(reverse("line:settings", args=[org_a.slug])).content.decode()
    assert "No LINE account is connected" in page
    response = post_form(
        admin, reverse("line:connect", args=[org_a.slug]), {"channel_secret": SECRET_A, "access_token": TOKEN_A}
    )
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert "/line/webhook/org-a/" in page and "17 of 200" in page
    assert SECRET_A not in page and TOKEN_A not in page
    assert access_token(LineChannel.objects.get()) == TOKEN_A
    post_form(admin, reverse("line:disconnect", args=[org_a.slug]))
    assert not LineChannel.objects.exists()
    assert list(AuditEvent.objects.filter(action__startswith="line.").values_list("action", flat=True)) == [
        "line.disconnected",
        "line.connected",
    ]


def test_it_keeps_the_secret_and_token_out_of_error_reports(org_admin, org_a, line_api):
    admin = signed_in_client(org_admin)
    response = post_form(
        admin, reverse("line:connect", args=[org_a.slug]), {"channel_secret": SECRET_A, "access_token": TOKEN_A}
    )
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert SECRET_A not in reported.values() and TOKEN_A not in reported.values()
    assert set(response.wsgi_request.sensitive_post_parameters) == {"channel_secret", "access_token"}


def test_it_asks_for_password_and_code_again_before_changing_the_connection(org_admin, org_a, line_api):
    admin = signed_in_client(org_admin)
    age_session(admin, session.confirmation_seconds() + 1, field="confirmed")
    url = reverse("line:connect", args=[org_a.slug])
    response = post_form(admin, url, {"channel_secret": SECRET_A, "access_token": TOKEN_A})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:confirm"))
    assert not LineChannel.objects.exists()


def test_it_refuses_the_page_to_a_counsellor(counsellor, org_a):
    response = signed_in_client(counsellor).get(reverse("line:settings", args=[org_a.slug]))
    assert response.status_code == 404


def test_it_disconnects_from_the_command_line(org_a, tmp_path, line_api):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    out = StringIO()
    call_command("line", "disconnect", org_a.slug, stdout=out)
    assert "Disconnected" in out.getvalue() and not LineChannel.objects.exists()
    with pytest.raises(CommandError, match="no LINE account"):
        call_command("line", "disconnect", org_a.slug)


def test_it_refuses_a_secret_file_with_more_than_the_secret(org_a, tmp_path):
    (tmp_path / "secret").write_text("two words\n")
    (tmp_path / "token").write_text(TOKEN_A)
    with pytest.raises(CommandError, match="alone, on one line"):
        call_command(
            "line",
            "connect",
            org_a.slug,
            "--channel-secret-file",
            str(tmp_path / "secret"),
            "--access-token-file",
            str(tmp_path / "token"),
        )


def test_it_installs_a_menu_per_language_that_opens_the_help_flow_and_calls_110(org_a, tmp_path, line_api):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    out = StringIO()
    call_command("line", "setup-menu", org_a.slug, stdout=out)
    menus = [call.json for call in line_api.of(r"/v2/bot/richmenu")]
    assert len(menus) == len(full_languages())
    thai = next(menu for menu in menus if menu["name"] == "tomoshibi-th")
    actions = [area["action"] for area in thai["areas"]]
    assert actions[0]["type"] == "uri" and actions[0]["uri"].endswith("/th/help/")
    assert actions[1] == {**actions[1], "type": "postback", "data": "talk"}
    assert actions[2]["uri"] == "tel:110"
    pictures = line_api.of(r"/v2/bot/richmenu/[^/]+/content")
    assert len(pictures) == len(full_languages()) and pictures[0].body.startswith(b"\x89PNG")
    assert line_api.of(r"/v2/bot/user/all/richmenu/richmenu-\d+")
    assert sorted(LineChannel.objects.get().rich_menus) == sorted(code for code, _name in full_languages())


def test_it_says_so_when_line_does_not_answer_the_quota_question(org_admin, org_a, tmp_path, line_api, settings):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    settings.LINE_API_BASE = "http://127.0.0.1:9"  # the discard port: nothing answers there
    page = signed_in_client(org_admin).get(reverse("line:settings", args=[org_a.slug])).content.decode()
    assert "LINE did not answer; try again later." in page and "/line/webhook/org-a/" in page


@pytest.mark.django_db(transaction=True)
def test_it_gives_a_person_the_menu_of_the_language_they_choose(org_a, tmp_path, line_api):
    from . import events
    from .conftest import run_worker

    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    call_command("line", "setup-menu", org_a.slug, stdout=StringIO())
    thai_menu = LineChannel.objects.get().rich_menus["th"]
    user = "U3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d"
    events.deliver(org_a.slug, SECRET_A, events.follow(user), events.postback(user, "language=th"))
    run_worker()
    assert line_api.of(rf"/v2/bot/user/{user}/richmenu/{thai_menu}")
