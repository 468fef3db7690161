"""Guess the language of a person's first LINE message from its letters (no Django).

Only a default: the person is offered every language of the platform to choose
from. Scripts decide first (Thai, Khmer, kana, Han, Vietnamese letters); Latin
text is Filipino when it uses common Tagalog words, else English; nothing
recognisable keeps Japanese, the platform's fallback.
"""

import re
import unicodedata

FALLBACK = "ja"
SCRIPT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("th", 0x0E00, 0x0E7F),
    ("km", 0x1780, 0x17FF),
    ("ja", 0x3040, 0x30FF),  # hiragana and katakana: only Japanese writes them
)
HAN = (0x4E00, 0x9FFF)
# Letters only Vietnamese uses among the platform's languages.
VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
VIETNAMESE_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
TAGALOG_WORDS = frozenset(
    [
        "ako",
        "ikaw",
        "ka",
        "siya",
        "kami",
        "tayo",
        "sila",
        "ang",
        "ng",
        "mga",
        "sa",
        "po",
        "opo",
        "hindi",
        "oo",
        "salamat",
        "tulong",
        "tulungan",
        "kailangan",
        "gusto",
        "ko",
        "mo",
        "niya",
        "namin",
        "natin",
        "paano",
        "saan",
        "bakit",
        "ano",
        "wala",
        "may",
        "meron",
        "trabaho",
        "amo",
    ]
)
WORD = re.compile(r"[a-zA-Z]+")


def count_scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for character in text:
        point = ord(character)
        for language, low, high in SCRIPT_RANGES:
            if low <= point <= high:
                counts[language] = counts.get(language, 0) + 1
        if HAN[0] <= point <= HAN[1]:
            counts["han"] = counts.get("han", 0) + 1
    return counts


def looks_vietnamese(text: str) -> bool:
    if any(character in VIETNAMESE_LETTERS for character in text):
        return True
    decomposed = unicodedata.normalize("NFD", text)
    return sum(character in VIETNAMESE_TONES for character in decomposed) >= 2


def latin_language(text: str) -> str | None:
    words = [word.lower() for word in WORD.findall(text)]
    if not words:
        return None
    tagalog = sum(word in TAGALOG_WORDS for word in words)
    return "tl" if tagalog >= max(1, len(words) // 4) else "en"


def guess_language(text: str) -> str:
    """A platform language code for this text: ja, en, tl, th, km, vi or zh-hans."""
    counts = count_scripts(text)
    for language in ("th", "km", "ja"):
        if counts.get(language):
            return language
    if counts.get("han"):
        return "zh-hans"
    if looks_vietnamese(text):
        return "vi"
    return latin_language(text) or FALLBACK
