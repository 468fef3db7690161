"""The dump test: what a stolen database reveals is nothing a person or counsellor wrote.

Distinctive sentences are written through the real pages, then the raw bytes
of the database are searched: a page-by-page SQLite copy (backup API, free
pages included) or, on PostgreSQL, the output of pg_dump. Neither may contain
the sentences (a referral's summary and the messages the person chose to share
included), the receipt, the staff password, either organisation's private key or
the server-held key and the pepper derived from it, in clear, hex or base64.
"""

import base64
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.consultations.models import Case, Conversation
from tomoshibi.directory.models import Service
from tomoshibi.referrals.models import Referral
from tomoshibi.testing.personas import (
    PASSWORD,
    come_back,
    make_organisation,
    make_staff,
    post_form,
    signed_in_client,
    start,
)
from tomoshibi.vault.keys import password_peppers

PERSON_SAYS = "Ang amo ko ay kinuha ang aking pasaporte sa Nagoya noong Martes"
PERSON_ADDS = "私の名前はマリアです。電話番号は090-1234-5678です"
COUNSELLOR_REPLIES = "We will meet you at the quiet cafe beside Kanayama station at noon"
CASE_NOTE = "Shelter placement arranged with the Aichi one-stop centre, room 12"
REFERRAL_SUMMARY = "Maria needs a safe room near Kanayama; the broker follows her from Sakae"


def refer_with_consent(staff, person, conversation):
    """A summary proposed, agreed to with the person's messages added, and read by the shelter."""
    service = Service.objects.create(
        id="ngo-dump", name_ja="避難所", name_en="Shelter", kind="ngo", source_url="https://s.example/"
    )
    shelter = make_organisation("dump-shelter", directory_service=service)
    shelter_counsellor = make_staff(shelter, Role.COUNSELLOR, "dump@shelter.example")
    data = {"service": service.pk, "kind": "share", "reason": "shelter", "summary": REFERRAL_SUMMARY}
    post_form(staff, reverse("referrals:propose", args=[conversation.pk]), data)
    referral = Referral.objects.get()
    messages = [str(pk) for pk in conversation.messages.values_list("pk", flat=True)]
    post_form(person, reverse("referrals:answer", args=[referral.pk]), {"decision": "accept", "messages": messages})
    receiving = signed_in_client(shelter_counsellor)
    assert REFERRAL_SUMMARY in receiving.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    post_form(receiving, reverse("referrals:accept", args=[referral.pk]))
    return shelter


def forms_of(secret: bytes) -> list[bytes]:
    return [secret, secret.hex().encode(), base64.b64encode(secret), base64.urlsafe_b64encode(secret)]


def sqlite_image() -> bytes:
    """Every page of the database as it would be copied off the disk (backup API)."""
    connection.ensure_connection()
    target = sqlite3.connect(":memory:")
    connection.connection.backup(target)
    image = target.serialize()
    target.close()
    name = str(connection.settings_dict["NAME"])
    if os.path.exists(name):  # a file database: its file and write-ahead log as well
        image += b"".join(Path(path).read_bytes() for path in (name, name + "-wal") if os.path.exists(path))
    return image


def postgres_dump() -> bytes:
    settings = connection.settings_dict
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    command += ["-U", settings["USER"] or "postgres", settings["NAME"]]
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    return subprocess.run(command, check=True, capture_output=True, env=env).stdout


def database_bytes() -> bytes:
    if connection.vendor == "sqlite":
        return sqlite_image()
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            pytest.fail("pg_dump is needed for the dump test on PostgreSQL (Debian package postgresql-client).")
        return postgres_dump()
    pytest.skip(f"no dump method for {connection.vendor}")


@pytest.mark.django_db(transaction=True)
def test_it_stores_nothing_anyone_wrote_in_clear():
    org = make_organisation("dump-org")
    counsellor = make_staff(org, Role.COUNSELLOR, "dump@a.example")
    person, receipt = start(org.slug, PERSON_SAYS, age_group="adult", danger="unsure")
    post_form(person, reverse("consultations:thread"), {"body": PERSON_ADDS})
    staff = signed_in_client(counsellor)
    conversation = Conversation.objects.get()
    assert PERSON_SAYS in staff.get(reverse("consultations:conversation", args=[conversation.pk])).content.decode()
    post_form(staff, reverse("consultations:reply", args=[conversation.pk]), {"body": COUNSELLOR_REPLIES})
    post_form(staff, reverse("consultations:create_case", args=[conversation.pk]))
    post_form(staff, reverse("consultations:add_note", args=[Case.objects.get().pk]), {"note": CASE_NOTE})
    returning, _response = come_back(receipt)
    assert COUNSELLOR_REPLIES in returning.get(reverse("consultations:thread")).content.decode()
    shelter = refer_with_consent(staff, returning, conversation)

    dump = database_bytes()
    assert b"consultations_message" in dump and b"Org dump-org" in dump  # the dump really holds the data
    assert b"referrals_referral" in dump
    for sentence in (PERSON_SAYS, PERSON_ADDS, COUNSELLOR_REPLIES, CASE_NOTE, REFERRAL_SUMMARY):
        for form in forms_of(sentence.encode("utf-8")):
            assert form not in dump, f"found {sentence!r} in the database"
    for fragment in ("pasaporte", "Kanayama", "マリア", "090-1234-5678", "placement", "broker", "Sakae"):
        assert fragment.encode("utf-8") not in dump, f"found {fragment!r} in the database"
    server_held = (settings.VAULT_SERVER_KEY.encode(), *password_peppers())  # kept out of the database
    for secret in (
        org.private_key,
        shelter.private_key,
        receipt.replace(" ", "").encode(),
        receipt.encode(),
        PASSWORD.encode(),
        *server_held,
    ):
        for form in forms_of(secret):
            assert form not in dump, "a secret is in the database in clear"
