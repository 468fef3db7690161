"""The public check in a browser's shoes: the form, the answer with its evidence and contacts, and no trace."""

import logging

import pytest
from django.apps import apps
from django.utils import translation

from tomoshibi.hotline.models import Report
from tomoshibi.joboffers.tests.test_checker import MODEL_WORK, VIETNAMESE_BROKER
from tomoshibi.testing.personas import make_desk

PAGE = "/{language}/job-offer/"


def in_language(language, text):
    with translation.override(language):
        return str(translation.gettext(text))


def row_counts():
    """Every table's rows, but the rate counter's: it counts checks per connection under a keyed hash that
    changes daily (core/ratelimit.py), never an address, and nothing of the offer."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.label != "core.RateCounter"
    }


@pytest.mark.parametrize("language", ["ja", "en", "vi", "tl", "th", "km", "zh-hans"])
def test_the_form_is_offered_in_every_language(visitor, language):
    page = visitor.get(PAGE.format(language=language))
    assert page.status_code == 200
    assert f'<html lang="{language}"' in visitor.text()
    assert in_language(language, "Is this job offer safe?") in visitor.text()


def test_the_home_page_links_to_the_check(visitor):
    visitor.get("/en/")
    assert 'href="/en/job-offer/"' in visitor.text()


def test_a_broker_offer_shows_strong_signs_with_the_words_marked_and_contacts(visitor, directory):
    page = visitor.post(PAGE.format(language="vi"), {"text": VIETNAMESE_BROKER, "prefecture": "27"})
    text = visitor.text()
    assert page.status_code == 200
    strong = in_language("vi", "Level of concern: %(level)s") % {"level": in_language("vi", "Strong signs")}
    assert strong in text
    assert "<mark" in text and "giữ hộ chiếu" in text
    assert in_language("vi", "Someone else keeps the passport or residence card") in text
    assert 'class="recommendations"' in text and 'href="tel:' in text


def test_the_answers_add_signs_and_the_minimum_wage_of_the_prefecture(visitor, directory):
    visitor.post(PAGE.format(language="en"), {"text": "Cleaning job", "wage": "900 yen an hour", "prefecture": "13"})
    text = visitor.text()
    assert "Pay below the minimum wage" in text
    assert "The minimum wage in Tokyo is 1226 yen an hour" in text


def test_an_offer_that_cannot_be_checked_keeps_what_was_typed(visitor):
    page = visitor.post(PAGE.format(language="en"), {"text": "", "fee_amount": "6000 USD", "visa": "diplomat"})
    assert page.status_code == 400
    assert "Paste the text of the offer first." in visitor.text()
    assert 'value="6000 USD"' in visitor.text()


def test_nothing_pasted_is_stored_or_logged(visitor, directory, caplog):
    before = row_counts()
    with caplog.at_level(logging.DEBUG):
        visitor.post(PAGE.format(language="ja"), {"text": MODEL_WORK, "fee_amount": "50万円", "under_18": "yes"})
    assert row_counts() == before
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "モデル募集" not in logged and "50万円" not in logged


def test_the_report_form_gets_the_offer_s_address(visitor, directory):
    make_desk("hotline")
    offer = "Easy job, high pay, same-day cash, apply via private message: https://example.net/jobs/123"
    visitor.post(PAGE.format(language="en"), {"text": offer})
    assert 'name="urls" value="https://example.net/jobs/123"' in visitor.text()
    assert 'name="category" value="illegal_recruitment"' in visitor.text()
    # The hotline's form opens filled in; the person still reads it and sends it.
    report = visitor.post(
        "/en/report/",
        {"context": "job_offer", "category": "illegal_recruitment", "urls": "https://example.net/jobs/123"},
        from_url="/en/job-offer/",
    )
    assert report.status_code == 200
    assert "https://example.net/jobs/123</textarea>" in visitor.text()
    assert Report.objects.count() == 0
