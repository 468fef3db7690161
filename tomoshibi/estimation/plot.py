"""Pictures of an estimate: the lists' overlaps (UpSet-style) with the estimate, the bootstrap distribution,
and the sensitivity of the estimate.

Overlaps, left: one bar per observed pattern (how many people are on exactly that combination of lists),
the combination drawn as joined dots underneath, and each list's size beside its row; when there are more
than MAX_PATTERNS combinations, the largest are drawn and the title says so. Right: the people observed
against the estimated total, with the bootstrap interval when there is one, labelled beside the bar.

Labels come from texts.py in the report's language. `svg()` keeps text as text, so a browser draws it with
its own fonts (Japanese included).

Figures are made as matplotlib Figure objects, never through pyplot: pyplot keeps every figure in a global
registry until closed and loads an interactive backend machinery a server has no use for (the rounds draw
reports in the worker), and importing it costs a command-line report a few tenths of a second.
"""

from __future__ import annotations

import io
import re
import textwrap
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from tomoshibi.estimation.estimate import Estimate
from tomoshibi.estimation.sensitivity import Sensitivity, Variant
from tomoshibi.estimation.texts import TEXTS, text

MAX_PATTERNS = 40
# Japanese text is measured with Noto Sans CJK where installed (Debian: fonts-noto-cjk); in SVG the
# reader's browser draws it with its own fonts, so a font missing here only makes the layout less exact.
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK JP"]


@contextmanager
def _fonts() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        warnings.filterwarnings("ignore", message="findfont: Font family", category=UserWarning)
        with matplotlib.rc_context({"font.family": FONT_FAMILIES}):
            yield


BAR = "#4a6fa5"
MUTED = "#c8c8c8"
ACCENT = "#b5462f"


def draw(result: Estimate, lang: str = "en") -> Figure:
    with _fonts():
        return _draw(result, lang)


def _draw(result: Estimate, lang: str) -> Figure:
    table = result.table
    order = np.argsort(-table.counts, kind="stable")[:MAX_PATTERNS]
    figure = Figure(figsize=(11, 5.8), layout="constrained")
    grid = figure.add_gridspec(2, 3, width_ratios=[1.2, 6, 2.2], height_ratios=[3, 2])
    bars = figure.add_subplot(grid[0, 1])
    dots = figure.add_subplot(grid[1, 1], sharex=bars)
    sizes = figure.add_subplot(grid[1, 0], sharey=dots)
    _pattern_bars(bars, table.counts[order], table.observed, lang)
    if len(order) < len(table.counts):
        shown = text("overlaps_shown", lang, shown=len(order), count=len(table.counts))
        bars.set_title(f"{bars.get_title()}\n{shown}", fontsize=10)
    _pattern_dots(dots, table.patterns[order], table.lists)
    _list_sizes(sizes, table.list_totals(), table.lists, lang)
    _estimate_panel(figure.add_subplot(grid[:, 2]), result, lang)
    figure.suptitle(
        text("figure_title", lang, file=Path(table.source).name, observed=f"{table.observed:,}", lists=table.n_lists)
    )
    return figure


def svg(figure: Figure) -> str:
    """The figure as SVG text to put inline in a page (text kept as text, stable ids)."""
    buffer = io.StringIO()
    with _fonts(), matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tomoshibi-estimation"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    # matplotlib's RDF metadata names outside vocabularies by URL; a page that fetches nothing needs none of it.
    return re.sub(r"<metadata>.*?</metadata>\s*", "", buffer.getvalue(), flags=re.DOTALL)


def bootstrap_figure(result: Estimate, lang: str) -> Figure | None:
    """A histogram of the replicates' estimates (those that have one), with the estimate and its interval; None
    when no replicate has an estimate."""
    boot = result.bootstrap
    if boot is None or np.isnan(boot.replicates).all():
        return None
    with _fonts():
        figure = Figure(figsize=(8, 3.4), layout="constrained")
        axes = figure.subplots()
        _histogram(axes, result, lang)
    return figure


def _histogram(axes: Axes, result: Estimate, lang: str) -> None:
    boot = result.bootstrap
    assert boot is not None
    axes.hist(boot.replicates[~np.isnan(boot.replicates)], bins=50, color=BAR)
    if boot.bca is not None:
        axes.axvspan(*boot.bca, color=ACCENT, alpha=0.15)
    axes.axvline(result.total, color=ACCENT, lw=2)
    axes.set_xlabel(text("bootstrap_axis", lang))
    axes.set_ylabel(text("replicate_count", lang))
    axes.spines[["top", "right"]].set_visible(False)


def sensitivity_figure(found: Sensitivity, result: Estimate, lang: str) -> Figure:
    """Each variant's estimate with its interval, one row each, the main estimate as a vertical line."""
    rows = [*found.pthresh, *found.without, *found.merged]
    with _fonts():
        figure = Figure(figsize=(8, 0.8 + 0.32 * len(rows)), layout="constrained")
        axes = figure.subplots()
        _variant_rows(axes, rows, result, lang)
    return figure


