"""A picture of the lists' overlaps (UpSet-style) and of the estimate with its interval.

Left: one bar per observed pattern (how many people are on exactly that
combination of lists), the combination drawn as joined dots underneath,
and each list's size beside its row. Right: the people observed against
the estimated total, with the bootstrap interval when there is one.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tomoshibi.estimation.estimate import Estimate

MAX_PATTERNS = 40
BAR = "#4a6fa5"
MUTED = "#c8c8c8"
ACCENT = "#b5462f"


def draw(result: Estimate) -> Figure:
    table = result.table
    order = np.argsort(-table.counts, kind="stable")[:MAX_PATTERNS]
    figure = plt.figure(figsize=(11, 5.5), layout="constrained")
    grid = figure.add_gridspec(2, 3, width_ratios=[1.2, 6, 2.2], height_ratios=[3, 2])
    bars = figure.add_subplot(grid[0, 1])
    dots = figure.add_subplot(grid[1, 1], sharex=bars)
    sizes = figure.add_subplot(grid[1, 0], sharey=dots)
    _pattern_bars(bars, table.counts[order], table.observed)
    _pattern_dots(dots, table.patterns[order], table.lists)
    _list_sizes(sizes, table.list_totals(), table.lists)
    _estimate_panel(figure.add_subplot(grid[:, 2]), result)
    figure.suptitle(f"{Path(table.source).name}: {table.observed:,} people on {table.n_lists} lists")
    return figure


def save(result: Estimate, path: str | Path) -> None:
    figure = draw(result)
    try:
        figure.savefig(path, format="png", dpi=120)
    finally:
        plt.close(figure)


def _pattern_bars(axes: Axes, counts: np.ndarray, observed: int) -> None:
    positions = np.arange(len(counts))
    axes.bar(positions, counts, color=BAR)
    axes.set_ylabel("people with exactly\nthis combination")
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    for position, count in zip(positions, counts, strict=True):
        axes.annotate(f"{count:,}", (position, count), ha="center", va="bottom", fontsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(f"overlaps between lists ({observed:,} people observed)", fontsize=10)


def _pattern_dots(axes: Axes, patterns: np.ndarray, lists: tuple[str, ...]) -> None:
    rows = np.arange(len(lists))
    for position, pattern in enumerate(patterns):
        axes.scatter(np.full(len(lists), position), rows, color=MUTED, s=30, zorder=1)
        members = rows[pattern]
        axes.scatter(np.full(len(members), position), members, color=BAR, s=36, zorder=3)
        if len(members) > 1:
            axes.plot([position, position], [members.min(), members.max()], color=BAR, lw=2, zorder=2)
    axes.set_yticks(rows, lists)
    axes.invert_yaxis()
    axes.tick_params(axis="x", bottom=False, labelbottom=False)
    axes.spines[["top", "right", "bottom"]].set_visible(False)


def _list_sizes(axes: Axes, totals: np.ndarray, lists: tuple[str, ...]) -> None:
    axes.barh(np.arange(len(lists)), totals, color=BAR)
    axes.invert_xaxis()
    axes.set_xlabel("list size")
    axes.tick_params(axis="y", left=False, labelleft=False)
    axes.spines[["top", "left"]].set_visible(False)


def _estimate_panel(axes: Axes, result: Estimate) -> None:
    axes.bar([0], [result.observed], color=BAR, width=0.6)
    axes.bar([1], [result.total], color=ACCENT, width=0.6, alpha=0.85)
    interval = result.interval
    if interval is not None:
        low, high = interval
        axes.errorbar([1], [result.total], yerr=[[result.total - low], [high - result.total]], color="black", capsize=8)
        level = round(100 * (1 - result.alpha))
        axes.annotate(f"{level}% interval\n{low:,.0f} to {high:,.0f}", (1, high), ha="center", va="bottom", fontsize=8)
    axes.annotate(f"{result.observed:,}", (0, result.observed), ha="center", va="bottom", fontsize=9)
    axes.set_xticks([0, 1], ["observed", f"estimated total\n{result.total:,.0f}"])
    axes.set_ylabel("people")
    axes.spines[["top", "right"]].set_visible(False)
    model = ", ".join(result.model_names) or "main effects only"
    axes.set_title(f"{result.method}: {model}", fontsize=9)
