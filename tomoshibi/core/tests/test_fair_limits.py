"""Rate limits count an IPv6 /64 as one client, and never lock out a person who holds a receipt
because strangers (or someone guessing) share their address: shelter Wi-Fi, carrier NAT."""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tomoshibi.consultations.ratelimit import NEW_CONVERSATIONS, RECEIPT_ATTEMPTS
from tomoshibi.core import ratelimit
from tomoshibi.core.middleware import ScrubClientIdentityMiddleware
from tomoshibi.core.models import RateCounter
from tomoshibi.testing.personas import (
    make_desk,
    make_organisation,
    post_form,
    receipt_from,
    submit,
    write_first_message,
)

pytestmark = pytest.mark.django_db

SHELTER_WIFI = "203.0.113.40"
PHONE_64 = "2001:db8:4:7"  # one phone's /64


def key_for(address: str) -> str:
    seen = []
    ScrubClientIdentityMiddleware(lambda request: seen.append(request.client_key))(
        RequestFactory().get("/", REMOTE_ADDR=address)
    )
    return seen[0]


def test_forty_addresses_of_one_ipv6_64_are_one_client_and_ipv4_addresses_are_each_their_own():
    in_one_64 = {key_for(f"{PHONE_64}::{n:x}:{n * 7:x}") for n in range(1, 41)}
    assert len(in_one_64) == 1
    assert key_for("2001:db8:4:8::1") not in in_one_64  # the next /64 is another client
    assert len({key_for(f"198.51.100.{n}") for n in range(1, 41)}) == 40
    assert key_for("::ffff:198.51.100.7") == key_for("198.51.100.7")
    assert all(PHONE_64 not in key and "198.51" not in key for key in in_one_64)


def visitor(address: str) -> Client:
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def test_forty_addresses_of_one_64_share_one_budget_for_new_conversations():
    make_organisation("sakura")
    statuses = []
    for n in range(1, 41):
        response = write_first_message(visitor(f"{PHONE_64}::{n}"), "sakura", f"Message {n}")
        statuses.append(response.status_code)
    allowed = NEW_CONVERSATIONS[0]
    assert statuses == [302] * allowed + [400] * (40 - allowed)


def come_back_from(address: str, receipt: str):
    client = visitor(address)
    client.get(reverse("consultations:home"))
    return post_form(client, reverse("consultations:home"), {"receipt": receipt})


def test_a_person_with_a_receipt_gets_in_after_strangers_on_the_same_wifi_spent_its_budget():
    make_organisation("sakura")
    holder = visitor(SHELTER_WIFI)
    receipt = receipt_from(write_first_message(holder, "sakura", "I need help"), holder)
    for n in range(RECEIPT_ATTEMPTS[0] + 3):  # strangers (or someone guessing) with wrong receipts
        come_back_from(SHELTER_WIFI, f"{n:04d} 1111 2222 3333")
    assert ratelimit.count(f"ratelimit:receipt:{key_for(SHELTER_WIFI)}") > RECEIPT_ATTEMPTS[0]  # spent
    response = come_back_from(SHELTER_WIFI, receipt)
    assert response.status_code == 302 and response["Location"].endswith("/consult/conversation/")


def test_people_who_hold_receipts_do_not_use_up_the_address_they_share():
    make_organisation("sakura")
    receipts = []
    for n in range(3):
        client = visitor(f"198.51.100.{n + 1}")
        receipts.append(receipt_from(write_first_message(client, "sakura", f"Message {n}"), client))
    for _round in range(RECEIPT_ATTEMPTS[0] + 2):  # more right receipts than the address's budget
        for receipt in receipts:
            assert come_back_from(SHELTER_WIFI, receipt).status_code == 302
    assert ratelimit.count(f"ratelimit:receipt:{key_for(SHELTER_WIFI)}") == 0


def test_strangers_starting_conversations_do_not_stop_a_person_writing_in_theirs():
    make_organisation("sakura")
    holder = visitor(SHELTER_WIFI)
    receipt_from(write_first_message(holder, "sakura", "First"), holder)
    for n in range(NEW_CONVERSATIONS[0] + 2):
        write_first_message(visitor(SHELTER_WIFI), "sakura", f"Stranger {n}")
    assert write_first_message(visitor(SHELTER_WIFI), "sakura", "One more").status_code == 400  # the budget is spent
    response = post_form(holder, reverse("consultations:thread"), {"body": "A follow-up"})
    assert response.status_code == 302 and "notice=sent" in response["Location"]


def test_guessing_through_a_spent_address_stays_bounded(settings):
    make_desk("ihc")
    settings.HOTLINE_STATUS_CHECKS = 1
    statuses = [check(SHELTER_WIFI, f"{n:06d}1111222233").status_code for n in range(ratelimit.OVERFLOW_FACTOR + 3)]
    assert statuses[0] == 404  # the address's own try
    assert statuses[1 : ratelimit.OVERFLOW_FACTOR + 1] == [404] * ratelimit.OVERFLOW_FACTOR  # the overflow
    assert statuses[ratelimit.OVERFLOW_FACTOR + 1 :] == [429, 429]
    same = [check("198.51.100.200", "5555551111222233").status_code for _ in range(ratelimit.TRIES_PER_RECEIPT + 2)]
    assert same[-1] == 429  # one receipt's own budget ends too
    assert not any(SHELTER_WIFI in key for key in RateCounter.objects.values_list("key", flat=True))


def check(address: str, receipt: str):
    body = json.dumps({"receipt": receipt})
    return Client(REMOTE_ADDR=address).post("/api/v1/reports/status", body, content_type="application/json")


def test_a_reporter_following_up_through_the_api_is_not_blocked_by_guessers_on_the_same_address(settings):
    desk = make_desk("ihc")
    settings.HOTLINE_STATUS_CHECKS = 3
    _report, receipt = submit(desk, "https://follow-up.example/")
    for n in range(5):
        check(SHELTER_WIFI, f"{n:06d}9999888877")
    answer = check(SHELTER_WIFI, receipt)
    assert answer.status_code == 200 and answer.json() == {"status": "received"}
