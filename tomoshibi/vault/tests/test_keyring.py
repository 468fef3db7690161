import base64
from http.cookies import SimpleCookie

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from tomoshibi.vault import crypto, keyring

SECRET = crypto.generate_key_pair().private_key


def request_with(session, cookies=None):
    request = RequestFactory().get("/")
    request.session = session
    request.COOKIES.update(cookies or {})
    return request


def store_secret():
    session = SessionStore()
    request = request_with(session)
    ring = keyring.keyring_for(request)
    ring.put("organisation:1", SECRET)
    response = HttpResponse()
    ring.attach(response)
    session.save()
    return session, response.cookies[keyring.COOKIE_NAME]


@pytest.mark.django_db
def test_it_reads_the_secret_back_with_the_session_and_its_cookie():
    session, cookie = store_secret()
    request = request_with(SessionStore(session.session_key), {keyring.COOKIE_NAME: cookie.value})
    assert keyring.keyring_for(request).get("organisation:1") == SECRET
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_it_never_writes_the_secret_in_clear_in_the_session_row():
    session, cookie = store_secret()
    row = Session.objects.get(session_key=session.session_key)
    assert SECRET not in row.session_data.encode()
    assert SECRET.hex() not in row.session_data
    for encoding in (base64.b64encode, base64.urlsafe_b64encode):
        assert encoding(SECRET).decode() not in str(row.get_decoded())


@pytest.mark.django_db
def test_it_gives_nothing_with_the_session_alone_or_a_wrong_cookie():
    session, _cookie = store_secret()
    without_cookie = request_with(SessionStore(session.session_key))
    assert keyring.keyring_for(without_cookie).get("organisation:1") is None
    forged = SimpleCookie()
    forged[keyring.COOKIE_NAME] = "A" * 44
    wrong = request_with(SessionStore(session.session_key), {keyring.COOKIE_NAME: forged[keyring.COOKIE_NAME].value})
    assert keyring.keyring_for(wrong).get("organisation:1") is None


@pytest.mark.django_db
def test_it_forgets_the_secret_and_clears_the_cookie():
    session, cookie = store_secret()
    request = request_with(SessionStore(session.session_key), {keyring.COOKIE_NAME: cookie.value})
    response = HttpResponse()
    keyring.forget(request, response)
    assert keyring.keyring_for(request).get("organisation:1") is None
    assert response.cookies[keyring.COOKIE_NAME].value == ""


@pytest.mark.django_db
def test_it_keeps_several_secrets_put_in_the_same_request():
    session = SessionStore()
    request = request_with(session)
    ring = keyring.keyring_for(request)
    ring.put("organisation:1", SECRET)
    ring.put("organisation:2", b"another secret")
    response = HttpResponse()
    ring.attach(response)
    session.save()
    again = request_with(
        SessionStore(session.session_key), {keyring.COOKIE_NAME: response.cookies[keyring.COOKIE_NAME].value}
    )
    assert keyring.keyring_for(again).get("organisation:1") == SECRET
    assert keyring.keyring_for(again).get("organisation:2") == b"another secret"


@pytest.mark.django_db
def test_it_sends_no_cookie_when_nothing_was_sealed():
    request = request_with(SessionStore())
    ring = keyring.keyring_for(request)
    assert ring.get("organisation:1") is None
    response = HttpResponse()
    ring.attach(response)
    assert keyring.COOKIE_NAME not in response.cookies  # a first visit that keeps nothing leaves no cookie


@pytest.mark.django_db
def test_a_cookie_key_the_server_did_not_issue_is_ignored_and_replaced():
    chosen = base64.urlsafe_b64encode(b"k" * crypto.KEY_BYTES).decode()
    session = SessionStore()
    request = request_with(session, {keyring.COOKIE_NAME: chosen})
    ring = keyring.keyring_for(request)
    assert ring.is_new and ring.cookie_key != b"k" * crypto.KEY_BYTES
    ring.put("organisation:1", SECRET)
    response = HttpResponse()
    ring.attach(response)
    session.save()
    issued = response.cookies[keyring.COOKIE_NAME].value
    assert issued != chosen
    again = request_with(SessionStore(session.session_key), {keyring.COOKIE_NAME: issued})
    assert keyring.keyring_for(again).get("organisation:1") == SECRET
    forced = request_with(SessionStore(session.session_key), {keyring.COOKIE_NAME: chosen})
    assert keyring.keyring_for(forced).get("organisation:1") is None


@pytest.mark.django_db
def test_a_cookie_issued_for_another_session_opens_nothing_here():
    _first, cookie = store_secret()
    other = SessionStore()
    request = request_with(other, {keyring.COOKIE_NAME: cookie.value})
    assert keyring.keyring_for(request).is_new


def test_with_tls_every_cookie_carries_the_host_prefix():
    from django.conf import settings

    assert not settings.DEBUG
    names = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME]
    names.append(keyring.COOKIE_NAME)
    assert all(name.startswith("__Host-") for name in names)
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and settings.LANGUAGE_COOKIE_SECURE
