"""The round trip in a real browser on a phone-sized screen.

A person writes in Tagalog, a counsellor signs in with password and TOTP,
reads and replies, and the person comes back with the receipt to read it.
axe-core checks every page the person sees.
"""

import pytest
from playwright.sync_api import expect

from tomoshibi.accounts.models import Role
from tomoshibi.core.tests.browser import assert_accessible, open_phone_page
from tomoshibi.testing.personas import fresh_code, make_organisation, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

TAGALOG_MESSAGE = "Kinuha ng amo ko ang pasaporte ko at hindi ako makaalis. Ano ang dapat kong gawin?"
REPLY = "Salamat sa pagsulat. Maaari ka naming tulungan. Ligtas ka ba ngayon?"


def person_writes(page, base: str, check=assert_accessible) -> str:
    page.goto(f"{base}/tl/consult/start/")
    check(page)
    page.locator("a.button[href='/tl/consult/start/sakura/']").click()
    expect(page).to_have_url(f"{base}/tl/consult/start/sakura/")  # no answer ever travels in the address
    page.check("input[name=situations][value=documents_taken]")
    check(page)
    page.fill("textarea[name=body]", TAGALOG_MESSAGE)
    page.locator("form button[type=submit]").click()
    receipt = page.locator("#receipt").inner_text()
    check(page)
    return receipt


def counsellor_replies(page, base: str, counsellor) -> None:
    page.goto(f"{base}/en/staff/login/")
    page.fill("input[name=email]", counsellor.email)
    page.fill("input[name=password]", counsellor.password)
    page.fill("input[name=code]", fresh_code(counsellor))
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Consultation inbox").click()
    expect(page.get_by_text("Unread")).to_be_visible()
    page.locator("table a").first.click()
    expect(page.locator(".thread")).to_contain_text(TAGALOG_MESSAGE)
    assert_accessible(page)
    page.fill("textarea[name=body]", REPLY)
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".thread")).to_contain_text(REPLY)


def person_comes_back(page, base: str, receipt: str) -> None:
    page.goto(f"{base}/tl/consult/")
    assert_accessible(page)
    page.fill("input[name=receipt]", receipt)
    page.locator("main form button[type=submit]").first.click()
    thread = page.locator(".thread").inner_text()
    assert TAGALOG_MESSAGE in thread and REPLY in thread
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_a_person_and_a_counsellor_talk_through_the_encrypted_conversation(live_server, chromium):
    org = make_organisation("sakura", languages=["tl", "ja", "en"])
    counsellor = make_staff(org, Role.COUNSELLOR, "counsellor@sakura.example")
    receipt = in_new_phone(chromium, person_writes, live_server.url)
    in_new_phone(chromium, counsellor_replies, live_server.url, counsellor)
    in_new_phone(chromium, person_comes_back, live_server.url, receipt)


def in_new_phone(chromium, step, *args):
    """Each side on its own device: nothing carries over but the receipt."""
    context, page = open_phone_page(chromium)
    try:
        return step(page, *args)
    finally:
        context.close()


def test_the_person_pages_work_without_javascript(live_server, phone_without_js):
    org = make_organisation("sakura")
    page = phone_without_js
    receipt = person_writes(page, live_server.url, check=lambda page: None)  # axe needs script
    assert len(receipt.replace(" ", "")) == 16
    page.locator("main a.button").click()
    expect(page.locator(".thread")).to_contain_text(TAGALOG_MESSAGE)
    assert org.organisation.conversations.count() == 1
