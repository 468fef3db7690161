"""The webhook joins the identity-leak promise: no address or user agent, and no LINE content, logged or kept.

LINE's requests come from LINE's servers, but the rule is the same for every anonymous
request; and what a person wrote on LINE, or their user id, must reach no log record.
"""

import logging

import pytest
from django.test import Client

from tomoshibi.consultations.models import Message
from tomoshibi.core.tests.test_security import IDENTITY, NEEDLES, all_database_text

from . import events
from .conftest import SECRET_A, TOKEN_A, connect, run_worker

pytestmark = pytest.mark.django_db(transaction=True)
USER = "U1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a"
WRITTEN = "Ang aking amo ay hindi nagbabayad at kinuha ang aking telepono"


def post(organisation_slug: str, body: str, signature: str):
    client = Client(enforce_csrf_checks=True, **IDENTITY)
    headers = {"X-Line-Signature": signature}
    return client.post(f"/line/webhook/{organisation_slug}/", body, content_type="application/json", headers=headers)


def test_the_webhook_keeps_no_address_user_agent_or_line_content_in_logs_or_tables(org_a, tmp_path, line_api, caplog):
    caplog.set_level(logging.DEBUG)
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    body = events.body_of(events.text(USER, WRITTEN, "i1"))
    assert post(org_a.slug, body, events.signature(SECRET_A, body)).status_code == 200
    assert post(org_a.slug, body, "d3Jvbmc=").status_code == 400
    assert post("no-such-organisation", body, events.signature(SECRET_A, body)).status_code == 400
    run_worker()
    assert Message.objects.count() == 1  # the event did its work
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    stored = all_database_text()
    for needle in (*NEEDLES, WRITTEN, USER, SECRET_A, TOKEN_A):
        assert needle not in logged
    for needle in (*NEEDLES, WRITTEN, USER):
        assert needle not in stored
