"""Sums of money as job offers write them, in the platform's languages."""

import pytest

from tomoshibi.joboffers.money import find_amounts, read_number


def only(text):
    amounts = find_amounts(text)
    assert len(amounts) == 1, amounts
    return amounts[0]


@pytest.mark.parametrize(
    ("text", "value", "currency", "period"),
    [
        ("時給1,200円", 1200, "JPY", "hour"),
        ("日給3万円", 30000, "JPY", "day"),
        ("日給1万2千円", 12000, "JPY", "day"),
        ("月給25万円", 250000, "JPY", "month"),
        ("3 manyen a day", 30000, "JPY", "day"),
        ("30,000 yen per day", 30000, "JPY", "day"),
        ("lương 250.000 yên/tháng", 250000, "JPY", "month"),
        ("phí 6.000 USD", 6000, "USD", None),
        ("Rp 50 juta", 50_000_000, "IDR", None),
        ("gaji 8 juta per bulan", 8_000_000, "IDR", "month"),
        ("PHP 150,000", 150000, "PHP", None),
        ("180 triệu", 180_000_000, "VND", None),
        ("८ लाख रुपैयाँ", 800000, "NPR", None),
        ("ပွဲခ ၅၀ သိန်း", 5_000_000, "MMK", None),
        ("ชั่วโมงละ 1,250 เยน", 1250, "JPY", "hour"),
        ("时薪1,300日元", 1300, "JPY", "hour"),
        ("R$ 20.000", 20000, "BRL", None),
    ],
)
def test_it_reads_the_amount_currency_and_period(text, value, currency, period):
    amount = only(text)
    assert (amount.value, amount.currency, amount.period) == (value, currency, period)


def test_it_tells_a_fee_from_a_wage_by_the_words_around_it():
    fee, wage = find_amounts("Placement fee USD 3,000. Monthly salary 230,000 yen.")
    assert (fee.kind, wage.kind) == ("fee", "wage")
    assert fee.yen == round(3000 * 147.36)


def test_it_puts_wages_on_one_scale_of_yen_an_hour():
    assert only("月給173,333円").yen_per_hour() == pytest.approx(1000, rel=0.01)
    assert only("日給8,000円").yen_per_hour() == 1000
    assert only("年収2,080,000円").yen_per_hour() == 1000


def test_the_evidence_is_exactly_the_words_of_the_amount():
    text = "phí xuất cảnh 6.000 USD ngay"
    amount = only(text)
    assert text[amount.start : amount.end] == "6.000 USD" == amount.text


def test_a_word_inside_another_word_is_not_a_currency():
    assert find_amounts("corporate 500 staff") == []
    assert find_amounts("5 km from the station") == []


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,500,000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("8.000", 8000),
        ("3.5", 3.5),
        ("2,20,000", 220000),
        ("1,500.5", 1500.5),
    ],
)
def test_it_reads_numbers_written_in_many_ways(raw, value):
    assert read_number(raw) == value
