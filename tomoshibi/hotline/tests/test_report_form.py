"""The public report form: what a person can send, what is kept, and what bad input gets back."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoshibi.core import ratelimit
from tomoshibi.core.variants import full_languages  # easy Japanese is tested in test_easy_japanese.py
from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.hotline.canonical import url_hash
from tomoshibi.hotline.models import Report, ReportedUrl
from tomoshibi.testing.personas import check_status, file_report, receipt_from

pytestmark = pytest.mark.django_db


def test_it_files_a_report_and_shows_a_receipt(hotline):
    response = file_report(urls="https://Example.com/a\n\nhttp://example.org/b", category="trafficking")
    assert response.status_code == 200
    assert len(receipt_from(response).replace(" ", "")) == 16
    report = Report.objects.get()
    assert (report.category, report.seen_on, report.url_count, report.desk) == (
        "trafficking",
        "website",
        2,
        hotline.desk,
    )
    assert set(ReportedUrl.objects.values_list("url_hash", flat=True)) == {
        url_hash("https://example.com/a"),
        url_hash("http://example.org/b"),
    }


def test_it_keeps_no_address_or_description_in_clear(hotline):
    file_report(urls="https://distinct-host-4417.example/path-9931", description="seen in group chat 7731")
    report = Report.objects.get()
    stored = [bytes(report.sealed_description), *(bytes(url.sealed_url) for url in report.urls.all())]
    for needle in (b"distinct-host-4417", b"path-9931", b"group chat 7731"):
        assert not any(needle in value for value in stored)
    assert report.receipt_check and report.locator


def test_it_says_plainly_to_give_the_address_only(hotline):
    page = Client().get(reverse("hotline:report")).content.decode()
    assert "Never download or send the material itself" in page
    assert "Give the address (URL) only." in page
    assert "name" not in [field for field in ("name", "email", "phone") if f'name="{field}"' in page]


@pytest.mark.parametrize("language", [code for code, _name in full_languages()])
def test_it_shows_the_form_in_every_language(hotline, language):
    response = Client().get(f"/{language}/report/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    if language != "en":
        with translation.override(language):
            assert translation.gettext("Never download or send the material itself") != (
                "Never download or send the material itself"
            )


def test_it_follows_the_coarse_status_with_the_receipt(hotline):
    receipt = receipt_from(file_report())
    response = check_status(receipt)
    assert response.status_code == 200
    assert "Status: Received" in response.content.decode()
    assert receipt not in response.content.decode()


def test_it_answers_an_unknown_receipt_without_saying_more(hotline):
    response = check_status("1234 5678 9012 3456")
    assert response.status_code == 400
    assert "No report has this receipt" in response.content.decode()


def test_it_refuses_a_receipt_that_is_not_sixteen_digits(hotline):
    response = check_status("1234")
    assert response.status_code == 400
    assert "A receipt has 16 digits" in response.content.decode()


def test_it_names_each_wrong_line_and_keeps_what_was_typed(hotline):
    typed = (
        "https://good.example/ok\njavascript:alert(1)\n\ndata:text/html,hi\nnot a url\n"
        + "x" * 10
        + ".example/"
        + "a" * 2100
    )
    response = file_report(urls=typed, description="kept text 5521", category="sextortion", seen_on="app")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Line 2 (javascript:alert(1)): addresses starting with “javascript:” are not accepted." in page
    assert "Line 4 (data:text/html,hi): addresses starting with “data:” are not accepted." in page
    assert "Line 5 (not a url): this is not a web address." in page
    assert "Line 6 (xxxxxxxxxx.example/" in page and "longer than 2048 characters" in page
    assert "Line 1" not in page
    assert "https://good.example/ok" in page and "kept text 5521" in page
    assert re.search(r'<input[^>]*value="sextortion"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="app"[^>]*checked', page)
    assert Report.objects.count() == 0


def test_it_refuses_more_than_twenty_addresses(hotline):
    typed = "\n".join(f"https://site{number}.example/" for number in range(23))
    response = file_report(urls=typed)
    assert response.status_code == 400
    assert "You gave 23 addresses; one report takes at most 20." in response.content.decode()
    assert "https://site22.example/" in response.content.decode()
    assert Report.objects.count() == 0


def test_it_refuses_an_over_long_description_and_keeps_the_addresses(hotline):
    response = file_report(urls="https://kept.example/page", description="d" * 2001)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The description is too long: 2001 characters, and the limit is 2000." in page
    assert "https://kept.example/page" in page


def test_it_asks_for_a_category_and_a_place(hotline):
    response = file_report(category="", seen_on="nowhere")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of the options." in page
    assert "Choose one of: A website / A social network" in page


def test_it_asks_for_at_least_one_address(hotline):
    response = file_report(urls="  \n ")
    assert response.status_code == 400
    assert "Give the address (URL) of at least one page." in response.content.decode()


def test_it_shows_help_for_image_abuse_when_it_is_about_the_person(hotline):
    import_directory()
    page = file_report(category="ncii", about_me="on").content.decode()
    assert "Help for you" in page
    assert 'class="recommendations"' in page and 'href="tel:' in page
    assert Report.objects.get().about_me is True


def test_it_shows_no_help_list_otherwise(hotline):
    page = file_report().content.decode()
    assert "Help for you" not in page


def test_it_links_reports_of_the_same_address_as_duplicates(hotline):
    file_report(urls="http://www.Example.com:80/a/../b#frag")
    file_report(urls="http://www.example.com/b")
    first, second = Report.objects.order_by("created_at")
    assert first.duplicate_of is None
    assert second.duplicate_of == first


def test_it_says_when_no_desk_takes_reports(db):
    response = Client().get(reverse("hotline:report"))
    assert response.status_code == 503
    assert "Reporting is not available here yet" in response.content.decode()


def test_it_limits_reports_from_one_connection(hotline, settings):
    settings.HOTLINE_REPORTS_PER_HOUR = 2
    client = Client(enforce_csrf_checks=True)
    assert file_report(client).status_code == 200
    assert file_report(client).status_code == 200
    response = file_report(client, urls="https://kept.example/x")
    assert response.status_code == 429
    assert "https://kept.example/x" in response.content.decode()
    assert Report.objects.count() == 2


def test_it_files_in_japanese(hotline):
    response = file_report(language="ja", urls="https://例え.jp/ページ")
    assert response.status_code == 200
    assert Report.objects.get().language == "ja"
    assert ReportedUrl.objects.get().url_hash == url_hash("https://xn--r8jz45g.jp/%E3%83%9A%E3%83%BC%E3%82%B8")


def test_it_limits_receipt_checks_from_one_connection(hotline, settings):
    settings.HOTLINE_STATUS_CHECKS = 2
    client = Client(enforce_csrf_checks=True)
    for _attempt in range(2):
        assert check_status("1111 2222 3333 4444", client).status_code == 400
    # Then a few more tries at this one receipt (a person behind a busy shared address), no more.
    for _attempt in range(ratelimit.TRIES_PER_RECEIPT):
        assert check_status("1111 2222 3333 4444", client).status_code == 400
    response = check_status("1111 2222 3333 4444", client)
    assert response.status_code == 429
    assert "Too many tries. Please wait 15 minutes" in response.content.decode()
