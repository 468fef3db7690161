"""CSRF under `Referrer-Policy: no-referrer`: browsers send `Origin: null` and no Referer.

The home page takes GET only: a POST that passes the CSRF checks is answered
405, one that fails them 403.
"""

import pytest
from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db


def post_from_a_form(client, **headers):
    token = get_token(RequestFactory().get("/"))
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client.post("/en/", {"csrfmiddlewaretoken": token}, secure=True, **headers)


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def test_it_accepts_a_same_origin_post_with_a_null_origin_and_no_referer(client):
    response = post_from_a_form(client, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 405


def test_it_refuses_a_null_origin_without_fetch_metadata(client):
    assert post_from_a_form(client, HTTP_ORIGIN="null").status_code == 403


def test_it_refuses_a_post_the_browser_marks_cross_site(client):
    response = post_from_a_form(client, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403


def test_it_still_requires_the_token(client):
    client.cookies[settings.CSRF_COOKIE_NAME] = get_token(RequestFactory().get("/"))
    response = client.post("/en/", {}, secure=True, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403
