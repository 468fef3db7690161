"""The person's side, driven through the real pages."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoshibi.accounts.tests.personas import post_form

RECEIPT = re.compile(r'<p class="receipt" id="receipt">(\d{4} \d{4} \d{4} \d{4})</p>')


def person() -> Client:
    return Client(enforce_csrf_checks=True)


def write_first_message(client: Client, organisation_slug: str, body: str, language: str = "en", **flags):
    with translation.override(language):
        url = reverse("consultations:write", args=[organisation_slug])
    client.get(url)
    data = {"body": body, "age_group": "adult", "danger": "no", **flags}
    return post_form(client, url, data)


def receipt_from(response, client: Client | None = None) -> str:
    """The receipt on the page the answer leads to (it comes after a redirect)."""
    if response.status_code == 302 and client is not None:
        response = client.get(response["Location"])
    match = RECEIPT.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


def start(organisation_slug: str, body: str, language: str = "en", **flags) -> tuple[Client, str]:
    client = person()
    return client, receipt_from(write_first_message(client, organisation_slug, body, language, **flags), client)


def come_back(receipt: str, client: Client | None = None, **extra):
    client = client or person()
    client.get(reverse("consultations:home"))
    return client, post_form(client, reverse("consultations:home"), {"receipt": receipt, **extra})
