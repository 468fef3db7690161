"""A referral in a real browser: a person writing in Thai (and, again, in Japanese), counsellors working in Japanese.

Counsellor A answers, then proposes a shelter referral; the person reads it in their language and agrees with their
receipt; counsellor B accepts, reads the summary and writes; the person reads both
organisations with the one receipt; A sees "accepted". axe-core checks the person's pages.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tomoshibi.consultations.models import Conversation
from tomoshibi.consultations.tests.test_browser import in_new_phone
from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.referrals.models import Referral
from tomoshibi.testing.personas import fresh_code

from .people import PERSON_SAYS, SUMMARY, make_world

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

JAPANESE_MESSAGE = "店のオーナーにパスポートを取られました。今夜安全に泊まれる場所が必要です。"
FIRST_ORGANISATION_WRITES = "話してくれてありがとう。安全に泊まれる場所を一緒に探します。"
SHELTER_WRITES = "今夜、部屋を用意できます。ห้องพักพร้อมแล้วคืนนี้ มาที่สถานีเทนโนจิได้ไหม"


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def person_writes(page, base: str, language: str, message: str) -> str:
    page.goto(f"{base}/{language}/consult/start/sakura/")
    page.fill("textarea[name=body]", message)
    page.locator("form button[type=submit]").click()
    return page.locator("#receipt").inner_text()


def sign_in(page, base: str, member) -> None:
    page.goto(f"{base}/ja/staff/login/")
    page.fill("input[name=email]", member.email)
    page.fill("input[name=password]", member.password)
    page.fill("input[name=code]", fresh_code(member))
    page.locator("main form button[type=submit]").click()


def counsellor_a_proposes(page, base: str, member, conversation) -> None:
    sign_in(page, base, member)
    page.goto(f"{base}/ja/consult/staff/conversations/{conversation.pk}/")
    page.fill("textarea[name=body]", FIRST_ORGANISATION_WRITES)
    page.get_by_role("button", name=in_language("ja", "Send reply")).click()
    expect(page.locator(".thread")).to_contain_text(FIRST_ORGANISATION_WRITES)
    page.get_by_role("link", name=in_language("ja", "Refer to another service")).click()
    page.select_option("select[name=service]", "ngo-hidamari")
    page.check("input[name=kind][value=share]")
    page.select_option("select[name=reason]", "shelter")
    page.fill("textarea[name=summary]", SUMMARY)
    page.get_by_role("button", name=in_language("ja", "Propose to the person")).click()
    expect(page.locator(".referral-status")).to_have_attribute("data-status", "proposed")


def person_agrees(page, base: str, language: str, receipt: str) -> None:
    come_back(page, base, language, receipt)
    card = page.locator("section.referral")
    expect(card).to_contain_text(SUMMARY)
    expect(card).to_contain_text(in_language(language, "What would be shared if you agree"))
    assert_accessible(page)
    card.get_by_role("button", name=in_language(language, "Yes, pass me on")).click()
    expect(page.locator("section.referral")).to_have_attribute("data-status", "consented")
    assert_accessible(page)


def come_back(page, base: str, language: str, receipt: str) -> None:
    page.goto(f"{base}/{language}/consult/")
    page.fill("input[name=receipt]", receipt)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def counsellor_b_accepts_and_writes(page, base: str, member) -> None:
    sign_in(page, base, member)
    page.goto(f"{base}/ja/consult/staff/inbox/hidamari/")
    page.get_by_role("link", name=in_language("ja", "Referrals")).first.click()
    page.locator("table a").first.click()
    expect(page.locator(".summary")).to_contain_text(SUMMARY)
    page.get_by_role("button", name=in_language("ja", "Accept and write to the person")).click()
    page.fill("textarea[name=body]", SHELTER_WRITES)
    page.get_by_role("button", name=in_language("ja", "Send reply")).click()
    expect(page.locator(".thread")).to_contain_text(SHELTER_WRITES)


def person_reads_both(page, base: str, language: str, receipt: str, message: str) -> None:
    come_back(page, base, language, receipt)
    thread = page.locator(".thread")
    expect(thread).to_contain_text(message)
    expect(thread).to_contain_text(FIRST_ORGANISATION_WRITES)
    expect(thread).to_contain_text(SHELTER_WRITES)
    expect(thread).to_contain_text("Org hidamari")
    expect(page.locator("h1")).to_contain_text("Org sakura")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def counsellor_a_sees_accepted(page, base: str, member, referral) -> None:
    sign_in(page, base, member)
    page.goto(f"{base}/ja/consult/staff/referrals/{referral.pk}/")
    status = page.locator(".referral-status")
    expect(status).to_have_attribute("data-status", "accepted")
    expect(status).to_have_text(in_language("ja", "Accepted"))


@pytest.mark.parametrize("language, message", [("th", PERSON_SAYS), ("ja", JAPANESE_MESSAGE)])
def test_a_person_is_passed_on_to_a_shelter_with_one_receipt(live_server, chromium, language, message):
    world = make_world()
    base = live_server.url
    receipt = in_new_phone(chromium, person_writes, base, language, message)
    conversation = Conversation.objects.get(organisation=world.sender.organisation)
    in_new_phone(chromium, counsellor_a_proposes, base, world.counsellor_a, conversation)
    in_new_phone(chromium, person_agrees, base, language, receipt)
    in_new_phone(chromium, counsellor_b_accepts_and_writes, base, world.counsellor_b)
    in_new_phone(chromium, person_reads_both, base, language, receipt, message)
    in_new_phone(chromium, counsellor_a_sees_accepted, base, world.counsellor_a, Referral.objects.get())
