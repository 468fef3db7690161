"""Concurrent wrong passwords: every one is counted, and no more than the limit is ever checked.

Threads need a database they can share: PostgreSQL (as in CI), or a file-backed SQLite.
SQLite's in-memory test database cannot be shared between threads; there the same
property is shown without threads in test_lockout_and_expiry.py.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts import lockout
from tomoshibi.core.models import RateCounter
from tomoshibi.testing.personas import csrf_token, post_form, sign_in

CONCURRENT = 40
STRANGER = "203.0.113.66"


@pytest.fixture
def checked_passwords():
    """How many attempts reached the password check (Django sends this signal for each wrong one)."""
    checked, guard = [], threading.Lock()

    def receiver(**_kwargs):
        with guard:
            checked.append(1)

    user_login_failed.connect(receiver)
    yield checked
    user_login_failed.disconnect(receiver)


@pytest.mark.django_db(transaction=True)
def test_it_counts_every_one_of_forty_concurrent_wrong_passwords_and_checks_at_most_five(counsellor, checked_passwords):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("threads cannot share SQLite's in-memory test database; CI runs this on PostgreSQL")
    barrier = threading.Barrier(CONCURRENT)
    login = reverse("accounts:login")

    def attempt(_number):
        try:
            client = Client(enforce_csrf_checks=True, REMOTE_ADDR=STRANGER)
            csrf_token(client, login)
            barrier.wait()  # the forty posts leave together
            data = {"email": counsellor.email, "password": "wrong-password-xyz", "code": "123456"}
            return post_form(client, login, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(CONCURRENT) as pool:
        statuses = list(pool.map(attempt, range(CONCURRENT)))
    assert statuses == [200] * CONCURRENT
    pair_counts = RateCounter.objects.filter(key__startswith="staff-login:pair:").values_list("count", flat=True)
    assert list(pair_counts) == [CONCURRENT]  # every attempt counted
    assert 1 <= len(checked_passwords) <= lockout.THRESHOLD  # and no more than the limit checked
    assert "paused" in sign_in(Client(enforce_csrf_checks=True, REMOTE_ADDR=STRANGER), counsellor).content.decode()
    assert sign_in(Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.7"), counsellor).status_code == 302
