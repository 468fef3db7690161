"""The help flow in Debian's Chromium on a 360x640 phone: the whole walk, the quick exit, no JavaScript.

Each walk checks every screen with axe-core, reads the browser's own history through the DevTools
protocol, and adds up the bytes each screen transferred.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tomoshibi.core.tests.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]

BUDGET = 30 * 1024


def history(page):
    """(url, title) of every entry in this tab's history, as the browser keeps it."""
    cdp = page.context.new_cdp_session(page)
    entries = cdp.send("Page.getNavigationHistory")["entries"]
    cdp.detach()
    return [(entry["url"], entry["title"]) for entry in entries]


def assert_no_answer_in(entries, answers):
    """No query string anywhere, and no answer in any entry's path or title."""
    for url, title in entries:
        address = urlsplit(url)
        assert not address.query and not address.fragment, url
        for answer in answers:
            assert answer not in address.path and answer not in title, (answer, url, title)


def transferred_bytes(page):
    """Bytes of the page and everything it loaded, as sent over the network (compressed where it was)."""
    return page.evaluate(
        "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".reduce((sum, entry) => sum + entry.encodedBodySize, 0)"
    )


class Walk:
    """One person on a phone: answers by value, so the same walk works in every language."""

    def __init__(self, page, base):
        self.page, self.base, self.chosen, self.sizes = page, base, [], {}
        self.requests = []
        page.on("request", lambda request: self.requests.append(request.url))

    def check_screen(self, name):
        assert_accessible(self.page)
        self.sizes[name] = transferred_bytes(self.page)
        assert self.sizes[name] < BUDGET, f"{name}: {self.sizes[name]} bytes"

    def choose(self, *values):
        for value in values:
            self.chosen.append(self.page.locator(f"label:has(input[value={value}]) span").inner_text())
            self.page.check(f"input[value={value}]")

    def submit(self, action="next"):
        with self.page.expect_navigation():
            self.page.click(f"form.step button[value={action}]")

    def answer_two_questions(self, language, safe, prefecture):
        """From the language's home page into the flow, to the third question (age)."""
        self.page.goto(f"{self.base}/{language}/")
        self.page.goto(f"{self.base}/{language}/help/")
        self.choose(safe)
        self.submit()
        self.page.select_option("#prefecture", prefecture)
        self.submit()


WALK_LANGUAGES = ["ja", "en", "tl"]
# Scripts whose marks stack or whose fonts differ most: the whole walk in each, axe on every screen.
NEW_SCRIPTS = ["my", "ne", "zh-hant"]


@pytest.mark.parametrize("language", WALK_LANGUAGES + NEW_SCRIPTS)
def test_it_walks_the_whole_flow_and_leaves_no_answer_in_the_history(phone, live_server, directory, language):
    walk = Walk(phone, live_server.url)
    phone.goto(f"{live_server.url}/{language}/")
    phone.goto(f"{live_server.url}/{language}/help/")
    walk.check_screen("safety")
    walk.choose("no")
    walk.submit()
    expect(phone.locator("a.button.call[href='tel:110']")).to_be_visible()
    walk.check_screen("emergency")
    walk.submit()
    walk.check_screen("location")
    phone.fill("#postal-code", "999-9999")
    walk.submit()
    assert phone.locator("#postal-code").get_attribute("aria-invalid") == "true"
    walk.check_screen("location refused")
    phone.fill("#postal-code", "530-0001")
    walk.submit()
    walk.check_screen("age")
    walk.choose("minor")
    walk.submit()
    walk.check_screen("situation")
    walk.choose("sex_for_money", "images")
    walk.submit()
    walk.check_screen("channel")
    walk.choose("line", "phone")
    walk.submit()
    walk.check_screen("answer")
    assert phone.locator("ol.recommendations a[href^='tel:']").count() >= 3
    assert phone.locator("a[href='tel:189']").count() >= 1  # a child is pointed to child guidance

    entries = history(phone)
    flow_entries = [url for url, _title in entries if url.endswith(f"/{language}/help/")]
    assert len(flow_entries) == 1, entries  # every step replaced the last one
    assert_no_answer_in(entries, [*walk.chosen, "530", "999", "minor", "sex_for_money", "images", "line"])
    assert all(url.startswith(live_server.url) for url in walk.requests), "a request left the site"


@pytest.mark.parametrize("language", WALK_LANGUAGES)
def test_it_leaves_at_once_on_quick_exit_and_back_does_not_return(phone, live_server, directory, language):
    Walk(phone, live_server.url).answer_two_questions(language, "unsure", "27")
    with phone.expect_navigation():
        phone.click("#quick-exit")
    expect(phone).to_have_url(settings.QUICK_EXIT_URL)
    phone.go_back()
    assert "/help/" not in phone.url
    expect(phone).to_have_url(f"{live_server.url}/{language}/")
    phone.goto(f"{live_server.url}/{language}/help/")
    assert phone.locator("input[value=unsure]").is_checked() is False  # the session is gone
    assert phone.locator("input[name=step]").input_value() == "safety"


