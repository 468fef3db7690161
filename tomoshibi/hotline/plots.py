"""Bar charts of a desk's figures, counts and times (median and 90th percentile), drawn with matplotlib.

No pyplot, so drawing is safe in a threaded server. Pure module (no Django): the caller passes
labels already translated, and numbers written in the reader's style. SVG keeps its text as text,
so the browser draws it in the page's language with its own fonts; a PNG can only use the fonts
installed on the server (see can_draw).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence
from functools import cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator

# Text in SVG is drawn by the browser: the server's fonts only measure it, so a missing glyph is no
# fault there, and PNGs are drawn in English when a glyph is missing (see can_draw). A filter set
# once at import, since catch_warnings is not safe in a threaded server.
warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
BAR_COLOUR = "#8a3b00"
# The 90th percentile is lighter and hatched, so the two bars differ without colour too.
SPREAD_COLOUR = "#f0c9a6"
INK = "#1b1b1f"
# Used in this order where installed (Debian: fonts-noto-cjk, fonts-noto-core).
FONT_FAMILIES = ("DejaVu Sans", "Noto Sans CJK JP", "Noto Sans Thai", "Noto Sans Khmer")


@cache
def installed_families() -> tuple[str, ...]:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple(family for family in FONT_FAMILIES if family in names)


@cache
def drawable_characters() -> frozenset[int]:
    characters: set[int] = set()
    for family in installed_families():
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        characters |= set(FT2Font(path).get_charmap())
    return frozenset(characters)


def can_draw(texts: Sequence[str]) -> bool:
    """Whether the installed fonts have every character (a PNG would otherwise show empty boxes)."""
    available = drawable_characters()
    return all(ord(character) in available for text in texts for character in text if not character.isspace())


def bar_chart(
    labels: Sequence[str], values: Sequence[int | None], *, title: str, hidden_label: str, image_format: str
) -> bytes:
    """A horizontal bar per label; a value of None (suppressed) has no bar and says so."""
    figure = Figure(figsize=(7.5, 1.2 + 0.45 * len(labels)), layout="constrained")
    axes = figure.subplots()
    positions = list(range(len(labels)))
    axes.barh(positions, [value or 0 for value in values], color=BAR_COLOUR)
    axes.set_yticks(positions, labels=list(labels))
    axes.invert_yaxis()
    axes.set_title(title, color=INK, loc="left")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        annotate(axes, hidden_label if value is None else str(value), value or 0, position)
    axes.spines[["top", "right"]].set_visible(False)
    return render(figure, image_format)


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def duration_chart(
    labels: Sequence[str],
    medians: Sequence[float | None],
    p90s: Sequence[float | None],
    *,
    title: str,
    median_label: str,
    p90_label: str,
    hidden_label: str,
    image_format: str,
    number: Callable[[float], str] = one_decimal,
) -> bytes:
    """Two bars per label, the median and the 90th percentile, each with its value written by `number`.

    A label whose values are None (too few reports to summarise) has no bars and says so.
    """
    figure = Figure(figsize=(7.5, 1.6 + 0.6 * len(labels)), layout="constrained")
    axes = figure.subplots()
    positions = list(range(len(labels)))
    height = 0.38
    upper = [position - height / 2 for position in positions]
    lower = [position + height / 2 for position in positions]
    axes.barh(upper, [value or 0 for value in medians], height=height, color=BAR_COLOUR, label=median_label)
    axes.barh(
        lower,
        [value or 0 for value in p90s],
        height=height,
        color=SPREAD_COLOUR,
        edgecolor=BAR_COLOUR,
        hatch="//",
        label=p90_label,
    )
    axes.set_yticks(positions, labels=list(labels))
    axes.invert_yaxis()
    axes.set_title(title, color=INK, loc="left")
    for position, median, p90 in zip(positions, medians, p90s, strict=True):
        if median is None or p90 is None:
            annotate(axes, hidden_label, 0, position)
            continue
        annotate(axes, number(median), median, position - height / 2)
        annotate(axes, number(p90), p90, position + height / 2)
    figure.legend(loc="outside lower center", ncols=2, frameon=False, labelcolor=INK)
    axes.spines[["top", "right"]].set_visible(False)
    return render(figure, image_format)


def annotate(axes: Axes, text: str, value: float, position: float) -> None:
    axes.annotate(text, (value, position), xytext=(4, 0), textcoords="offset points", va="center", color=INK)


def render(figure: Figure, image_format: str) -> bytes:
    buffer = io.BytesIO()
    families = list(installed_families())
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tomoshibi", "font.family": families}):
        figure.savefig(buffer, format=image_format, dpi=110, metadata=metadata(image_format))
    return buffer.getvalue()


def metadata(image_format: str) -> dict[str, str | None]:
    """No creation date or software name in the file, so the same figures give the same bytes."""
    return {"Date": None, "Creator": None} if image_format == "svg" else {"Software": None}
