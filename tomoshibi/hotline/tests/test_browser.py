"""A report in a real browser on a phone-sized screen, in Japanese, followed to "content removed".

Someone files a report; an analyst signs in with password and TOTP, claims it,
assesses it, sends a notice and confirms the removal; the person sees the new
status with the receipt. axe-core checks every page on the way.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tomoshibi.accounts.models import Role
from tomoshibi.core.tests.browser import assert_accessible, open_phone_page
from tomoshibi.hotline.models import Report, Status
from tomoshibi.testing.personas import fresh_code, make_desk, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

ADDRESS = "https://ihou-gazou.example/album/88"


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def person_reports(page, base: str, check=assert_accessible) -> str:
    page.goto(f"{base}/ja/report/")
    expect(page.get_by_text("画像や動画そのものは、絶対にダウンロードしたり送ったりしないでください")).to_be_visible()
    check(page)
    page.fill("textarea[name=urls]", f"javascript:alert(1)\n{ADDRESS}")
    page.check("input[name=category][value=csam]")
    page.check("input[name=seen_on][value=social_network]")
    page.get_by_role("button", name="通報する").click()
    expect(page.get_by_text("1行目（javascript:alert(1)）")).to_be_visible()
    assert page.locator("input[name=category][value=csam]").is_checked()
    check(page)
    page.fill("textarea[name=urls]", ADDRESS)
    page.get_by_role("button", name="通報する").click()
    receipt = page.locator("#receipt").inner_text()
    assert fits_the_screen(page)
    check(page)
    return receipt


def analyst_takes_it_to_removal(page, base: str, analyst) -> None:
    page.goto(f"{base}/ja/staff/login/?next=/ja/report/staff/")
    page.fill("input[name=email]", analyst.email)
    page.fill("input[name=password]", analyst.password)
    page.fill("input[name=code]", fresh_code(analyst))
    page.locator("main form button[type=submit]").click()
    assert_accessible(page)
    page.get_by_role("button", name="次の通報を担当する").click()
    expect(page.get_by_text(ADDRESS)).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)
    page.check("input[name=decision][value=illegal]")
    page.check("input[name=legal_basis][value=child_prostitution_pornography_act]")
    page.get_by_role("button", name="審査結果を記録する").click()
    expect(page.get_by_text("審査結果を記録しました。")).to_be_visible()
    page.fill("input[name=recipient]", "Example Hosting 株式会社 abuse@host.example")
    page.check("input[name=language][value=ja]")
    page.get_by_role("button", name="削除依頼を記録し、文書を作成する").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="文書（日本語）").click()
    letter = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Example Hosting 株式会社 abuse@host.example 御中" in letter and ADDRESS in letter
    assert_accessible(page)
    page.get_by_role("button", name="削除を確認した").click()
    expect(page.locator("#report-status")).to_have_text("削除されました")
    assert_accessible(page)
    page.get_by_role("link", name="統計").click()
    expect(page.get_by_role("heading", name="種別・判断別の通報件数")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)


def person_sees_it_removed(page, base: str, receipt: str) -> None:
    page.goto(f"{base}/ja/report/status/")
    page.fill("input[name=receipt]", receipt)
    page.get_by_role("button", name="状況を表示する").click()
    expect(page.get_by_role("heading", name="状況：削除されました")).to_be_visible()
    assert_accessible(page)


def test_a_report_in_japanese_is_followed_to_content_removed(live_server, chromium):
    desk = make_desk("ihc")
    analyst = make_staff(desk.org, Role.COUNSELLOR, "analyst@ihc.example")
    steps = [
        lambda page: person_reports(page, live_server.url),
        lambda page: analyst_takes_it_to_removal(page, live_server.url, analyst),
        lambda page: person_sees_it_removed(page, live_server.url, receipt),
    ]
    for number, step in enumerate(steps):
        context, page = open_phone_page(chromium, locale="ja-JP")
        try:
            result = step(page)
            if number == 0:
                receipt = result
        finally:
            context.close()
    assert Report.objects.get().status == Status.REMOVED


def test_the_report_form_works_without_javascript(live_server, phone_without_js):
    make_desk("ihc")
    # axe-core runs as a script, so it cannot run here: the test with script checks the same pages.
    receipt = person_reports(phone_without_js, live_server.url, check=lambda page: None)
    assert len(receipt.replace(" ", "")) == 16
    person_sees_status(phone_without_js, live_server.url, receipt)


def person_sees_status(page, base: str, receipt: str) -> None:
    page.goto(f"{base}/ja/report/status/")
    page.fill("input[name=receipt]", receipt)
    page.get_by_role("button", name="状況を表示する").click()
    expect(page.get_by_role("heading", name="状況：受付済み")).to_be_visible()