def test_it_leaves_on_the_esc_key_too(phone, live_server, directory):
    phone.goto(f"{live_server.url}/en/help/")
    with phone.expect_navigation():
        phone.keyboard.press("Escape")
    expect(phone).to_have_url(settings.QUICK_EXIT_URL)


def test_it_keeps_the_answers_when_the_language_is_changed_mid_flow(phone, live_server, directory):
    walk = Walk(phone, live_server.url)
    walk.answer_two_questions("ja", "yes", "13")
    with phone.expect_navigation():
        phone.click("nav.languages a[hreflang=tl]")
    expect(phone).to_have_url(f"{live_server.url}/tl/help/")
    assert phone.locator("html").get_attribute("lang") == "tl"
    walk.submit("back")
    assert phone.locator("#prefecture").input_value() == "13"


def test_it_walks_the_flow_without_javascript(phone_without_js, live_server, directory):
    """Plain form posts all the way. (axe-core needs JavaScript: the same screens are checked above.)"""
    page = phone_without_js
    page.goto(f"{live_server.url}/en/help/")
    page.check("input[value=no]")
    page.click("button[value=next]")
    expect(page.locator("h1")).to_have_text("Call 110 now")
    page.click("button[value=next]")
    page.fill("#postal-code", "999-9999")
    page.click("button[value=next]")
    expect(page.locator("#postal-code-error")).to_contain_text("We could not find the postal code 9999999")
    page.fill("#postal-code", "")
    page.select_option("#prefecture", "40")
    page.click("button[value=next]")
    page.click("button[value=skip]")
    page.check("input[value=debt]")
    page.click("button[value=next]")
    page.check("input[value=chat]")
    page.click("button[value=next]")
    expect(page.locator("h1")).to_have_text("Support for you")
    expect(page.locator("ol.recommendations a[href^='tel:']").first).to_be_visible()
    assert page.locator("ol.recommendations a[href^='tel:']").count() >= 1
    entries = history(page)
    assert len(entries) > 3  # without JavaScript every step is an entry, all with the same address
    assert_no_answer_in(entries, ["999", "40", "Fukuoka", "debt", "chat", "You have a debt"])
    page.click("button[value=restart]")
    assert page.locator("input[name=step]").input_value() == "safety"
    expect(page.locator("input:checked")).to_have_count(0)


def test_it_offers_accessible_posters(phone, live_server, directory):
    phone.goto(f"{live_server.url}/en/help/posters/")
    assert_accessible(phone)
    phone.click("a[href='/en/help/posters/27/a4/']")
    assert phone.locator("svg[role=img]").get_attribute("aria-label") == f"{settings.SITE_URL}/en/help/?p=27"
    assert_accessible(phone)


LINE_WORDS = {
    "ja": ("LINEで開く", "から受付（あと", "いま受付中・あなたの言語で"),
    "en": ("Open in LINE", "Opens ", "Open right now, in your language"),
    "tl": ("Buksan sa LINE", "Bubukas nang ", "Bukas ngayon, sa iyong wika"),
}


def close_line_accounts_for_two_hours():
    """Every LINE account opens two hours from now, for an hour: the answer must say when, and what is open now."""
    from datetime import timedelta

    from django.utils import timezone

    from tomoshibi.directory.models import Contact
    from tomoshibi.directory.referral_engine import in_japan

    opens = in_japan(timezone.now()) + timedelta(hours=2)
    window = f"daily {opens:%H:%M}-{opens + timedelta(hours=1):%H:%M}"
    assert Contact.objects.filter(channel="line").update(hours=window) > 0
    return f"{opens:%H:%M}"


@pytest.mark.parametrize("language", WALK_LANGUAGES)
def test_it_opens_line_in_one_tap_says_when_it_opens_and_what_is_open_now(phone, live_server, directory, language):
    opens_at = close_line_accounts_for_two_hours()
    walk = Walk(phone, live_server.url)
    walk.answer_two_questions(language, "yes", "13")
    walk.choose("minor")
    walk.submit()
    walk.choose("sex_for_money")
    walk.submit()
    walk.choose("line")
    walk.submit()
    walk.check_screen("answer with LINE")
    open_in_line, opens, right_now = LINE_WORDS[language]
    line = phone.locator("a.button.line[href^='https://line.me/'], a.button.line[href^='https://lin.ee/']").first
    expect(line).to_be_visible()
    expect(line).to_have_text(open_in_line)
    status = line.locator("xpath=following-sibling::p[contains(@class, 'status')]")
    expect(status).to_contain_text(opens)
    expect(status).to_contain_text(opens_at)
    expect(phone.locator("section.right-now")).to_contain_text(right_now)
    assert phone.locator("section.right-now a[href]").count() >= 1
