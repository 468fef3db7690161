"""The directory in a phone-sized Chromium, with and without JavaScript, checked by axe-core."""

import pytest

from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.directory.actions import do_import_services
from tomoshibi.directory.csvformat import BUNDLED, iter_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]


@pytest.fixture
def loaded(transactional_db):
    do_import_services(list(iter_rows(BUNDLED)))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_it_browses_and_opens_a_service_on_a_phone(live_server, loaded, phone, lang):
    phone.goto(f"{live_server.url}/{lang}/directory/")
    assert_accessible(phone)
    phone.select_option("#id_prefecture", "15")
    phone.get_by_role("button", name="Show services" if lang == "en" else "表示する").click()
    assert "#8891" in phone.locator("main").inner_text()
    phone.locator('a[href$="/directory/nat-onestop-8891/"]').first.click()
    assert phone.locator('a[href="tel:%238891"]').first.is_visible()
    assert_accessible(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the service page scrolls sideways on a phone"


def test_it_finds_help_without_javascript(live_server, loaded, phone_without_js):
    # axe-core needs JavaScript, so this walk checks the flow; the next test checks accessibility.
    page = phone_without_js
    page.goto(f"{live_server.url}/en/directory/find-help/")
    page.fill("#id_postal_code", "530-0001")
    page.check("#id_age_0")
    page.check("#id_danger_1")
    page.check('input[name="situation"][value="image_abuse"]')
    page.get_by_role("button", name="Show where to get help").click()
    first = page.locator("ol.recommendations > li").first
    assert "189" in first.inner_text()
    assert page.locator('ol.recommendations a[href="tel:189"]').first.is_visible()


def test_it_lays_out_the_answer_accessibly(live_server, loaded, phone):
    query = "postal_code=530-0001&age=minor&danger=no&situation=image_abuse&lang=tl&channel=line"
    phone.goto(f"{live_server.url}/en/directory/find-help/?{query}")
    assert phone.locator("ol.recommendations > li").count() >= 3
    assert_accessible(phone)


def test_it_shows_a_bad_postal_code_next_to_the_field(live_server, loaded, phone):
    phone.goto(f"{live_server.url}/ja/directory/find-help/?postal_code=999-9999&age=adult&danger=no")
    assert "見つかりませんでした" in phone.locator(".errorlist").first.inner_text()
    assert phone.input_value("#id_postal_code") == "999-9999"
    assert_accessible(phone)
