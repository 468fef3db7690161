"""The directory in a phone-sized Chromium, with and without JavaScript, checked by axe-core."""

import pytest
from playwright.sync_api import expect

from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.directory.tests.fixture import import_directory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture
def loaded(transactional_db):
    import_directory()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_it_browses_and_opens_a_service_on_a_phone(live_server, loaded, phone, lang):
    phone.goto(f"{live_server.url}/{lang}/directory/")
    assert_accessible(phone)
    phone.select_option("#id_prefecture", "15")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Show services" if lang == "en" else "表示する").click()
    expect(phone.locator("main p.card")).to_contain_text("#8891")  # Niigata lists no centre: #8891 instead
    expect(phone).to_have_url(f"{live_server.url}/{lang}/directory/")  # the choices stay out of the address
    with phone.expect_navigation():
        phone.locator('a[href$="/directory/nat-onestop-8891/"]').first.click()
    expect(phone.locator('a[href="tel:%238891"]').first).to_be_visible()
    assert_accessible(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the service page scrolls sideways on a phone"


def answer(page, *, postal_code, age, danger, situation=None, lang=None, channel=None):
    """Fill in the find-help form as a person would and send it."""
    page.fill("#id_postal_code", postal_code)
    page.check(f'input[name="age"][value="{age}"]')
    page.check(f'input[name="danger"][value="{danger}"]')
    if situation:
        page.check(f'input[name="situation"][value="{situation}"]')
    if lang:
        page.select_option("#id_lang", lang)
    if channel:
        page.check(f'input[name="channel"][value="{channel}"]')
    with page.expect_navigation():
        page.locator("form.referral button[type=submit]").click()


def test_it_finds_help_without_javascript(live_server, loaded, phone_without_js):
    # axe-core needs JavaScript, so this walk checks the flow; the next test checks accessibility.
    page = phone_without_js
    page.goto(f"{live_server.url}/en/directory/find-help/")
    answer(page, postal_code="530-0001", age="minor", danger="no", situation="image_abuse")
    first = page.locator("ol.recommendations > li").first
    expect(first).to_contain_text("189")
    expect(page.locator('ol.recommendations a[href="tel:189"]').first).to_be_visible()
    expect(page, "the answers must not reach the address").to_have_url(f"{live_server.url}/en/directory/find-help/")


def test_it_lays_out_the_answer_accessibly_and_keeps_it_out_of_every_link(live_server, loaded, phone):
    phone.goto(f"{live_server.url}/en/directory/find-help/")
    answer(phone, postal_code="530-0001", age="minor", danger="no", situation="image_abuse", lang="tl", channel="line")
    assert phone.locator("ol.recommendations > li").count() >= 3
    expect(phone).to_have_url(f"{live_server.url}/en/directory/find-help/")
    links = phone.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    assert not [link for link in links if "?" in link or "530" in link or "image_abuse" in link]
    assert "530" not in phone.title()
    assert_accessible(phone)


def test_it_forgets_the_answers_in_an_old_link(live_server, loaded, phone):
    query = "postal_code=150-0002&age=minor&danger=yes&situation=sexual_violence&gender=female&lang=tl"
    phone.goto(f"{live_server.url}/en/directory/find-help/?{query}")
    expect(phone).to_have_url(f"{live_server.url}/en/directory/find-help/")
    expect(phone.locator("ol.recommendations")).to_have_count(0)
    assert phone.input_value("#id_postal_code") == ""
    assert not phone.is_checked('input[name="situation"][value="sexual_violence"]')
    assert phone.input_value("#id_gender") == ""


def test_it_shows_a_bad_postal_code_next_to_the_field(live_server, loaded, phone):
    phone.goto(f"{live_server.url}/ja/directory/find-help/")
    answer(phone, postal_code="999-9999", age="adult", danger="no")
    expect(phone.locator(".errorlist").first).to_contain_text("見つかりませんでした")
    assert phone.input_value("#id_postal_code") == "999-9999"
    expect(phone).to_have_url(f"{live_server.url}/ja/directory/find-help/")
    assert_accessible(phone)
