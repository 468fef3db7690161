"""The partner API: trusted partners file reports with a key; anyone follows one with its receipt."""

import json

import pytest
from django.test import Client

from tomoshibi.hotline.actions import do_create_partner_key, do_revoke_partner_key
from tomoshibi.hotline.canonical import url_hash
from tomoshibi.hotline.models import Report, Source
from tomoshibi.testing.personas import submit

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports"
STATUS = "/api/v1/reports/status"


@pytest.fixture
def partner(hotline):
    key, secret = do_create_partner_key(hotline.desk, name="Trusted flagger")
    return key, secret


def post_status(receipt: str):
    return Client().post(STATUS, json.dumps({"receipt": receipt}), content_type="application/json")


def post_report(secret: str | None, **body):
    payload = {"urls": ["https://api-host.example/x"], "category": "trafficking", "seen_on": "forum", **body}
    headers = {"HTTP_X_API_KEY": secret} if secret else {}
    return Client().post(REPORTS, json.dumps(payload), content_type="application/json", **headers)


def test_it_files_a_partner_report_and_follows_it(partner):
    key, secret = partner
    response = post_report(secret, description="from our queue", contact="case 77")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received" and len(body["receipt"]) == 16
    report = Report.objects.get()
    assert (report.source, report.partner) == (Source.PARTNER, key)
    assert report.urls.get().url_hash == url_hash("https://api-host.example/x")
    assert b"case 77" not in bytes(report.sealed_contact)
    status = post_status(body["receipt"])
    assert status.status_code == 200 and status.json() == {"status": "received"}


def test_it_refuses_a_missing_wrong_or_revoked_key(partner):
    key, secret = partner
    assert post_report(None).status_code == 401
    assert post_report("not-a-key").status_code == 401
    do_revoke_partner_key(key)
    assert post_report(secret).status_code == 401
    assert Report.objects.count() == 0


def test_it_names_each_address_it_refuses(partner):
    _key, secret = partner
    urls = ["https://fine.example/", "javascript:alert(1)", "", "nonsense"]
    response = post_report(secret, urls=urls)
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert [(p["field"], p["position"], p["reason"]) for p in problems] == [
        ("urls", 2, "scheme_not_allowed"),
        ("urls", 3, "empty"),
        ("urls", 4, "no_host"),
    ]
    assert "javascript" in problems[0]["message"]
    assert Report.objects.count() == 0


def test_it_refuses_more_than_twenty_addresses(partner):
    _key, secret = partner
    response = post_report(secret, urls=[f"https://s{n}.example/" for n in range(21)])
    assert response.status_code == 422
    assert response.json()["error"]["problems"][-1]["reason"] == "too_many"


def test_it_lists_the_valid_categories_when_one_is_wrong(partner):
    _key, secret = partner
    response = post_report(secret, category="spam")
    assert response.status_code == 422
    assert "csam" in json.dumps(response.json())


def test_it_answers_the_status_of_a_receipt_posted_in_the_body(hotline):
    _report, receipt = submit(hotline, "https://status.example/")
    assert post_status(receipt).json() == {"status": "received"}
    missing, short = post_status("1111222233334444"), post_status("12")
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    assert (short.status_code, short.json()["error"]["field"]) == (400, "receipt")


def test_the_old_get_with_the_receipt_in_the_url_still_answers_marked_deprecated(hotline):
    _report, receipt = submit(hotline, "https://status.example/")
    response = Client().get(STATUS, {"receipt": receipt})
    assert response.json() == {"status": "received"}
    assert response["Deprecation"].startswith("@")
    assert response["Link"] == '</api/v1/reports/status>; rel="successor-version"'
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/reports/status"]["get"]["deprecated"] is True
    assert not schema["paths"]["/api/v1/reports/status"]["post"].get("deprecated")


def test_it_describes_both_endpoints_in_the_openapi_schema(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/reports"]
    assert "get" in schema["paths"]["/api/v1/reports/status"]
    assert any("X-API-Key" in json.dumps(scheme) for scheme in schema["components"]["securitySchemes"].values())


def test_the_status_page_never_takes_the_receipt_from_a_url(hotline):
    _report, receipt = submit(hotline, "https://status-page.example/")
    page = Client().get("/en/report/status/", {"receipt": receipt})
    html = page.content.decode()
    assert page.status_code == 200 and receipt not in html and "Received" not in html
    assert '<form method="post" action="/en/report/status/"' in html
