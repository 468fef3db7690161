"""The dump test for LINE: a database copy reveals no LINE message, user id, channel secret or token.

The same raw image of the database as consultations/tests/test_dump.py (every SQLite page,
or pg_dump on PostgreSQL), after the whole path has run: signed webhook, worker, a
counsellor reading and replying (by push, which opens the sealed user id).
"""

import pytest
from django.urls import reverse

from tomoshibi.consultations.models import Conversation
from tomoshibi.consultations.tests.test_dump import database_bytes, forms_of
from tomoshibi.testing.personas import post_form, signed_in_client

from . import events
from .conftest import SECRET_A, TOKEN_A, connect, run_worker

USER = "U9f3c1e07d2b84a55aa61c0de5eb7a901"
PERSON_WRITES = "Kinuha ng may-ari ng bar sa Kinshicho ang aking pasaporte kahapon"
COUNSELLOR_PUSHES = "We can meet at the women's centre near Ryogoku station tomorrow at ten"
PICTURE = b"\x89PNG\r\n\x1a\n" + b"photo of the debt ledger kept by the bar owner" * 8


@pytest.mark.django_db(transaction=True)
def test_it_keeps_line_messages_user_ids_and_channel_secrets_out_of_a_database_copy(
    org_a, counsellor, tmp_path, line_api
):
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    line_api.contents["d2"] = (PICTURE, "image/jpeg")
    events.deliver(org_a.slug, SECRET_A, events.text(USER, PERSON_WRITES, "d1"))
    events.deliver(org_a.slug, SECRET_A, events.media(USER, "image", "d2"))
    run_worker()
    staff = signed_in_client(counsellor)
    conversation = Conversation.objects.get()
    assert PERSON_WRITES in staff.get(reverse("consultations:conversation", args=[conversation.pk])).content.decode()
    post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": "First answer"})
    post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": COUNSELLOR_PUSHES})
    assert [push["to"] for push in line_api.pushes] == [USER]  # the user id was really used

    dump = database_bytes()
    assert b"line_linecontact" in dump and b"Org org-a" in dump  # the dump really holds the data
    for secret in (PERSON_WRITES, COUNSELLOR_PUSHES, USER, SECRET_A, TOKEN_A, "reply-d2"):
        for form in forms_of(secret.encode("utf-8")):
            assert form not in dump, f"found {secret[:12]!r}... in the database"
    for fragment in (b"Kinshicho", b"Ryogoku", b"debt ledger", USER[1:20].encode()):
        assert fragment not in dump, f"found {fragment!r} in the database"
