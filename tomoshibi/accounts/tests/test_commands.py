import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.models import Invitation, Organisation, StaffProfile
from tomoshibi.testing.personas import Staff, post_form
from tomoshibi.vault import crypto

pytestmark = pytest.mark.django_db
RECOVERY = re.compile(r"\b(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}\b")


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_it_creates_an_organisation_and_prints_its_recovery_key_once():
    output = run("createorganisation", "Sakura Support", "--admin-email", "lead@sakura.example", "--languages", "ja,tl")
    organisation = Organisation.objects.get(slug="sakura-support")
    recovery_key = RECOVERY.search(output).group(0)
    private_key = crypto.unwrap(crypto.recovery_wrapping_key(recovery_key), bytes(organisation.recovery_wrapped_key))
    assert crypto.unseal_text(private_key, crypto.seal(bytes(organisation.public_key), "test")) == "test"
    assert organisation.languages == ["ja", "tl"]
    assert "/staff/invitation/" in output
    assert Invitation.objects.get(organisation=organisation).email == "lead@sakura.example"
    assert recovery_key not in str(list(Organisation.objects.values()))


@pytest.mark.parametrize(
    "args, problem",
    [
        (["--languages", "xx"], "Unknown language codes"),
        (["--retention-days", "0"], "between 1 and"),
    ],
)
def test_it_refuses_bad_organisation_arguments_with_the_valid_values(args, problem):
    with pytest.raises(CommandError, match=problem):
        run("createorganisation", "Bad", "--admin-email", "a@b.example", *args)


def test_it_refuses_a_second_organisation_with_the_same_slug():
    run("createorganisation", "Same", "--admin-email", "a@b.example")
    with pytest.raises(CommandError, match="exists already"):
        run("createorganisation", "Same", "--admin-email", "a@b.example")


def test_it_creates_a_platform_admin_with_totp_who_can_sign_in_and_sees_no_messages():
    output = run(
        "createplatformadmin",
        "root@platform.example",
        "--password-stdin",
        stdin=io.StringIO("tall-window-amber-5523\n"),
    )
    assert "otpauth://totp/" in output
    secret = re.search(r"secret=([A-Z2-7]+)", output).group(1)
    profile = StaffProfile.objects.get(user__username="root@platform.example")
    # Platform admins maintain the directory in the admin, and hold no organisation key.
    assert profile.is_platform_admin and profile.user.is_staff and profile.user.is_superuser
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    from tomoshibi.testing.personas import sign_in

    staff = Staff(profile.user, None, "tall-window-amber-5523", key)
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, staff).status_code == 302
    assert "Organisations on this platform" in client.get(reverse("accounts:home")).content.decode()


def test_it_refuses_a_weak_platform_admin_password():
    with pytest.raises(CommandError, match="too short"):
        run("createplatformadmin", "root@platform.example", "--password-stdin", stdin=io.StringIO("short\n"))


def test_the_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run("demo")


def test_the_demo_prints_a_login_that_works_and_a_terminal_qr_code(settings):
    settings.DEBUG = True
    output = run("demo")
    password = re.search(r"password: (\S+)", output).group(1)
    secret = re.search(r"secret=([A-Z2-7]+)", output).group(1)
    assert "█" in output or "▀" in output
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    profile = StaffProfile.objects.get(user__username="counsellor@demo.invalid")
    from tomoshibi.testing.personas import sign_in

    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, Staff(profile.user, None, password, key)).status_code == 302
    assert client.get(reverse("consultations:inbox", args=["demo"])).status_code == 200
    run("demo")  # runs again: a fresh demo replaces the old one
    assert Organisation.objects.filter(slug="demo").count() == 1


def test_the_demo_organisation_takes_a_consultation(settings):
    settings.DEBUG = True
    run("demo")
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("consultations:write", args=["demo"]))
    response = post_form(
        client, reverse("consultations:write", args=["demo"]), {"body": "hello", "age_group": "adult", "danger": "no"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("consultations:receipt")
    assert Organisation.objects.get(slug="demo").conversations.count() == 1


def test_it_links_the_organisation_to_its_directory_entry():
    from tomoshibi.directory.models import Service

    Service.objects.create(
        id="ngo-sakura", name_ja="さくら", name_en="Sakura", kind="ngo", source_url="https://example.org/"
    )
    run("createorganisation", "Sakura", "--admin-email", "a@b.example", "--directory-service-id", "ngo-sakura")
    assert Organisation.objects.get(slug="sakura").directory_service_id == "ngo-sakura"
    with pytest.raises(CommandError, match="No directory entry has the id 'ngo-nowhere'"):
        run("createorganisation", "Other", "--admin-email", "a@b.example", "--directory-service-id", "ngo-nowhere")
