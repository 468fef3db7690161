"""Amounts of money in a job offer, in any of the platform's languages, and what they are worth in yen.

Pure module (no Django). An offer says "3 manyen a day", "月給25万円", "phí 6.000 USD",
"Rp 50 juta" or "150,000 pesos": `find_amounts` finds each amount, its currency, the period it is
paid for (hour, day, week, month, year, or none for a one-off sum) and whether the words around it
make it a wage, a fee the worker pays, or a debt. `Amount.yen_per_hour` puts every wage on one scale
so that it can be compared with the prefectural minimum wage.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

# Working hours assumed when a wage is quoted per day, week, month or year and the offer gives no
# hours: the legal maximum of 8 hours a day and 40 a week (Labour Standards Act, Art. 32), so that a
# monthly wage is never made to look lower per hour than it is.
HOURS_PER_PERIOD = {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 40.0 * 52 / 12, "year": 40.0 * 52}

# Number words that multiply the figure before them ("3万", "50 juta", "2 lakh", "5 triệu").
MULTIPLIERS: dict[str, float] = {
    "万": 1e4, "萬": 1e4, "manyen": 1e4, "man-yen": 1e4, "man yen": 1e4, "千": 1e3, "億": 1e8,
    "亿": 1e8, "k": 1e3, "triệu": 1e6, "tr": 1e6, "nghìn": 1e3, "ngàn": 1e3, "juta": 1e6, "jt": 1e6,
    "ribu": 1e3, "rb": 1e3, "lakh": 1e5, "lakhs": 1e5, "लाख": 1e5, "သိန်း": 1e5, "crore": 1e7, "करोड": 1e7,
    "million": 1e6, "millones": 1e6, "milhões": 1e6, "milhão": 1e6, "millón": 1e6, "milyon": 1e6,
    "libo": 1e3, "mil": 1e3, "หมื่น": 1e4, "แสน": 1e5, "ล้าน": 1e6, "พัน": 1e3, "만": 1e4, "천": 1e3,
    "thousand": 1e3,
}

# Currency words and signs, as written before or after the figure, to ISO 4217 codes.
CURRENCY_WORDS: dict[str, str] = {
    "円": "JPY", "yen": "JPY", "¥": "JPY", "￥": "JPY", "jpy": "JPY", "日元": "JPY", "日圆": "JPY", "日幣": "JPY",
    "日币": "JPY", "yên": "JPY", "yen nhật": "JPY", "엔": "JPY", "เยน": "JPY", "येन": "JPY", "ယန်း": "JPY",
    "ienes": "JPY", "iene": "JPY", "yenes": "JPY",
    "usd": "USD", "us$": "USD", "$": "USD", "ドル": "USD", "dollars": "USD", "dollar": "USD", "美元": "USD",
    "美金": "USD", "đô": "USD", "đô la": "USD", "dolar": "USD", "dólares": "USD", "dólar": "USD",
    "ดอลลาร์": "USD", "डलर": "USD", "ဒေါ်လာ": "USD", "달러": "USD",
    "php": "PHP", "₱": "PHP", "peso": "PHP", "pesos": "PHP", "piso": "PHP", "ペソ": "PHP",
    "vnd": "VND", "₫": "VND", "đ": "VND", "đồng": "VND", "dong": "VND", "ドン": "VND",
    "thb": "THB", "฿": "THB", "บาท": "THB", "baht": "THB", "バーツ": "THB",
    "idr": "IDR", "rp": "IDR", "rupiah": "IDR", "ルピア": "IDR",
    "npr": "NPR", "रु": "NPR", "रू": "NPR", "रुपैयाँ": "NPR", "nrs": "NPR",
    "mmk": "MMK", "ကျပ်": "MMK", "kyat": "MMK", "kyats": "MMK",
    "khr": "KHR", "៛": "KHR", "riel": "KHR", "រៀល": "KHR",
    "cny": "CNY", "rmb": "CNY", "元": "CNY", "人民币": "CNY", "人民幣": "CNY", "块": "CNY",
    "krw": "KRW", "₩": "KRW", "원": "KRW",
    "brl": "BRL", "r$": "BRL", "reais": "BRL", "real": "BRL",
    "eur": "EUR", "€": "EUR", "euros": "EUR", "euro": "EUR",
    "twd": "TWD", "nt$": "TWD", "新台幣": "TWD", "台幣": "TWD",
}

# Words near an amount that tell what it is paid for.
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "hour": ("時給", "時間", "/h", "/hr", "per hour", "an hour", "hourly", "a hour", "/hour", "giờ", "jam", "oras",
             "ชั่วโมง", "ชม.", "小时", "小時", "时薪", "घण्टा", "घण्टामा", "နာရီ", "시급", "시간", "hora", "por hora"),
    "day": ("日給", "日当", "/日", "1日", "一日", "per day", "a day", "daily", "/day", "ngày", "hari",
            "araw", "วันละ", "ต่อวัน", "/วัน", "天", "日薪", "दिन", "ရက်", "일당", "하루", "por día", "por dia",
            "al día", "diária", "diario"),
    "week": ("週給", "per week", "a week", "weekly", "/week", "tuần", "minggu", "linggo", "สัปดาห์", "周", "週",
             "हप्ता", "ပတ်", "주급", "semana", "semanal"),
    "month": ("月給", "月収", "/月", "per month", "a month", "monthly", "/month", "tháng", "bulan", "buwan", "เดือน",
              "月薪", "每月", "月", "महिना", "मासिक", "လစာ", "တစ်လ", "월급", "월", "al mes", "por mes", "mensual",
              "por mês", "mensal", "salary of"),
    "year": ("年収", "年俸", "per year", "a year", "annual", "/year", "năm", "tahun", "taon", "ปี", "年薪", "वार्षिक",
             "နှစ်", "연봉", "al año", "por año", "anual", "por ano"),
}

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "fee": ("fee", "fees", "deposit", "commission", "placement", "processing", "手数料", "保証金", "仲介料", "紹介料",
            "費用", "登録料", "入会金", "phí", "tiền cọc", "đặt cọc", "lệ phí", "chi phí", "biaya", "jaminan",
            "magbayad", "placement fee", "ค่านายหน้า", "ค่าธรรมเนียม", "ค่าใช้จ่าย", "เงินมัดจำ", "中介费", "中介費",
            "手续费", "手續費", "保证金", "保證金", "押金", "费用", "費用", "शुल्क", "धरौटी", "खर्च", "ကြေး", "စရိတ်",
            "수수료", "보증금", "비용", "tarifa", "cuota", "depósito", "taxa", "pay us", "pay the agency",
            "ค่าเดินทาง", "ค่าตั๋ว", "honorarios"),
    "debt": ("loan", "debt", "borrow", "advance", "借金", "前借", "貸付", "立替", "vay", "nợ", "pinjaman", "utang",
             "hutang", "pautang", "เงินกู้", "หนี้", "借款", "贷款", "貸款", "欠款", "ऋण", "कर्जा", "ကြွေး", "ချေးငွေ",
             "빚", "대출", "préstamo", "deuda", "empréstimo", "dívida"),
    "wage": ("salary", "pay", "wage", "wages", "income", "earn", "給", "報酬", "収入", "稼", "lương", "thu nhập",
             "gaji", "upah", "penghasilan", "sahod", "sweldo", "kita", "เงินเดือน", "ค่าจ้าง", "รายได้", "工资", "工資",
             "薪", "收入", "तलब", "ज्याला", "कमाइ", "आम्दानी", "လစာ", "လုပ်ခ", "ဝင်ငွေ", "급여", "월급", "시급",
             "일당", "수입", "salario", "sueldo", "pago", "ganas", "salário", "ganhe", "remuneração"),
}

NUMBER = r"\d{1,3}(?:,\d{2})+,\d{3}|\d{1,3}(?:[,.\u00a0 ’']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


@dataclass(frozen=True)
class Amount:
    """One sum of money in the offer."""

    value: float
    currency: str
    period: str | None  # hour, day, week, month, year; None for a one-off sum
    kind: str  # wage, fee, debt, or unknown
    start: int
    end: int
    text: str
    yen: float | None  # the value in yen, rounded, when a rate is known

    def yen_per_hour(self, hours: dict[str, float] | None = None) -> float | None:
        """The wage in yen an hour, assuming legal full-time hours unless the offer said otherwise."""
        if self.yen is None or self.period is None:
            return None
        per_period = (hours or {}).get(self.period, HOURS_PER_PERIOD[self.period])
        return self.yen / per_period if per_period > 0 else None


@dataclass(frozen=True)
class Rates:
    """Yen for one unit of each currency, as of `as_of`, from `source`."""

    yen_per_unit: dict[str, float]
    as_of: str
    source: str

    def to_yen(self, value: float, currency: str) -> float | None:
        rate = self.yen_per_unit.get(currency)
        return None if rate is None else round(value * rate)


@cache
def default_rates() -> Rates:
    raw = tomllib.loads((DATA_DIR / "exchange_rates.toml").read_text(encoding="utf-8"))
    return Rates({str(k): float(v) for k, v in raw["yen_per_unit"].items()}, str(raw["as_of"]), str(raw["source"]))


def normalise(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII), keeping every character's position where possible."""
    return unicodedata.normalize("NFKC", text)


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


