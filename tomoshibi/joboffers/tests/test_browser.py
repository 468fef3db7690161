"""The job-offer check on a 360x640 phone in Debian's Chromium: a Vietnamese broker's offer and a Japanese
"model work" post, each with axe-core on every page, and the same walks with JavaScript turned off."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.joboffers.tests.test_checker import MODEL_WORK, VIETNAMESE_BROKER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

WALKS = {
    "vi": (VIETNAMESE_BROKER, "giữ hộ chiếu", "Someone else keeps the passport or residence card"),
    "ja": (MODEL_WORK, "学生歓迎", "Night entertainment, modelling or filming aimed at students or young people"),
}


def in_language(language, text):
    with translation.override(language):
        return str(translation.gettext(text))


def check_page(page):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def check_heading_only(page):
    """Without JavaScript neither axe-core nor page.evaluate can run: the same pages are checked with it above."""
    expect(page.locator("main h1")).to_have_count(1)


def walk(page, base, language, check=check_page):
    offer, marked_words, sign = WALKS[language]
    page.goto(f"{base}/{language}/job-offer/")
    check(page)
    page.fill("textarea[name=text]", offer)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    check(page)
    main = page.inner_text("main")
    strong = in_language(language, "Level of concern: %(level)s") % {"level": in_language(language, "Strong signs")}
    assert strong in main
    assert in_language(language, sign) in main
    expect(page.locator(".offer mark", has_text=marked_words).first).to_be_visible()
    assert page.locator("ol.recommendations > li").count() > 0


@pytest.mark.parametrize("language", ["vi", "ja"])
def test_it_checks_an_offer_on_a_phone(phone, live_server, directory, language):
    walk(phone, live_server.url, language)


@pytest.mark.parametrize("language", ["vi", "ja"])
def test_it_checks_an_offer_without_javascript(phone_without_js, live_server, directory, language):
    walk(phone_without_js, live_server.url, language, check=check_heading_only)