def _variant_rows(axes: Axes, rows: list[Variant], result: Estimate, lang: str) -> None:
    for position, variant in enumerate(rows):
        if variant.total is None:
            continue
        if variant.interval is not None:
            axes.plot([variant.total], [position], "o", color=BAR)
            axes.plot(variant.interval, [position, position], color=BAR, lw=2)
        else:  # hollow, and said in words: a bare dot would look like a precise figure
            axes.plot([variant.total], [position], "o", color=BAR, markerfacecolor="white")
            label = text("no_interval_mark", lang)
            axes.annotate(
                label, (variant.total, position), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8
            )
    axes.axvline(result.total, color=ACCENT, lw=1.5)
    axes.set_yticks(range(len(rows)), [variant_label(variant, lang) for variant in rows])
    axes.invert_yaxis()
    axes.set_xlabel(text("total", lang))
    axes.spines[["top", "right"]].set_visible(False)


def variant_label(variant: Variant, lang: str) -> str:
    if variant.kind == "pthresh":
        return text("threshold", lang, pthresh=variant.label)
    return text("without" if variant.kind == "without" else "merged", lang, name=variant.label)


def save(result: Estimate, path: str | Path) -> None:
    with _fonts():
        draw(result).savefig(path, format="png", dpi=120)


def _pattern_bars(axes: Axes, counts: np.ndarray, observed: int, lang: str) -> None:
    positions = np.arange(len(counts))
    axes.bar(positions, counts, color=BAR)
    axes.set_ylabel(text("overlaps_axis", lang))
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    for position, count in zip(positions, counts, strict=True):
        axes.annotate(f"{count:,}", (position, count), ha="center", va="bottom", fontsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(text("overlaps_title", lang, observed=f"{observed:,}"), fontsize=10)


def _pattern_dots(axes: Axes, patterns: np.ndarray, lists: tuple[str, ...]) -> None:
    rows = np.arange(len(lists))
    columns, members = np.nonzero(patterns)
    # One collection for all the grey dots, one for the lists' dots and one line per combination of several
    # lists: drawn at once rather than pattern by pattern, which took most of a report's drawing time.
    axes.scatter(np.repeat(np.arange(len(patterns)), len(lists)), np.tile(rows, len(patterns)), color=MUTED, s=30)
    axes.scatter(columns, members, color=BAR, s=36, zorder=3)
    joined = [
        [(position, rows[pattern].min()), (position, rows[pattern].max())]
        for position, pattern in enumerate(patterns)
        if pattern.sum() > 1
    ]
    axes.add_collection(LineCollection(joined, colors=BAR, linewidths=2, zorder=2))
    axes.set_yticks(rows, lists)
    axes.invert_yaxis()
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    axes.spines[["top", "right", "bottom"]].set_visible(False)


def _list_sizes(axes: Axes, totals: np.ndarray, lists: tuple[str, ...], lang: str) -> None:
    axes.barh(np.arange(len(lists)), totals, color=BAR)
    axes.invert_xaxis()
    axes.set_xlabel(text("list_size", lang))
    axes.tick_params(axis="y", left=False, labelleft=False)
    axes.spines[["top", "left"]].set_visible(False)


def _estimate_panel(axes: Axes, result: Estimate, lang: str) -> None:
    axes.bar([0], [result.observed], color=BAR, width=0.6)
    axes.bar([1], [result.total], color=ACCENT, width=0.6, alpha=0.85)
    interval = result.interval
    top = result.total
    if interval is not None:
        low, high = interval
        axes.errorbar([1], [result.total], yerr=[[result.total - low], [high - result.total]], color="black", capsize=8)
        level = f"{100 * (1 - result.alpha):g}%"  # as the tables write it: 99.5%, never rounded to 100%
        label = text("interval_label", lang, level=level, low=f"{low:,.0f}", high=f"{high:,.0f}")
        # Beside the bar, level with the top of the interval, so the label never sits on the error bar.
        axes.annotate(label, (1.32, high), ha="left", va="top", fontsize=8)
        top = max(top, high)
    elif result.bootstrap is not None:  # withheld: say so, rather than leave a bar that looks exact
        axes.annotate(text("no_interval_mark", lang), (1.32, result.total), ha="left", va="top", fontsize=8)
    axes.set_xlim(-0.5, 2.2)
    axes.set_ylim(0, top * 1.08)
    axes.annotate(f"{result.observed:,}", (0, result.observed), ha="center", va="bottom", fontsize=9)
    axes.set_xticks([0, 1], [text("observed_bar", lang), text("estimated_bar", lang, total=f"{result.total:,.0f}")])
    axes.set_ylabel(text("people", lang))
    axes.spines[["top", "right"]].set_visible(False)
    model = ", ".join(result.model_names) or text("main_effects", lang)
    # Wrapped, so a model of six pair effects or more is shown whole rather than cut off.
    method = text(f"chart_{result.method}", lang) if f"chart_{result.method}" in TEXTS else result.method
    axes.set_title(textwrap.fill(f"{method}: {model}", width=30), fontsize=9)
