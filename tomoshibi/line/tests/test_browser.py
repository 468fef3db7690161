"""A counsellor answers a LINE conversation and a web conversation from the same inbox, in Japanese.

Chromium at phone size, the stand-in of LINE's API, axe-core on the staff pages.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tomoshibi.accounts.models import Role
from tomoshibi.consultations.actions import do_start_conversation
from tomoshibi.core.tests.browser import assert_accessible
from tomoshibi.testing.personas import fresh_code, make_staff

from . import events
from .conftest import SECRET_A, TOKEN_A, connect, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

USER = "U7c1d0b2a39e84f7a9b3c5d6e7f8a9b0c"
ON_LINE = "バイト先の店長にパスポートを取られました。どうしたらいいですか"
ON_THE_WEB = "寮から出られません。助けてください"
LINE_ANSWER = "ご連絡ありがとうございます。今、安全な場所にいますか？"
WEB_ANSWER = "書いてくれてありがとうございます。一緒に考えましょう。"


def japanese(text: str) -> str:
    with translation.override("ja"):
        return gettext(text)


def answer(page, link_text: str, written: str, reply: str) -> None:
    page.get_by_role("link", name=japanese("Consultation inbox")).first.click()
    page.locator("table tbody tr", has_text=link_text).first.locator("a").click()
    expect(page.locator(".thread")).to_contain_text(written)
    assert_accessible(page)
    page.fill("textarea[name=body]", reply)
    page.get_by_role("button", name=japanese("Send reply")).click()
    expect(page.locator(".thread")).to_contain_text(reply)
    assert_accessible(page)
    page.goto(page.url.split("/consult/")[0] + "/staff/")


def test_a_counsellor_answers_line_and_web_from_one_inbox_in_japanese(live_server, phone, org_a, tmp_path, line_api):
    counsellor = make_staff(org_a, Role.COUNSELLOR, "soudan@a.example")
    connect(org_a, SECRET_A, TOKEN_A, tmp_path)
    events.deliver(org_a.slug, SECRET_A, events.text(USER, ON_LINE, "l1"))
    run_worker()
    do_start_conversation(
        org_a.organisation, body=ON_THE_WEB, language="ja", age_group="adult", danger="no", situations=[]
    )
    page = phone
    page.goto(f"{live_server.url}/ja/staff/login/")
    page.fill("input[name=email]", counsellor.email)
    page.fill("input[name=password]", counsellor.password)
    page.fill("input[name=code]", fresh_code(counsellor))
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name=japanese("Consultation inbox")).first.click()
    expect(page.locator("table .channel-mark")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert_accessible(page)
    page.goto(f"{live_server.url}/ja/staff/")
    answer(page, "LINE", ON_LINE, LINE_ANSWER)
    answer(page, japanese("Unread"), ON_THE_WEB, WEB_ANSWER)

    # The greeting used the message's reply token, so the answer went by push, to that user.
    assert [(push["to"], push["messages"][0]["text"]) for push in line_api.pushes] == [(USER, LINE_ANSWER)]
    assert WEB_ANSWER not in str(line_api.calls)
