"""An invitation link creates an account: it is shown once to the person who made it, never logged."""

import io
import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tomoshibi.testing.personas import post_form, signed_in_client

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s<\"]+/invitation/[^\s<\"]+/")


@pytest.fixture
def every_log_record(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_it_shows_the_link_once_and_writes_it_nowhere_when_the_server_has_no_real_mail(
    org_admin, org_a, settings, capsys, every_log_record, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    admin = signed_in_client(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        page = post_form(
            admin, reverse("accounts:invite", args=[org_a.slug]), {"email": "new@a.example", "role": "counsellor"}
        )
    content = page.content.decode()
    link = LINK.search(content).group(0)
    assert content.count(link) == 1 and "give this link to new@a.example yourself" in content
    token = link.rstrip("/").rsplit("/", 1)[1]
    written = capsys.readouterr()
    assert token not in written.out and token not in written.err
    assert not any(token in record.getMessage() for record in every_log_record.records)
    assert mail.outbox == []


def test_it_emails_the_link_when_the_server_sends_real_mail(org_admin, org_a, django_capture_on_commit_callbacks):
    admin = signed_in_client(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        page = post_form(
            admin, reverse("accounts:invite", args=[org_a.slug]), {"email": "new@a.example", "role": "counsellor"}
        )
    link = LINK.search(page.content.decode()).group(0)
    assert "An invitation was sent to new@a.example" in page.content.decode()
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body


def test_the_command_prints_the_first_admins_link_once_to_its_user_and_logs_nothing(capsys, every_log_record):
    out = io.StringIO()
    call_command("createorganisation", "Hikari Shelter", "--admin-email", "lead@hikari.example", stdout=out)
    link = LINK.search(out.getvalue()).group(0)
    assert out.getvalue().count(link) == 1
    token = link.rstrip("/").rsplit("/", 1)[1]
    written = capsys.readouterr()
    assert token not in written.out and token not in written.err
    assert not any(token in record.getMessage() for record in every_log_record.records)
    assert mail.outbox == []
