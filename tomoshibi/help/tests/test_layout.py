"""Line breaking for the SVG poster."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.help.layout import NO_LINE_START, text_width, wrap

WORDS = ["help", "free", "110", "#8891", "困って", "いませんか", "。", "、", "ช่วยเหลือ", "ជំនួយ", "khẩn cấp", "tulong"]
WORDS += ["도움이", "필요해요", "အကူအညီ", "လိုအပ်ပါသလား", "मद्दत", "चाहिन्छ", "幫助"]


def test_it_breaks_english_between_words():
    assert wrap("Need help? You are not alone.", 300, 30) == ["Need help? You are", "not alone."]


def test_it_never_starts_a_japanese_line_with_closing_punctuation():
    lines = wrap("あなたはひとりではありません。助けてください。", 150, 30)
    assert len(lines) > 2
    assert not any(line[0] in NO_LINE_START for line in lines)


def test_it_never_splits_a_khmer_or_thai_syllable():
    for text in ("អ្នកមិននៅម្នាក់ឯងទេ។", "ความช่วยเหลือสำหรับคุณ"):
        for line in wrap(text, 60, 20):
            assert not unicodedata.category(line[0]).startswith("M")
            assert line[-1] not in "\u17d2\u0e40\u0e41\u0e42\u0e43\u0e44"


def test_it_never_splits_a_burmese_or_nepali_syllable():
    for text in ("အကူအညီလိုအပ်ပါသလား။ သင်တစ်ယောက်တည်းမဟုတ်ပါ။", "मद्दत चाहिन्छ? तपाईं एक्लो हुनुहुन्न।"):
        lines = wrap(text, 90, 20)
        assert len(lines) > 1
        for line in lines:
            assert not unicodedata.category(line[0]).startswith("M")
            assert line[-1] not in "\u1039\u094d"  # the virama joins the next consonant


def test_it_counts_burmese_wider_than_latin():
    assert text_width("မြန်မာ", 10) > text_width("Myanma", 10) * 0.9


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30), st.integers(min_value=120, max_value=700))
def test_it_keeps_every_character_and_fits_the_width(words, width):
    text = " ".join(words)
    lines = wrap(text, width, 24)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(text_width(line, 24) <= width for line in lines)
