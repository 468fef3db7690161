"""One screening and one training module in Debian's Chromium on a 360x640 phone, in Japanese and English,
checked with axe-core on every page; and the same walks with JavaScript turned off."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.models import ScreeningCount, TrainingCompletion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

HOTEL_MODULE = default_catalogue().modules["hotel"]


def in_language(language, text):
    with translation.override(language):
        return str(translation.gettext(text))


def check_page(page):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def check_heading_only(page):
    """Without JavaScript neither axe-core nor page.evaluate can run: the same pages are checked with it above."""
    expect(page.locator("main h1")).to_have_count(1)


def submit(page):
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def click_link(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def walk_screening(page, base, language, check=check_page):
    page.goto(f"{base}/{language}/screen/")
    check(page)
    page.check("input[name=role][value=hotel]")
    page.check("input[name=situation][value=observe]")
    submit(page)
    assert page.url.endswith(f"/{language}/screen/hotel/observe_hotel/")
    check(page)
    for item in ("many_short_visitors", "someone_else_in_charge", "guest_watched"):
        page.check(f"input[name=item-{item}][value=seen]")
    page.check("input[name=item-cash_and_no_cleaning][value=not_seen]")
    page.select_option("#prefecture", "13")
    submit(page)
    check(page)
    body = page.inner_text("main")
    expected = in_language(language, "Level of concern: %(level)s") % {"level": in_language(language, "Strong signs")}
    assert expected in body
    assert in_language(language, "not answered") in body
    assert page.locator("ol.recommendations > li").count() > 0
    assert ScreeningCount.objects.get().level == "strong_signs"
    with page.expect_navigation():
        page.get_by_role("button", name=in_language(language, "Open the help flow")).click()
    expect(page).to_have_url(f"{base}/{language}/help/")  # the context went by POST, not in the address
    expect(page.locator("input[name=step]")).to_have_value("safety")


def walk_training(page, base, language, check=check_page):
    page.goto(f"{base}/{language}/learn/")
    check(page)
    page.goto(f"{base}/{language}/learn/hotel/")
    check(page)
    submit(page)
    for number, scenario in enumerate(HOTEL_MODULE.scenarios, 1):
        check(page)
        assert scenario.situation.get(language) in page.inner_text("main")
        best = next(choice for choice in scenario.choices if choice.correct)
        page.check(f"input[name=choice][value={best.id}]")
        submit(page)
        check(page)
        assert in_language(language, "Right.") in page.inner_text("main")
        last = number == len(HOTEL_MODULE.scenarios)
        click_link(page, in_language(language, "See your summary" if last else "Next situation"))
    check(page)
    click_link(page, in_language(language, "Get your certificate"))
    check(page)
    assert HOTEL_MODULE.title.get(language) in page.inner_text("main")
    code = page.inner_text(".certificate .code")
    page.goto(f"{base}/{language}/learn/verify/?code={code}")
    check(page)
    assert in_language(language, "This certificate is valid.") in page.inner_text("main")
    assert TrainingCompletion.objects.get().count == 1


@pytest.mark.parametrize("language", ["ja", "en"])
def test_it_completes_a_screening_on_a_phone(phone, live_server, directory, language):
    walk_screening(phone, live_server.url, language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_it_completes_a_training_module_on_a_phone(phone, live_server, language):
    walk_training(phone, live_server.url, language)


def test_it_screens_without_javascript(phone_without_js, live_server, directory):
    walk_screening(phone_without_js, live_server.url, "ja", check=check_heading_only)


def test_it_trains_without_javascript(phone_without_js, live_server):
    walk_training(phone_without_js, live_server.url, "en", check=check_heading_only)
