"""The help flow in easy Japanese, in Debian's Chromium on a phone: reached from the Japanese page,
every screen checked with axe-core and weighed, furigana drawn above the kanji."""

import pytest
from playwright.sync_api import expect

from .test_browser import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


# Each screen, and how a child in danger answers it (the location is first refused, then found).
ANSWERS = [
    ("safety", lambda walk: walk.choose("no")),
    ("emergency", lambda walk: None),
    ("location", lambda walk: walk.page.fill("#postal-code", "999-9999")),
    ("location refused", lambda walk: walk.page.fill("#postal-code", "530-0001")),
    ("age", lambda walk: walk.choose("minor")),
    ("situation", lambda walk: walk.choose("sex_for_money", "images")),
    ("channel", lambda walk: walk.choose("line", "phone")),
]


def assert_furigana_shown(page):
    """Ruby in the question, drawn above its kanji (the reading's box sits higher than the base's)."""
    ruby = page.locator("h1 ruby").first
    expect(ruby).to_be_visible()
    base_top = ruby.bounding_box()["y"] + ruby.bounding_box()["height"] / 2
    assert ruby.locator("rt").bounding_box()["y"] < base_top


def test_it_walks_the_whole_flow_in_easy_japanese(phone, live_server, directory):
    walk = Walk(phone, live_server.url)
    phone.goto(f"{live_server.url}/ja/help/")
    with phone.expect_navigation():
        phone.click("nav.languages a[href='/ja-easy/help/']")
    assert phone.locator("html").get_attribute("lang") == "ja"
    assert_furigana_shown(phone)
    for screen, answer in ANSWERS:
        walk.check_screen(screen)
        answer(walk)
        walk.submit()
    walk.check_screen("answer")
    assert_furigana_shown(phone)
    expect(phone.locator("main")).to_contain_text("あなたが罰ばつを受うけたり、せめられたりすることはありません")
    assert phone.locator("ol.recommendations a[href^='tel:']").count() >= 3
    assert phone.title() == "ともしび"
    assert all(url.startswith(live_server.url) for url in walk.requests), "a request left the site"
