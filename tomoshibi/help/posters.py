"""Awareness posters: an A4 page to print and a phone-sized SVG image, per language and prefecture.

The QR code opens /<lang>/help/?p=<prefecture>. The `p` is where the poster hangs, chosen by the
organisation that prints it; it is not an answer the person gave, and the flow drops it from the
address at once (see views.remember_preset). Both formats are drawn on the server from the same
texts, with the viewer's own fonts: no font or image is downloaded.
"""

from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.variants import written_language

from . import engine
from .layout import wrap

NATIONAL = "national"

HEADLINE = _("Need help? You are not alone.")
QUESTIONS = _("Forced to have sex or to work? A debt you cannot pay? Passport taken? Threatened with your photos?")
PROMISE = _("Free and confidential. No name needed.")
SCAN = _("Scan to find help near you, in your language")
NUMBERS = [
    ("110", _("Police, if you are in danger now. Free, 24 hours.")),
    ("#8891", _("Sexual violence: the nearest one-stop support centre.")),
    ("189", _("Under 18: child guidance. Free, 24 hours.")),
]


def area_codes() -> list[str]:
    return [NATIONAL, *engine.prefecture_codes_in_order()]


def area_name(area: str, language: str) -> str:
    with translation.override(language):
        return str(_("All of Japan")) if area == NATIONAL else engine.prefecture_label(area, language)


def audience(area: str, language: str) -> str:
    """The poster's last line: who it is for."""
    with translation.override(language):
        if area == NATIONAL:
            return str(_("For people anywhere in Japan"))
        return _("For people in %(area)s") % {"area": area_name(area, language)}


