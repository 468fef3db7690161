"""`--report out.html`: one self-contained page a coordinator can hand on, in English or Japanese.

Everything is inside the file: the charts are inline SVG (text kept as text, so the reader's browser
draws Japanese with its own fonts), the styles are inline, and nothing is fetched from anywhere. It
holds the data summary, the overlaps, the estimate with its intervals, the bootstrap distribution, the
sensitivity, the diagnostics, what the method assumes and which check speaks to each assumption, and
the software version with the command that reproduces every figure.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

import numpy as np

from tomoshibi.estimation.cautions import cautions
from tomoshibi.estimation.diagnostics import Diagnostics, chao_lower_bound
from tomoshibi.estimation.estimate import Estimate
from tomoshibi.estimation.output import Analysis
from tomoshibi.estimation.plot import bootstrap_figure, draw, sensitivity_figure, svg, variant_label
from tomoshibi.estimation.sensitivity import ModelShare, Sensitivity, Variant, no_interval
from tomoshibi.estimation.texts import TEXTS, in_language, text

FITTED_ROWS = 25
MODELS_SHOWN = 10
ASSUMPTIONS = ("population", "closed", "matching", "dependence", "heterogeneity", "model")
STYLE = """
body { font-family: system-ui, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #1d1d1d; line-height: 1.55; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
code { background: #f2f2f2; padding: 0.1rem 0.3rem; word-break: break-all; }
"""


def report_html(analysis: Analysis, lang: str, command: str) -> str:
    result = analysis.result
    sections = [
        _summary(result, lang),
        _section(text("overlaps", lang), _figure(svg(draw(result, lang)))),
        _estimate(result, analysis.sensitivity, lang),
        _bootstrap(result, lang),
    ]
    if analysis.sensitivity is not None:
        sections.append(_sensitivity(analysis.sensitivity, result, lang))
    if analysis.diagnostics is not None:
        sections.append(_diagnostics(analysis.diagnostics, lang))
    sections += [_assumptions(lang), _software(command, lang)]
    title = _e(text("title", lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )


def _summary(result: Estimate, lang: str) -> str:
    table = result.table
    sizes = ", ".join(f"{_e(name)} ({size:,})" for name, size in zip(table.lists, table.list_totals(), strict=True))
    rows = [
        (text("file", lang), _e(table.source)),
        (text("lists", lang), sizes),
        (text("people_observed", lang), f"{table.observed:,}"),
    ]
    combinations = text("combinations", lang, count=len(table.counts), possible=2**table.n_lists - 1)
    notes = "".join(f"<li>{_e(str(in_language(note, lang)))}</li>" for note in table.notes)
    extra = f"<h3>{_e(text('notes', lang))}</h3><ul>{notes}</ul>" if notes else ""
    return _section(text("summary", lang), _pairs(rows) + f"<p>{_e(combinations)}</p>" + extra)


def _estimate(result: Estimate, found: Sensitivity | None, lang: str) -> str:
    level = f"{100 * (1 - result.alpha):g}%"
    boot = result.bootstrap
    method = text(result.method, lang, pthresh=f"{result.pthresh:g}")
    model = " + ".join([text("main_effects", lang), *result.model_names])
    rows = [
        (text("method", lang), _e(method)),
        (text("model", lang), _e(model)),
        (text("total", lang), f"<strong>{result.total:,.0f}</strong>"),
        (text("dark_figure", lang), f"{result.dark_figure:,.0f}"),
        (text("bca", lang, level=level), _range(result.interval, lang, no_interval(boot))),
        (text("percentile", lang, level=level), _range(boot.percentile if boot else None, lang, no_interval(boot))),
        (text("given_model", lang, level=level), _range(result.conditional, lang)),
        (text("chao", lang), f"{chao_lower_bound(result.table):,.0f}"),
    ]
    if boot is not None:
        generator = (
            text(f"generator_{result.generator}", lang)
            if f"generator_{result.generator}" in TEXTS
            else result.generator
        )
        about = text("replicates", lang, replicates=f"{boot.size:,}", seed=result.seed, generator=generator)
        rows.append(("", _e(about)))
    return _section(text("estimate", lang), _pairs(rows) + _cautions(result, found, lang))


def _cautions(result: Estimate, found: Sensitivity | None, lang: str) -> str:
    """What docs/estimation.md says not to trust, as it applies to this result."""
    items = "".join(f"<li>{_e(caution.render(lang))}</li>" for caution in cautions(result, found))
    return f"<h3>{_e(text('cautions', lang))}</h3><ul>{items}</ul>" if items else ""


def _bootstrap(result: Estimate, lang: str) -> str:
    """The replicates' estimates; those with none are counted, not drawn, and the caption says so."""
    boot = result.bootstrap
    if boot is None:
        return ""
    figure = bootstrap_figure(result, lang)
    missing = int(np.isnan(boot.replicates).sum())
    said = [text("bootstrap_caption", lang)] if figure is not None else [text("bootstrap_none", lang)]
    said += [text("bootstrap_band", lang)] if figure is not None and boot.bca is not None else []
    said += [text("bootstrap_missing", lang, missing=f"{missing:,}", size=f"{boot.size:,}")] if missing else []
    body = _figure(svg(figure)) if figure is not None else ""
    return _section(text("bootstrap", lang), body + f"<p>{_e(_sentences(said, lang))}</p>")


def _sensitivity(found: Sensitivity, result: Estimate, lang: str) -> str:
    variants = [*found.pthresh, *found.without, *found.merged]
    header = [text(key, lang) for key in ("variant", "people_observed", "total", "interval", "model")]
    rows = [_variant_row(variant, lang) for variant in variants]
    caption = text("sensitivity_caption", lang)
    if any(variant.total is not None and variant.interval is None for variant in variants):
        caption = _sentences([caption, text("sensitivity_no_interval", lang)], lang)
    body = f"<p>{_e(caption)}</p>" + _figure(svg(sensitivity_figure(found, result, lang)))
    body += _table(header, rows, numbers=(1, 2))
    if found.models:
        body += _models_chosen(found.models, lang)
    return _section(text("sensitivity", lang), body)


def _models_chosen(models: Sequence[ModelShare], lang: str) -> str:
    """The most frequent models, and how many others there were and their share together."""
    shares = [[f"{share.share:.1%}", _share_model(share, lang)] for share in models[:MODELS_SHOWN]]
    rest = models[MODELS_SHOWN:]
    if rest:
        others = text("other_models", lang, count=len(rest), share=f"{sum(share.share for share in rest):.1%}")
        shares.append(["", others])
    table = _table([text("share", lang), text("model", lang)], shares, (0,))
    return f"<h3>{_e(text('models_chosen', lang))}</h3>" + table


def _share_model(share: ModelShare, lang: str) -> str:
    if share.model is None:
        return text("no_estimate", lang)
    return " + ".join([text("main_effects", lang), *share.model])


def _variant_row(variant: Variant, lang: str) -> list[str]:
    label = variant_label(variant, lang)
    if variant.total is None:
        return [
            label,
            f"{variant.observed:,}",
            "",
            "",
            text("too_small", lang, problem=in_language(variant.problem or "", lang)),
        ]
    interval = _range(variant.interval, lang, variant.no_interval, escape=False)
    model = " + ".join([text("main_effects", lang), *variant.model])
    return [label, f"{variant.observed:,}", f"{variant.total:,.0f}", interval, model]


def _diagnostics(found: Diagnostics, lang: str) -> str:
    fits = [
        [text(label, lang), f"{fit.deviance:,.2f}", str(fit.df), f"{fit.aic:,.2f}", f"{fit.bic:,.2f}"]
        for label, fit in (("selected_model", found.selected), ("main_effects", found.main))
    ]
    body = _table(["", text("deviance", lang), text("df", lang), "AIC", "BIC"], fits, (1, 2, 3, 4))
    if found.steps:
        steps = [[pair, f"{pvalue:.3g}"] for pair, pvalue in found.steps]
        body += f"<h3>{_e(text('steps', lang))}</h3>" + _table(["", "p"], steps, (1,))
    return _section(text("diagnostics", lang), body + _fitted(found, lang))


def _fitted(found: Diagnostics, lang: str) -> str:
    gaps = np.abs(found.observed - found.selected.fitted)
    cells = [int(cell) for cell in np.argsort(-gaps, kind="stable")[:FITTED_ROWS]]
    rows = [
        [
            " + ".join(name for name, on in zip(found.lists, found.patterns[cell], strict=True) if on),
            f"{found.observed[cell]:,}",
            f"{found.selected.fitted[cell]:,.1f}",
            f"{found.main.fitted[cell]:,.1f}",
        ]
        for cell in cells
    ]
    header = [text(key, lang) for key in ("combination", "observed_column", "fitted_selected", "fitted_main")]
    shown = text("fitted_shown", lang, shown=len(cells), count=len(found.observed))
    return f"<h3>{_e(text('fitted', lang))}</h3><p>{_e(shown)}</p>" + _table(header, rows, (1, 2, 3))


def _assumptions(lang: str) -> str:
    rows = [[text(f"a_{key}", lang), text(f"c_{key}", lang)] for key in ASSUMPTIONS]
    return _section(text("assumptions", lang), _table([text("assumption", lang), text("check", lang)], rows, ()))


def _software(command: str, lang: str) -> str:
    try:
        installed = version("tomoshibi")
    except PackageNotFoundError:  # pragma: no cover - run from a tree that was never installed
        installed = "unknown"
    body = f"<p>{_e(text('version', lang, version=installed))}</p><p>{_e(text('reproduce', lang))}</p>"
    return _section(text("software", lang), body + f"<p><code>{_e(command)}</code></p>")


def _sentences(sentences: Sequence[str], lang: str) -> str:
    """Sentences run together: Japanese puts no space after 。"""
    return ("" if lang == "ja" else " ").join(sentences)


def _section(title: str, body: str) -> str:
    return f"<section>\n<h2>{_e(title)}</h2>\n{body}\n</section>"


def _figure(svg_text: str) -> str:
    start = svg_text.find("<svg")  # drop the XML declaration and doctype: the SVG sits inside the page
    return f"<figure>{svg_text[start:]}</figure>"


def _pairs(rows: Sequence[tuple[str, str]]) -> str:
    """Label and value rows; values are already HTML."""
    return "<table>" + "".join(f"<tr><th>{_e(label)}</th><td>{value}</td></tr>" for label, value in rows) + "</table>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numbers: Sequence[int]) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(_cell(cell, position in numbers) for position, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: str, number: bool) -> str:
    return f'<td class="number">{_e(value)}</td>' if number else f"<td>{_e(value)}</td>"


def _range(limits: tuple[float, float] | None, lang: str, why: str | None = None, escape: bool = True) -> str:
    """The limits, or why there are none (in `lang` when `why` is a Note)."""
    if limits is None:
        value = str(in_language(why, lang)) if why is not None else text("no_interval", lang)
        return _e(value) if escape else value
    return f"{limits[0]:,.0f} – {limits[1]:,.0f}"


def _e(value: str) -> str:
    return html.escape(value, quote=True)
