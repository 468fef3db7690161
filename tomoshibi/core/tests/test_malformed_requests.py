"""Requests the site cannot read get a 400 in both modes, never a 500; in JSON under /api/."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

TOO_MANY = "&".join(f"p{n}=1" for n in range(1200))
FORM = "application/x-www-form-urlencoded"


def client() -> Client:
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def mode(request):
    with override_settings(DEBUG=request.param):
        yield request.param


@pytest.mark.parametrize("path", ["/en/", "/en/report/status/", "/en/consult/", "/ja/directory/"])
def test_a_visitor_sending_1200_query_parameters_gets_a_400_page(mode, path):
    response = client().get(f"{path}?{TOO_MANY}")
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


@pytest.mark.parametrize("path", ["/en/report/status/", "/en/consult/", "/en/report/"])
def test_a_form_posted_in_utf_16_or_with_1200_fields_gets_a_400_page(mode, path):
    utf16 = client().generic("POST", path, "receipt=1234".encode("utf-16"), content_type=f"{FORM}; charset=utf-16")
    many = client().post(path, TOO_MANY, content_type=FORM)
    unknown = client().generic("POST", path, b"receipt=1234", content_type=f"{FORM}; charset=no-such-charset")
    assert [utf16.status_code, many.status_code, unknown.status_code] == [400, 400, 400]
    assert "This request could not be read" in utf16.content.decode()


def test_the_400_page_speaks_the_language_of_the_address(mode):
    response = client().get(f"/ja/?{TOO_MANY}")
    assert response.status_code == 400
    assert 'lang="ja"' in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/reports/status", "/api/v1/referrals"])
def test_an_api_client_gets_the_400s_in_the_api_error_shape(mode, path):
    many = client().get(f"{path}?{TOO_MANY}")
    utf16 = client().post(path, '{"receipt": "1"}', content_type="application/json; charset=utf-16")
    for response in (many, utf16):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "bad_request"


def test_a_utf_8_form_is_still_read(mode):
    response = client().get("/en/report/status/")
    assert response.status_code == 200


def multipart(size: int) -> tuple[bytes, str]:
    boundary = "----tomoshibi"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.json"\r\n'
        f"Content-Type: application/json\r\n\r\n".encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@override_settings(LARGER_BODIES={r"/en/report/": 4 * 1024 * 1024})
def test_only_a_route_named_in_larger_bodies_takes_a_body_over_the_usual_limit(mode):
    body, content_type = multipart(3 * 1024 * 1024)  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    elsewhere = client().generic("POST", "/en/consult/", body, content_type=content_type)
    named = client().generic("POST", "/en/report/", body, content_type=content_type)
    too_large, _ = multipart(5 * 1024 * 1024)
    beyond = client().generic("POST", "/en/report/", too_large, content_type=content_type)
    assert elsewhere.status_code == 400 and beyond.status_code == 400
    assert named.status_code == 403  # read, then refused by the CSRF check like any form without its token