def poster_link(language: str, area: str, site_url: str | None = None) -> str:
    """The address the QR code holds: the help flow in this language, with the poster's prefecture."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    return f"{base}/{language}/help/" + ("" if area == NATIONAL else f"?p={area}")


def qr_svg(link: str, **attributes: str) -> str:
    """The QR code as an inline <svg> element (with a 4-module quiet zone), scaled by its container."""
    code = segno.make(link, error="m", micro=False)
    svg = code.svg_inline(border=4, omitsize=True, svgclass=None, lineclass=None, dark="#000", light="#fff")
    extra = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return svg.replace("<svg", f'<svg role="img"{extra}', 1)


@dataclass
class Poster:
    language: str
    area: str
    link: str

    def context(self) -> dict:
        with translation.override(self.language):
            return {
                "language": self.language,
                "lang": written_language(self.language),  # the html lang: easy Japanese is Japanese
                "area": self.area,
                "where": audience(self.area, self.language),
                "link": self.link,
                "shown_link": self.link.split("://", 1)[-1],
                "numbers": [(number, str(text)) for number, text in NUMBERS],
                "headline": str(HEADLINE),
                "questions": str(QUESTIONS),
                "promise": str(PROMISE),
                "scan": str(SCAN),
            }

    def a4_html(self, *, inline_css: bool = False) -> str:
        context = self.context() | {"qr": mark_safe(qr_svg(self.link, **{"aria-label": self.link}))}  # noqa: S308
        if inline_css:
            context["inline_css"] = Path(finders.find("help/poster.css")).read_text()
        with translation.override(self.language):
            return render_to_string("help/poster_a4.html", context)

    def phone_svg(self) -> str:
        with translation.override(self.language):
            return render_to_string("help/poster_phone.svg", self.context() | phone_layout(self))


def poster(language: str, area: str, site_url: str | None = None) -> Poster:
    return Poster(language, area, poster_link(language, area, site_url))


# The phone image: 720 x 1280 (9:16), laid out top to bottom.
WIDTH, HEIGHT, MARGIN, QR_SIZE = 720, 1280, 40, 400
NUMBER_COLUMN = 190
BOLD = 1.1  # bold glyphs are about a tenth wider than the estimates in layout.py
# Scripts that stack marks above and below the letters need taller lines (as site.css gives them).
TALL_SCRIPTS = {"my": 1.7, "ne": 1.55}
# The image's fonts, the phone's own (as in site.css): Han drawn the Chinese or Korean way, Burmese in a
# Unicode font before any other (a phone may have a Zawgyi font as its system font).
FONTS = "system-ui, 'Noto Sans', 'Noto Sans Thai', 'Noto Sans Khmer', 'Noto Sans CJK JP', 'Hiragino Sans', sans-serif"
SCRIPT_FONTS = {
    "zh-hans": "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    "zh-hant": "system-ui, 'Noto Sans CJK TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif",
    "ko": "system-ui, 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif",
    "my": "'Noto Sans Myanmar', 'Myanmar Text', 'Padauk', 'Myanmar Sangam MN', sans-serif",
    "ne": "system-ui, 'Noto Sans Devanagari', 'Kohinoor Devanagari', 'Nirmala UI', sans-serif",
}


class Column:
    """Text lines stacked down the image, each placed at its baseline."""

    def __init__(self, scale: float, leading: float = 1.25):
        self.scale, self.y, self.lines, self.leading = scale, 0.0, [], leading

    def add(self, text, size, *, x=MARGIN, width=WIDTH - 2 * MARGIN, gap=0.3, css=""):
        size *= self.scale
        bold = any(word in css for word in ("headline", "strong"))
        for line in wrap(str(text), width, size * (BOLD if bold else 1.0)):
            self.y += size * self.leading
            self.lines.append({"x": x, "y": round(self.y, 1), "size": round(size, 1), "text": line, "css": css})
        self.y += size * gap

    def add_number(self, number: str, text) -> None:
        start = self.y
        self.add(text, 26, x=MARGIN + NUMBER_COLUMN, width=WIDTH - 2 * MARGIN - NUMBER_COLUMN, gap=0.2)
        size = 44 * self.scale
        self.lines.append(
            {"x": MARGIN, "y": round(start + size, 1), "size": round(size, 1), "text": number, "css": "number"}
        )
        self.y = max(self.y, start + size * 1.3) + 14


def phone_layout(poster: Poster, scale: float = 1.0) -> dict:
    """Positions of every line of text; shrinks the text until everything fits on the image."""
    column = Column(scale, TALL_SCRIPTS.get(poster.language, 1.25))
    with translation.override(poster.language):
        column.y = 40
        column.add(HEADLINE, 54, css="headline")
        band = round(column.y + 20, 1)
        column.y = band + 20
        column.add(QUESTIONS, 32)
        column.add(PROMISE, 30, css="strong")
        qr_y = column.y + 10
        column.y = qr_y + QR_SIZE
        column.add(SCAN, 30, css="strong centre", x=WIDTH / 2)
        column.add(poster.link.split("://", 1)[-1], 22, css="centre muted", x=WIDTH / 2, gap=0.8)
        for number, text in NUMBERS:
            column.add_number(number, text)
        column.add(audience(poster.area, poster.language), 26, css="strong")
    if column.y > HEIGHT - 20 and scale > 0.5:
        return phone_layout(poster, scale - 0.05)
    qr = qr_svg(poster.link, x=str((WIDTH - QR_SIZE) / 2), y=str(qr_y), width=str(QR_SIZE), height=str(QR_SIZE))
    fonts = SCRIPT_FONTS.get(poster.language, FONTS)
    return {"blocks": column.lines, "band": band, "qr": mark_safe(qr), "width": WIDTH, "height": HEIGHT, "fonts": fonts}  # noqa: S308


def write_posters(out: Path, languages: list[str], areas: list[str], site_url: str | None = None) -> list[Path]:
    """Write <out>/<lang>/<area>-a4.html and <area>-phone.svg for every language and area."""
    written = []
    for language in languages:
        folder = out / language
        folder.mkdir(parents=True, exist_ok=True)
        for area in areas:
            item = poster(language, area, site_url)
            written.append(folder / f"{area}-a4.html")
            written[-1].write_text(item.a4_html(inline_css=True), encoding="utf-8")
            written.append(folder / f"{area}-phone.svg")
            written[-1].write_text(item.phone_svg(), encoding="utf-8")
    return written
