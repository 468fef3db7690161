"""The check of one offer: the issue's examples, answers that raise signs, and clear refusals."""

import pytest

from tomoshibi.joboffers.checker import Answers, OfferRefused, check_offer, highlight

VIETNAMESE_BROKER = (
    "TUYỂN GẤP 20 NỮ đi Nhật làm nhà máy thực phẩm, lương 250.000 yên/tháng. Phí xuất cảnh 6.000 USD, "
    "đóng trước 3.000 USD. Sang Nhật công ty giữ hộ chiếu để quản lý. Liên hệ Facebook ib riêng."
)
MODEL_WORK = "【モデル募集】日給3万円!学生歓迎・未経験OK。顔写真と全身写真をDMで送ってください。即日払い。"
CONVENIENCE_STORE = "コンビニスタッフ募集 時給1,300円 東京都新宿区 学生歓迎 交通費支給 株式会社サンプル 03-0000-0302"


def raised(check):
    return {sign.id: [evidence.text for evidence in sign.evidence] for sign in check.raised}


def test_a_broker_offer_with_a_6000_usd_fee_and_a_passport_clause_shows_strong_signs():
    check = check_offer(VIETNAMESE_BROKER)
    signs = raised(check)
    assert check.level == "strong_signs"
    assert "6.000 USD" in signs["fees_charged"] and "6.000 USD" in signs["large_fee"]
    assert signs["documents_kept"] == ["giữ hộ chiếu"]
    assert check.as_data()["indicators"][0].keys() >= {"id", "weight", "evidence"}


def test_model_work_at_3_manyen_a_day_for_students_shows_strong_signs():
    check = check_offer(MODEL_WORK)
    signs = raised(check)
    assert check.level == "strong_signs"
    assert {"adult_work", "unrealistic_pay", "young_people_adult_work", "photos_requested"} <= set(signs)
    assert "3万円" in signs["unrealistic_pay"]
    assert check.involves_minor and "coerced_pornography" in check.situations


def test_an_ordinary_offer_shows_no_signs():
    assert check_offer(CONVENIENCE_STORE).level == "none"


def test_a_worker_keeping_her_own_passport_is_not_a_sign():
    assert check_offer("パスポートはご本人が保管してください。月給21万円。").level == "none"
    assert check_offer("Paspor disimpan sendiri, gaji 215.000 yen per bulan.").level == "none"


def test_no_placement_fee_is_not_a_fee():
    assert "fees_charged" not in raised(check_offer("Caregivers wanted, no placement fee, 225,000 yen a month."))


def test_the_answers_raise_what_the_text_does_not_say():
    answers = Answers(fees_payer="worker", fee_amount="6000 USD", passport_keeper="employer", visa="short_stay")
    check = check_offer("Restaurant work in Tokyo.", answers)
    assert {"fees_charged", "large_fee", "documents_kept", "visa_mismatch"} <= set(raised(check))
    assert check.level == "strong_signs"


def test_pay_below_the_minimum_wage_of_the_prefecture_is_a_sign():
    assert "below_minimum_wage" in raised(check_offer("時給1,100円", Answers(prefecture="13")))
    assert check_offer("時給1,100円", Answers(prefecture="13")).minimum_wage == 1226
    assert "below_minimum_wage" not in raised(check_offer("時給1,100円", Answers(prefecture="47")))


def test_a_wage_in_another_currency_must_clear_the_conversion_margin():
    # 1,000 USD a month is about 852 yen an hour: far enough below 1,023 to say so despite rounded rates.
    assert "below_minimum_wage" in raised(check_offer("Salary 1,000 USD per month"))
    # 1,300 USD a month is about 1,107 yen an hour: too close to the minimum to call on a rounded rate.
    assert "below_minimum_wage" not in raised(check_offer("Salary 1,300 USD per month"))


def test_the_marked_pieces_put_the_offer_back_together():
    check = check_offer(VIETNAMESE_BROKER)
    pieces = highlight(check)
    assert "".join(text for text, _signs in pieces) == check.text
    assert ("giữ hộ chiếu", ("documents_kept",)) in pieces


@pytest.mark.parametrize(
    ("text", "answers", "field"),
    [
        ("   ", Answers(), "text"),
        ("x" * 20_001, Answers(), "text"),
        ("offer", Answers(visa="diplomat"), "visa"),
        ("offer", Answers(prefecture="48"), "prefecture"),
        ("offer", Answers(wage="1" * 201), "wage"),
    ],
)
def test_input_that_cannot_be_checked_is_refused_with_the_field_named(text, answers, field):
    with pytest.raises(OfferRefused) as refused:
        check_offer(text, answers)
    assert refused.value.field_name == field


@pytest.mark.parametrize(
    "text",
    [
        "Pay 600,000 yen to the agency before flying",
        "Phải đóng 6.000 USD trước khi bay",
        "Harus bayar Rp 50 juta sebelum berangkat",
        "ต้องจ่าย 150,000 บาท ก่อนเดินทาง",
        "Placement fee ₱150,000 kasama ang visa",
        "Placement fee: P120,000",
        "ပွဲစားခ သိန်း ၈၀ ကြိုပေးရမည်",
        "中介费 8万",
    ],
)
def test_the_ways_brokers_write_a_fee_are_read_as_a_large_fee(text):
    assert "large_fee" in raised(check_offer(text)), [(a.text, a.currency, a.kind) for a in check_offer(text).amounts]


@pytest.mark.parametrize(
    "text",
    [
        "Hiring factory worker sa Gunma. Sahod: ₱75,000 kada buwan (approx. 200,000 yen). Walang placement fee.",
        "紹介料：0円、時給1,200円",
        "ホールスタッフ 時給1,200円〜、交通費1日500円まで支給",
        "正社員 月給22万円（固定残業代3万円含む）",
        "1,150 yen per hour, transportation allowance up to 15,000 yen per month. Dormitory: 25,000 yen per month",
        "コンビニスタッフ 時給1,100円 高校生可（22時まで）",
    ],
)
def test_ordinary_offers_with_allowances_rent_or_no_fee_show_no_signs(text):
    assert check_offer(text).level == "none", raised(check_offer(text))


def test_the_hours_a_day_that_are_stated_count():
    assert "below_minimum_wage" in raised(check_offer("日給1万円（12時間勤務）"))
    assert "below_minimum_wage" not in raised(check_offer("日給1万円（8時間勤務）"))
    assert "unrealistic_pay" not in raised(check_offer("飲食店ホール 未経験OK 勤務1日4時間 5,000円"))


def test_a_paste_repeating_one_word_keeps_a_bounded_number_of_evidence():
    check = check_offer("借金1万円、" * 3000)
    assert len(check.amounts) <= 60
    assert all(len(sign.evidence) <= 20 for sign in check.raised)
    assert "".join(text for text, _signs in highlight(check)) == check.text
