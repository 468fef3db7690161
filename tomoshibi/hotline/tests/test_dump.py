"""The dump test for reports: a stolen database holds no reported address, description or note in clear.

Distinctive addresses and texts are sent through the real form and API and handled
through the analysts' pages; then the raw bytes of the database (every SQLite page,
or pg_dump on PostgreSQL) are searched. Only each address's SHA-256 may be there.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.consultations.tests.test_dump import database_bytes, forms_of
from tomoshibi.hotline.actions import do_create_partner_key
from tomoshibi.hotline.canonical import url_hash
from tomoshibi.hotline.models import Report
from tomoshibi.testing.personas import file_report, post_form, receipt_from

ADDRESS = "https://kuroi-hanabi-7731.example.jp/gallery/item-5523?ref=minami"
PARTNER_ADDRESS = "http://198.51.100.77/private/kiku-0419/"
DESCRIPTION = "Shown after the password momiji2211 on the second page"
PARTNER_CONTACT = "Case officer Sato, extension 4471"
RECIPIENT = "Sakuragi Hosting abuse desk 8836"
FOREIGN_REFERENCE = "REF-HOTLINE-99172"
FRAGMENTS = (
    "kuroi-hanabi",
    "item-5523",
    "minami",
    "198.51.100.77",
    "kiku-0419",
    "momiji2211",
    "extension 4471",
    "Sakuragi",
    "99172",
)


@pytest.mark.django_db(transaction=True)
def test_it_stores_no_reported_address_or_text_in_clear(hotline, analyst_client):
    receipt = receipt_from(file_report(urls=ADDRESS, description=DESCRIPTION, category="csam"))
    _key, secret = do_create_partner_key(hotline.desk, name="Partner")
    payload = {"urls": [PARTNER_ADDRESS], "category": "trafficking", "seen_on": "forum", "contact": PARTNER_CONTACT}
    headers = {"HTTP_X_API_KEY": secret}
    assert (
        Client().post("/api/v1/reports", json.dumps(payload), content_type="application/json", **headers).status_code
        == 201
    )

    report = Report.objects.get(source="public")
    post_form(analyst_client, reverse("hotline:claim", args=[report.pk]))
    assert ADDRESS in analyst_client.get(reverse("hotline:report_detail", args=[report.pk])).content.decode()
    post_form(
        analyst_client,
        reverse("hotline:assess", args=[report.pk]),
        {"decision": "illegal", "legal_basis": ["penal_code_175"]},
    )
    post_form(analyst_client, reverse("hotline:notice", args=[report.pk]), {"recipient": RECIPIENT, "language": "ja"})
    data = {"hotline": "Hotline abroad", "reference": FOREIGN_REFERENCE}
    post_form(analyst_client, reverse("hotline:forward_to_hotline", args=[report.pk]), data)

    dump = database_bytes()
    assert b"hotline_reportedurl" in dump and url_hash(ADDRESS).encode() in dump  # the dump really holds reports
    for text in (ADDRESS, PARTNER_ADDRESS, DESCRIPTION, PARTNER_CONTACT, RECIPIENT, FOREIGN_REFERENCE):
        for form in forms_of(text.encode("utf-8")):
            assert form not in dump, f"found {text!r} in the database"
    for fragment in FRAGMENTS:
        assert fragment.encode("utf-8") not in dump, f"found {fragment!r} in the database"
    for form in forms_of(receipt.replace(" ", "").encode()):
        assert form not in dump, "a receipt is in the database"
