"""Guess the language of a person's first LINE message from its letters (no Django).

Only a default: the person is offered every language of the platform to choose
from. Scripts decide first (Thai, Khmer, Hangul, Myanmar, Devanagari, kana, Han,
letters only Vietnamese writes); Han text is Traditional or Simplified Chinese by
the characters that differ between the two; Latin text is Filipino, Indonesian,
Spanish or Portuguese when it uses enough of their common words, else English;
nothing recognisable keeps Japanese, the platform's fallback.
"""

import re
import unicodedata
from collections.abc import Collection

FALLBACK = "ja"
SCRIPT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("th", 0x0E00, 0x0E7F),
    ("km", 0x1780, 0x17FF),
    ("my", 0x1000, 0x109F),  # Myanmar: Burmese is the platform's only language in it
    ("ne", 0x0900, 0x097F),  # Devanagari: Nepali is the platform's only language in it
    ("ko", 0x1100, 0x11FF),  # Hangul jamo
    ("ko", 0x3130, 0x318F),  # Hangul compatibility jamo
    ("ko", 0xAC00, 0xD7AF),  # Hangul syllables
    ("ja", 0x3040, 0x30FF),  # hiragana and katakana: only Japanese writes them
)
SCRIPT_ORDER = ("th", "km", "my", "ne", "ko", "ja")
HAN = (0x4E00, 0x9FFF)
# Common characters written differently in Simplified and Traditional Chinese, pair by pair.
SIMPLIFIED = (
    "们这个说时来为会对过还没吗帮护钱请谢让给问题关从当现发经里么样学话边见头无国长开"
    "门车东认识话电听写买卖单变让备处怀欢难乐报签证应该随记忆虽际亲爱"
)
TRADITIONAL = (
    "們這個說時來為會對過還沒嗎幫護錢請謝讓給問題關從當現發經裡麼樣學話邊見頭無國長開"
    "門車東認識話電聽寫買賣單變讓備處懷歡難樂報簽證應該隨記憶雖際親愛"
)
ONLY_SIMPLIFIED = frozenset(SIMPLIFIED) - frozenset(TRADITIONAL)
ONLY_TRADITIONAL = frozenset(TRADITIONAL) - frozenset(SIMPLIFIED)
# Letters and marks only Vietnamese writes among the platform's Latin-script languages...
VIETNAMESE_ONLY = frozenset("ăđơưĂĐƠƯ\u0309\u0323")
# ... and letters it shares with Portuguese (â ê ô) or tone marks it shares with several.
VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
VIETNAMESE_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
STACKED_BASE_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn: Vietnamese adds a tone on top
COMMON_WORDS: dict[str, frozenset[str]] = {
    "tl": frozenset(
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
            "meron",
            "trabaho",
            "amo",
        ]
    ),
    "id": frozenset(
        [
            "saya",
            "aku",
            "kamu",
            "dia",
            "kami",
            "kita",
            "mereka",
            "tolong",
            "bantu",
            "bantuan",
            "tidak",
            "bukan",
            "ya",
            "yang",
            "dan",
            "ini",
            "itu",
            "ada",
            "mau",
            "bisa",
            "sudah",
            "belum",
            "kerja",
            "bekerja",
            "majikan",
            "paspor",
            "uang",
            "terima",
            "kasih",
            "mohon",
            "di",
            "ke",
            "dari",
            "dengan",
            "untuk",
            "apa",
            "bagaimana",
            "dimana",
            "takut",
            "pulang",
            "perusahaan",
            "diambil",
        ]
    ),
    "es": frozenset(
        [
            "yo",
            "tengo",
            "estoy",
            "ayuda",
            "ayúdame",
            "ayudame",
            "necesito",
            "mi",
            "el",
            "la",
            "los",
            "las",
            "y",
            "es",
            "soy",
            "trabajo",
            "jefe",
            "pasaporte",
            "dinero",
            "quiero",
            "puedo",
            "pero",
            "hola",
            "gracias",
            "miedo",
            "casa",
            "qué",
            "cómo",
            "dónde",
            "usted",
            "tú",
            "ella",
            "él",
            "nada",
            "muy",
            "quitó",
            "mis",
            "tiene",
            "hay",
            "un",
            "una",
        ]
    ),
    "pt-br": frozenset(
        [
            "eu",
            "tenho",
            "estou",
            "ajuda",
            "ajude",
            "preciso",
            "meu",
            "minha",
            "não",
            "você",
            "ele",
            "ela",
            "isso",
            "trabalho",
            "chefe",
            "passaporte",
            "dinheiro",
            "quero",
            "posso",
            "mas",
            "olá",
            "obrigado",
            "obrigada",
            "medo",
            "é",
            "um",
            "uma",
            "do",
            "da",
            "dos",
            "das",
            "em",
            "na",
            "pegou",
            "sou",
            "tem",
            "socorro",
        ]
    ),
}
LATIN_ORDER = ("tl", "id", "es", "pt-br")
# Where the platform does not offer the guessed language: the nearest one it offers, else English
# for Latin text (a person writing Latin letters more likely reads English than Japanese).
NEAREST = {"zh-hant": "zh-hans", "zh-hans": "zh-hant"}
WORD = re.compile(r"[^\W\d_]+")


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


def chinese_variant(text: str) -> str:
    """zh-hant when more characters are Traditional-only than Simplified-only; zh-hans otherwise."""
    traditional = sum(character in ONLY_TRADITIONAL for character in text)
    simplified = sum(character in ONLY_SIMPLIFIED for character in text)
    return "zh-hant" if traditional > simplified else "zh-hans"


def surely_vietnamese(text: str) -> bool:
    """Letters or stacked marks no other Latin-script language of the platform writes."""
    decomposed = unicodedata.normalize("NFD", text)
    if any(character in VIETNAMESE_ONLY for character in decomposed):
        return True
    pairs = zip(decomposed, decomposed[1:], strict=False)
    return any(first in STACKED_BASE_MARKS and second in VIETNAMESE_TONES for first, second in pairs)


def looks_vietnamese(text: str) -> bool:
    if any(character in VIETNAMESE_LETTERS for character in text):
        return True
    decomposed = unicodedata.normalize("NFD", text)
    return sum(character in VIETNAMESE_TONES for character in decomposed) >= 2


def latin_language(text: str) -> str | None:
    """The Latin-script language with the most common words, if they are a quarter of the words."""
    words = [word.lower() for word in WORD.findall(text)]
    if not words:
        return None
    scores = {language: sum(word in COMMON_WORDS[language] for word in words) for language in LATIN_ORDER}
    best = max(LATIN_ORDER, key=lambda language: scores[language])
    if scores[best] >= max(1, len(words) // 4):
        return best
    return "vi" if looks_vietnamese(text) else "en"


def detected_language(text: str) -> str:
    counts = count_scripts(text)
    for language in SCRIPT_ORDER:
        if counts.get(language):
            return language
    if counts.get("han"):
        return chinese_variant(text)
    if surely_vietnamese(text):
        return "vi"
    return latin_language(text) or FALLBACK


def guess_language(text: str, supported: Collection[str] | None = None) -> str:
    """A language code of the platform for this text (one of `supported` when given)."""
    language = detected_language(text)
    if supported is None or language in supported:
        return language
    if NEAREST.get(language) in supported:
        return NEAREST[language]
    is_latin = language in LATIN_ORDER or language == "vi"
    return "en" if is_latin and "en" in supported else FALLBACK
