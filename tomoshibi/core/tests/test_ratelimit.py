from datetime import timedelta
from threading import Thread

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

from tomoshibi.core import ratelimit
from tomoshibi.core.middleware import ScrubClientIdentityMiddleware, client_address
from tomoshibi.core.models import RateCounter
from tomoshibi.core.tasks import purge_expired_counters


@pytest.mark.django_db
def test_it_counts_within_a_fixed_window_and_starts_again_after_it():
    assert [ratelimit.increment("k", 60) for _ in range(3)] == [1, 2, 3]
    RateCounter.objects.filter(key="k").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ratelimit.count("k") == 0
    assert ratelimit.increment("k", 60) == 1


@pytest.mark.django_db
def test_it_refuses_once_the_limit_is_passed_per_client():
    request = RequestFactory().get("/")
    request.client_key = "a" * 32
    assert [ratelimit.allow(request, "scope", (2, 60)) for _ in range(3)] == [True, True, False]
    request.client_key = "b" * 32
    assert ratelimit.allow(request, "scope", (2, 60))


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_lose_no_count():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("threads cannot share SQLite's in-memory test database; CI runs this on PostgreSQL")

    def hit():
        for _ in range(10):
            ratelimit.increment("shared", 60)
        connection.close()

    threads = [Thread(target=hit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ratelimit.count("shared") == 40


@pytest.mark.django_db
def test_the_worker_purges_expired_counters():
    ratelimit.increment("old", 60)
    ratelimit.increment("new", 60)
    RateCounter.objects.filter(key="old").update(expires_at=timezone.now() - timedelta(seconds=1))
    purge_expired_counters.call()
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]


@override_settings(TRUSTED_PROXY_HEADER="HTTP_X_REAL_IP", TRUSTED_PROXIES=["127.0.0.1"])
def test_it_believes_the_proxy_header_only_from_a_trusted_proxy():
    assert client_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"}) == "203.0.113.9"
    assert client_address({"REMOTE_ADDR": "198.51.100.1", "HTTP_X_REAL_IP": "203.0.113.9"}) == "198.51.100.1"


@override_settings(TRUSTED_PROXY_HEADER="HTTP_X_REAL_IP", TRUSTED_PROXIES=["127.0.0.1"])
def test_clients_behind_the_proxy_get_different_keys_and_the_header_is_removed():
    seen = []
    middleware = ScrubClientIdentityMiddleware(lambda request: seen.append((request.client_key, dict(request.META))))
    for address in ("203.0.113.9", "203.0.113.10"):
        middleware(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address))
    assert seen[0][0] != seen[1][0]
    assert all("HTTP_X_REAL_IP" not in meta for _key, meta in seen)
