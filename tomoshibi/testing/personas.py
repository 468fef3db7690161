"""The personas of every app's tests, in one module: organisations with real key pairs, staff with
real passwords and TOTP devices, the person who writes to an organisation and comes back with a
receipt, a hotline desk with its analysts and someone who reports.

Everything goes through the real actions and, for signing in, the real login form; the person's
side and the report form through the real pages with their CSRF token. Argon2id runs at
libsodium's minimal cost in every test (tomoshibi/testing/costs.py), which changes only the speed:
the cost is stored with every salt. An app's conftest.py brings the fixtures in with a star import.
"""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tomoshibi.accounts.actions import do_add_member_with_key, do_create_organisation, do_create_staff_account
from tomoshibi.accounts.models import Role
from tomoshibi.accounts.totp import new_key
from tomoshibi.hotline.actions import Submission, do_create_desk, do_submit_report
from tomoshibi.hotline.intake import read_addresses
from tomoshibi.testing.costs import QUICK_PASSWORD_HASHERS, fast_key_derivation  # noqa: F401 (re-exported)

PASSWORD = "lantern-harbour-quiet-4821"


@pytest.fixture(autouse=True)
def english():
    """Tests read English pages unless they ask for another language."""
    with translation.override("en"):
        yield


@dataclass
class Org:
    organisation: object
    recovery_key: str
    private_key: bytes

    @property
    def slug(self) -> str:
        return self.organisation.slug


@dataclass
class Staff:
    user: object
    membership: object
    password: str
    totp_key: str

    @property
    def email(self) -> str:
        return self.user.get_username()


def make_organisation(slug: str, **fields) -> Org:
    fields.setdefault("languages", ["ja", "en", "tl"])
    organisation, recovery_key, private_key = do_create_organisation(name=f"Org {slug}", slug=slug, **fields)
    return Org(organisation, recovery_key, private_key)


def make_staff(org: Org, role: Role, email: str, *, with_key: bool = True, password: str = PASSWORD) -> Staff:
    totp_key = new_key()
    user, keys = do_create_staff_account(email=email, password=password, totp_key=totp_key)
    if with_key:
        membership = do_add_member_with_key(org.organisation, user, role, org.private_key, keys)
    else:
        membership = org.organisation.memberships.create(user=user, role=role)
    return Staff(user, membership, password, totp_key)


def make_platform_admin(email: str = "root@platform.example") -> Staff:
    """A platform admin: maintains the directory in the admin, belongs to no organisation, holds no key."""
    totp_key = new_key()
    user, _keys = do_create_staff_account(email=email, password=PASSWORD, totp_key=totp_key, is_platform_admin=True)
    return Staff(user, None, PASSWORD, totp_key)


def fresh_code(staff: Staff) -> str:
    """The current code, with the device's replay guard reset as if the next 30-second step had come."""
    TOTPDevice.objects.filter(user=staff.user).update(last_t=-1, throttling_failure_count=0)
    return TOTP(bytes.fromhex(staff.totp_key)).token().__str__().zfill(6)


def csrf_token(client: Client, url: str | None = None) -> str:
    if url is not None or settings.CSRF_COOKIE_NAME not in client.cookies:
        client.get(url or reverse("accounts:login"))
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def post_form(client: Client, url: str, data: dict | None = None, **extra):
    """POST like a browser does: with the CSRF token the site gave."""
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": csrf_token(client)}, **extra)


def sign_in(client: Client, staff: Staff, *, password: str | None = None, code: str | None = None):
    csrf_token(client, reverse("accounts:login"))
    data = {"email": staff.email, "password": password or staff.password, "code": code or fresh_code(staff)}
    return post_form(client, reverse("accounts:login"), data)


def signed_in_client(staff: Staff) -> Client:
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, staff)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def org_a():
    return make_organisation("org-a")


@pytest.fixture
def org_b():
    return make_organisation("org-b")


@pytest.fixture
def counsellor(org_a):
    return make_staff(org_a, Role.COUNSELLOR, "counsellor@a.example")


@pytest.fixture
def supervisor(org_a):
    return make_staff(org_a, Role.SUPERVISOR, "supervisor@a.example")


@pytest.fixture
def org_admin(org_a):
    return make_staff(org_a, Role.ADMIN, "admin@a.example")


@pytest.fixture
def platform_admin():
    return make_platform_admin()


def make_coordinator(slug: str = "coordination") -> tuple[Org, Staff]:
    """A coordinating organisation (it does no casework) and its coordinator of estimation rounds, holding its key."""
    org = make_organisation(slug)
    return org, make_staff(org, Role.COORDINATOR, f"coordinator@{slug}.example")


@pytest.fixture
def coordinator(db) -> Staff:
    return make_coordinator()[1]


RECEIPT = re.compile(r'<p class="receipt" id="receipt">(\d{4} \d{4} \d{4} \d{4})</p>')


# The person who writes to an organisation (consultations).


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


# A hotline desk, its analysts, and someone who reports (hotline).


@dataclass
class Desk:
    org: Org
    desk: object

    @property
    def slug(self) -> str:
        return self.org.slug


def make_desk(slug: str) -> Desk:
    org = make_organisation(slug)
    return Desk(org, do_create_desk(org.organisation, contact_email=f"desk@{slug}.example"))


@pytest.fixture
def hotline(db):
    return make_desk("hotline")


@pytest.fixture
def analyst(hotline) -> Staff:
    return make_staff(hotline.org, Role.COUNSELLOR, "analyst@hotline.example")


@pytest.fixture
def second_analyst(hotline) -> Staff:
    return make_staff(hotline.org, Role.COUNSELLOR, "second@hotline.example")


@pytest.fixture
def lead(hotline) -> Staff:
    return make_staff(hotline.org, Role.SUPERVISOR, "lead@hotline.example")


@pytest.fixture
def other_hotline(db):
    """A second hotline organisation on the same platform."""
    return make_desk("other-hotline")


@pytest.fixture
def outsider(other_hotline) -> Staff:
    """An admin of the other hotline: a staff member, but not of this hotline."""
    return make_staff(other_hotline.org, Role.ADMIN, "admin@other.example")


@pytest.fixture
def analyst_client(analyst) -> Client:
    return signed_in_client(analyst)


def report_form_data(**fields) -> dict:
    data = {"urls": "https://example.com/page", "category": "csam", "seen_on": "website", "description": ""}
    data.update(fields)
    return data


def file_report(client: Client | None = None, language: str = "en", **fields):
    """Fill in and send the public report form like a browser; returns the response."""
    client = client or Client(enforce_csrf_checks=True)
    url = reverse("hotline:report").replace("/en/", f"/{language}/", 1)
    client.get(url)
    return post_form(client, url, report_form_data(**fields))


def submit(desk: Desk, *urls: str, category: str = "trafficking", description: str = "", **fields):
    """A report straight through the action (for tests about what happens after it arrives)."""
    submission = Submission(
        addresses=read_addresses(urls or ["https://example.com/page"]).addresses,
        category=category,
        seen_on=fields.pop("seen_on", "website"),
        language=fields.pop("language", "en"),
        description=description,
        **fields,
    )
    return do_submit_report(desk.desk, submission)


def check_status(receipt: str, client: Client | None = None):
    client = client or Client(enforce_csrf_checks=True)
    client.get(reverse("hotline:status"))
    return post_form(client, reverse("hotline:status"), {"receipt": receipt})
