"""The home page in a real browser at phone size, in Japanese and English."""

import pytest
from playwright.sync_api import expect

from tomoshibi.core.tests.browser import NEUTRAL_URL, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize(("language", "heading"), [("ja", "相談窓口案内"), ("en", "Help against trafficking")])
def test_the_home_page_is_accessible_and_the_quick_exit_leaves_no_way_back(live_server, phone, language, heading):
    phone.goto(f"{live_server.url}/{language}/no-trace/")
    phone.goto(f"{live_server.url}/{language}/")
    expect(phone.locator("h1")).to_contain_text(heading)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(phone)
    phone.click("#quick-exit")
    phone.wait_for_url(NEUTRAL_URL)
    phone.go_back()
    assert not phone.url.endswith(f"/{language}/")


def test_the_escape_key_leaves_at_once(live_server, phone):
    phone.goto(f"{live_server.url}/en/")
    phone.keyboard.press("Escape")
    phone.wait_for_url(NEUTRAL_URL)


def test_the_home_page_works_without_javascript(live_server, phone_without_js):
    phone_without_js.goto(f"{live_server.url}/en/")
    phone_without_js.click("text=How to leave no trace >> nth=0")
    expect(phone_without_js.locator("h1")).to_contain_text("How to leave no trace")
    phone_without_js.click("#quick-exit")
    phone_without_js.wait_for_url(NEUTRAL_URL)