CURRENCY = _alternation(CURRENCY_WORDS)
MULTIPLIER = _alternation(MULTIPLIERS)
# [currency] number [multiplier] [currency]; a currency or a multiplier must be there.
AMOUNT_PATTERN = re.compile(
    rf"(?P<before>{CURRENCY})?\s?(?P<number>{NUMBER})\s?(?P<multiplier>{MULTIPLIER})?(?P<rest>(?<=[万萬])\d{{1,4}}千?)?"
    rf"\s?(?P<after>{CURRENCY})?",
    re.IGNORECASE,
)


def read_number(raw: str) -> float:
    """'1,500,000', '1.500.000', '8.000', '3.5', '1 200' -> float; a lone separator before 3 digits groups thousands."""
    compact = re.sub(r"[\u00a0 ’']", "", raw)
    groups = re.split(r"[.,]", compact)
    # Groups of 3 (or Indian lakh groups of 2) before the last are thousands: '1.500.000', '2,20,000', '1,500.5'.
    if len(groups) > 2 and len(groups[-1]) != 3:
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3):
        return float("".join(groups))
    return float(compact.replace(",", "."))


def _is_latin(word: str) -> bool:
    return any("LATIN" in unicodedata.name(char, "") for char in word)


def _standalone(text: str, start: int, end: int) -> bool:
    """A Latin currency or multiplier word must not be the inside of a longer word ('rp' in 'corporate')."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalpha() and _is_latin(before) or after.isalpha() and _is_latin(after))


def _word_ok(text: str, match: re.Match, group: str) -> bool:
    word = match.group(group)
    if word is None or not _is_latin(word):
        return True
    return _standalone(text, match.start(group), match.end(group))


def nearest(words: tuple[str, ...], window: str, anchor: int) -> int | None:
    """Distance from `anchor` to the closest occurrence of any of `words` in `window` (lower case)."""
    best = None
    for word in words:
        for found in re.finditer(re.escape(word.lower()), window):
            distance = min(abs(found.start() - anchor), abs(found.end() - anchor))
            best = distance if best is None else min(best, distance)
    return best


# Bare period words, trusted only right after the figure ('30,000 yen per day', '8 juta per bulan').
FOLLOWING_ONLY: dict[str, tuple[str, ...]] = {
    "hour": ("hour", "hr", "h"), "day": ("day",), "week": ("week",), "month": ("month", "mo"), "year": ("year", "yr"),
}
CLAUSE_BREAK = re.compile(r"[.。!?！？\n;；,、]")
PERIOD_LEAD = re.compile(r"^(?:per|an|a|each|every|mỗi|một|kada|isang|bawat|por|al|ao|sa)\s+|^(?:ต่อ|每)", re.IGNORECASE)


def period_near(lower: str, start: int, end: int) -> str | None:
    """The pay period named right before or right after an amount ('時給1,200円', '30,000 yen per day').

    A word touching the figure on its left ('月給25万円') wins over one after it, which must follow at once
    ('3万円/日', '8 juta per bulan'); a word further left ('monthly salary 230,000 yen') comes last."""
    before = CLAUSE_BREAK.split(lower[max(0, start - 24) : start])[-1]  # only this clause's words
    after = PERIOD_LEAD.sub("", lower[end : end + 16].lstrip(" /-・、,:"))
    touching, following, further = None, None, None
    for period, words in PERIOD_WORDS.items():
        for word in words:
            if before.rstrip(" :は为為是：").endswith(word) and touching is None:
                touching = period
            elif after.startswith(word) and following is None:
                following = period
            elif word in before and further is None:
                further = period
        if following is None and any(re.match(rf"{word}\b", after) for word in FOLLOWING_ONLY[period]):
            following = period
    return touching or following or further


def kind_near(lower: str, start: int, end: int) -> str:
    """Wage, fee or debt: whichever kind of word is closest to the amount, within a short window."""
    left = max(0, start - 40)
    window = lower[left : end + 30]
    anchor = start - left
    distances = {kind: nearest(words, window, anchor) for kind, words in KIND_WORDS.items()}
    found = {kind: distance for kind, distance in distances.items() if distance is not None}
    return min(found, key=lambda kind: found[kind]) if found else "unknown"


def find_amounts(text: str, rates: Rates | None = None) -> list[Amount]:
    """Every sum of money in `text` with a currency or a number word, in order of appearance."""
    rates = rates or default_rates()
    text = normalise(text)
    lower = text.lower()
    amounts = []
    for match in AMOUNT_PATTERN.finditer(text):
        amount = _amount(text, lower, match, rates)
        if amount is not None:
            amounts.append(amount)
    return amounts


def _amount(text: str, lower: str, match: re.Match, rates: Rates) -> Amount | None:
    currency_word = match.group("before") or match.group("after")
    multiplier_word = match.group("multiplier")
    if not (currency_word or multiplier_word):
        return None
    if not all(_word_ok(text, match, group) for group in ("before", "multiplier", "after")):
        return None
    value = read_number(match.group("number")) * MULTIPLIERS.get((multiplier_word or "").lower(), 1.0)
    value += japanese_remainder(match.group("rest") or "")
    currency = CURRENCY_WORDS[currency_word.lower()] if currency_word else guess_currency(multiplier_word or "")
    if currency is None:
        return None
    raw = match.group(0)
    start = match.start() + len(raw) - len(raw.lstrip())
    end = match.end() - (len(raw) - len(raw.rstrip()))
    period = period_near(lower, start, end)
    kind = kind_near(lower, start, end)
    if period is not None and kind in ("fee", "unknown"):
        kind = "wage"  # a sum per hour, day or month is pay; fees and debts are one-off sums
    return Amount(value, currency, period, kind, start, end, text[start:end], rates.to_yen(value, currency))


def japanese_remainder(rest: str) -> float:
    """What follows 万 in '1万2千円' (2,000) or '3万5000円' (5,000)."""
    if not rest:
        return 0.0
    return float(rest[:-1]) * 1000 if rest.endswith("千") else float(rest)


def guess_currency(multiplier: str) -> str | None:
    """A figure with a number word but no currency: 万 and manyen are yen; juta rupiah; triệu đồng; lakh rupees."""
    by_word = {"万": "JPY", "萬": "JPY", "manyen": "JPY", "man-yen": "JPY", "man yen": "JPY", "juta": "IDR",
               "jt": "IDR", "triệu": "VND", "tr": "VND", "lakh": "NPR", "लाख": "NPR", "သိန်း": "MMK"}
    return by_word.get(multiplier.lower())
