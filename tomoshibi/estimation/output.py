"""What `tomoshibi estimate` prints: a table for people, JSON for programs.

The JSON is flat where it can be, with numbers as numbers and `null` for anything not computed (never NaN,
which JSON does not have). Keys: observed, estimate, dark_figure, model, method, interval (BCa),
percentile_interval, interval_given_model, alpha, bootstrap (the replicate count), failed_replicates,
bias_correction, acceleration, seed, generator, pthresh, quantiles, notes, chao_lower_bound, cautions; with
--sensitivity, sensitivity; with --diagnostics, diagnostics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tomoshibi.estimation.bootstrap import replicate_quantiles
from tomoshibi.estimation.breakdown import Group, group_notes
from tomoshibi.estimation.cautions import cautions
from tomoshibi.estimation.diagnostics import Diagnostics, ModelFit, chao_lower_bound
from tomoshibi.estimation.estimate import Estimate
from tomoshibi.estimation.lcmcr import LCMCR, RHAT_LIMIT, LcmcrResult
from tomoshibi.estimation.select import FIXED, STEPWISE
from tomoshibi.estimation.sensitivity import ModelShare, Sensitivity, Variant, no_interval

CHAO_NOTE = "(no model; a lower bound only if every list has the same reach)"


@dataclass(frozen=True)
class Analysis:
    """Everything one run of the command found: the estimate and the analyses asked for beside it."""

    result: Estimate
    sensitivity: Sensitivity | None = None
    quantiles: Sequence[float] = ()
    diagnostics: Diagnostics | None = None


MAX_CELL_LINES = 40


def as_json(analysis: Analysis) -> dict[str, object]:
    result, quantiles = analysis.result, analysis.quantiles
    boot = result.bootstrap
    found: dict[str, object] = {
        "observed": result.observed,
        "estimate": result.total,
        "dark_figure": result.dark_figure,
        "model": result.model_names,
        "method": result.method,
        "interval": _pair(result.interval),
        "percentile_interval": _pair(boot.percentile if boot is not None else None),
        "interval_given_model": _pair(result.conditional),
        "alpha": result.alpha,
        "bootstrap": boot.size if boot is not None else 0,
        "failed_replicates": boot.failed if boot is not None else 0,
        "bias_correction": _number(boot.bias) if boot is not None else None,
        "acceleration": _number(boot.acceleration) if boot is not None else None,
        "seed": result.seed,
        "generator": result.generator,
        "pthresh": result.pthresh if result.method == STEPWISE else None,
        "quantiles": quantile_table(result, quantiles),
        "notes": list(result.table.notes),
        "chao_lower_bound": chao_lower_bound(result.table),
        "cautions": [{"kind": caution.key, "text": caution} for caution in cautions(result, analysis.sensitivity)],
    }
    if analysis.sensitivity is not None:
        found["sensitivity"] = sensitivity_json(analysis.sensitivity)
    if analysis.diagnostics is not None:
        found["diagnostics"] = diagnostics_json(analysis.diagnostics)
    return found


def diagnostics_json(found: Diagnostics) -> dict[str, object]:
    return {
        "selected": _fit_json(found.selected),
        "main_effects": _fit_json(found.main),
        "steps": [{"pair": pair, "p_value": pvalue} for pair, pvalue in found.steps],
        "cells": [
            {
                "lists": [name for name, on in zip(found.lists, pattern, strict=True) if on],
                "observed": int(observed),
                "fitted_selected": _fitted(found.selected, cell),
                "fitted_main_effects": _fitted(found.main, cell),
            }
            for cell, (pattern, observed) in enumerate(zip(found.patterns, found.observed, strict=True))
        ],
    }


def _fit_json(fit: ModelFit) -> dict[str, object]:
    return {
        "model": list(fit.pairs),
        "deviance": fit.deviance,
        "df": fit.df,
        "aic": fit.aic,
        "bic": fit.bic,
        "parameters": fit.parameters,
        "cells": fit.cells,
    }


def _fitted(fit: ModelFit, cell: int) -> float | None:
    return float(fit.fitted[cell]) if fit.retained[cell] else None


def diagnostics_lines(found: Diagnostics) -> list[str]:
    rows = [
        (label, f"deviance {fit.deviance:,.2f} on {fit.df} df, AIC {fit.aic:,.2f}, BIC {fit.bic:,.2f}")
        for label, fit in (("selected model", found.selected), ("main effects", found.main))
    ]
    rows += [(f"step {number}: + {pair}", f"p = {pvalue:.3g}") for number, (pair, pvalue) in enumerate(found.steps, 1)]
    lines = [
        "diagnostics",
        *("  " + line for line in aligned(rows)),
        "fitted against observed (cells with people, or fitted 0.5 or more)",
    ]
    lines.append(f"  {'combination':<30} {'observed':>9} {'selected':>9} {'main':>9}")
    shown = [
        cell for cell in range(len(found.observed)) if found.observed[cell] > 0 or found.selected.fitted[cell] >= 0.5
    ]
    for cell in shown[:MAX_CELL_LINES]:
        name = "+".join(name for name, on in zip(found.lists, found.patterns[cell], strict=True) if on)
        fitted = f"{found.selected.fitted[cell]:>9.1f} {found.main.fitted[cell]:>9.1f}"
        lines.append(f"  {name:<30} {found.observed[cell]:>9,} {fitted}")
    if len(shown) > MAX_CELL_LINES:
        lines.append(f"  ... {len(shown) - MAX_CELL_LINES} more combinations in --json")
    return lines


def sensitivity_json(found: Sensitivity) -> dict[str, object]:
    return {
        "pthresh": [{"pthresh": float(variant.label), **_variant_json(variant)} for variant in found.pthresh],
        "without": [{"list": variant.label, **_variant_json(variant)} for variant in found.without],
        "merged": [{"lists": variant.label.split("+"), **_variant_json(variant)} for variant in found.merged],
        "models_in_replicates": [_share_json(share) for share in found.models],
    }


def _variant_json(variant: Variant) -> dict[str, object]:
    return {
        "observed": variant.observed,
        "estimate": variant.total,
        "model": list(variant.model),
        "interval": _pair(variant.interval),
        "problem": variant.problem,
    }


def _share_json(share: ModelShare) -> dict[str, object]:
    model = list(share.model) if share.model is not None else None
    return {"model": model, "replicates": share.replicates, "share": share.share}


def quantile_table(result: Estimate, levels: Sequence[float]) -> dict[str, float] | None:
    """The bootstrap estimates' quantiles asked for, keyed by level as written ("0.025")."""
    if not levels or result.bootstrap is None:
        return None
    values = replicate_quantiles(result.bootstrap.replicates, list(levels))
    if values is None:
        return None
    return {f"{level:g}": value for level, value in zip(levels, values, strict=True)}


def as_table(analysis: Analysis) -> str:
    result, quantiles = analysis.result, analysis.quantiles
    level = f"{100 * (1 - result.alpha):g}%"
    rows = [
        ("file", result.table.source),
        ("lists", f"{', '.join(result.table.lists)} ({result.table.n_lists})"),
        ("people observed", f"{result.observed:,}"),
        ("method", _method_text(result)),
        ("model", "main effects" + "".join(f" + {name}" for name in result.model_names)),
        ("estimated total", f"{result.total:,.1f}"),
        ("people on no list", f"{result.dark_figure:,.1f}"),
        *_interval_rows(result, level),
        (f"{level} interval given the model", _range(result.conditional) + "  (ignores the choice of model)"),
        *_quantile_rows(result, quantiles),
        (
            "Chao's lower bound",
            f"{chao_lower_bound(result.table):,.1f}  {CHAO_NOTE}",
        ),
    ]
    lines = [*aligned(rows), *(f"note: {note}" for note in result.table.notes)]
    lines += [f"caution: {caution}" for caution in cautions(result, analysis.sensitivity)]
    if analysis.sensitivity is not None:
        lines += ["", *sensitivity_lines(analysis.sensitivity, result)]
    if analysis.diagnostics is not None:
        lines += ["", *diagnostics_lines(analysis.diagnostics)]
    return "\n".join(lines)


def sensitivity_lines(found: Sensitivity, result: Estimate) -> list[str]:
    level = f"{100 * (1 - result.alpha):g}%"
    rows = [(f"p < {variant.label}", _variant_text(variant)) for variant in found.pthresh]
    rows += [(f"without {variant.label}", _variant_text(variant)) for variant in found.without]
    rows += [(f"{variant.label} as one list", _variant_text(variant)) for variant in found.merged]
    lines = [f"sensitivity (estimate, {level} interval, model)", *("  " + line for line in aligned(rows))]
    if found.models:
        lines.append("models chosen in the bootstrap replicates (most frequent first)")
        lines += [f"  {share.share:6.1%}  {_model_text(share.model)}" for share in found.models[:10]]
        rest = found.models[10:]
        if rest:
            together = sum(share.share for share in rest)
            lines.append(f"  ... and {len(rest)} other models, chosen in {together:.1%} of the replicates together")
    return lines


def _variant_text(variant: Variant) -> str:
    if variant.total is None:
        return f"none: {variant.problem}"
    interval = _range(variant.interval) if variant.interval is not None else "no interval"
    return f"{variant.total:,.0f}  ({interval})  {_model_text(variant.model)}"


def _model_text(model: tuple[str, ...] | None) -> str:
    if model is None:
        return "no estimate (no model passed the checks)"
    return "main effects" + "".join(f" + {name}" for name in model)


def aligned(rows: Sequence[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in rows)
    return [f"{label:<{width}}  {value}" for label, value in rows]


def _quantile_rows(result: Estimate, levels: Sequence[float]) -> list[tuple[str, str]]:
    table = quantile_table(result, levels)
    if not levels:
        return []
    if table is None:
        return [("bootstrap quantiles", "none: a replicate has no estimate")]
    return [("bootstrap quantiles", ", ".join(f"{key}: {value:,.1f}" for key, value in table.items()))]


def _interval_rows(result: Estimate, level: str) -> list[tuple[str, str]]:
    boot = result.bootstrap
    if boot is None:
        return [(f"{level} interval", "not computed (--bootstrap 0)")]
    about = f"  ({boot.size:,} bootstrap replicates, seed {result.seed}, {result.generator} generator)"
    if boot.bca is None or boot.percentile is None:
        return [(f"{level} interval", _why_no_interval(result) + about)]
    return [
        (f"{level} interval (BCa)", _range(boot.bca) + about),
        (f"{level} percentile interval", _range(boot.percentile)),
    ]


def _why_no_interval(result: Estimate) -> str:
    return str(no_interval(result.bootstrap))


def _method_text(result: Estimate) -> str:
    if result.method == STEPWISE:
        return f"stepwise (add the two-list effect with the smallest p-value while p < {result.pthresh:g})"
    return {"main": "main effects only", FIXED: "fixed model"}.get(result.method, result.method)


def _range(limits: tuple[float, float]) -> str:
    return f"{limits[0]:,.0f} to {limits[1]:,.0f}"


def _pair(limits: tuple[float, float] | None) -> list[float | None] | None:
    return None if limits is None else [_number(limits[0]), _number(limits[1])]


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def lcmcr_json(found: LcmcrResult, quantiles: Sequence[float] = ()) -> dict[str, object]:
    settings = found.settings
    return {
        "observed": found.observed,
        "estimate": found.median,
        "dark_figure": found.median - found.observed,
        "method": LCMCR,
        "interval": list(found.interval),
        "alpha": settings.alpha,
        "rhat": _number(found.rhat),
        "effective_size": found.effective_size,
        "chains": settings.chains,
        "burn_in": settings.burn_in,
        "iterations": settings.iterations,
        "thinning": settings.thinning,
        "classes": settings.classes,
        "seed": settings.seed,
        "draws": int(found.draws.size),
        "quantiles": _draw_quantiles(found, quantiles),
        "notes": list(found.table.notes),
        "chao_lower_bound": chao_lower_bound(found.table),
    }


def lcmcr_table(found: LcmcrResult, quantiles: Sequence[float] = ()) -> str:
    settings, table = found.settings, found.table
    level = f"{100 * (1 - settings.alpha):g}%"
    rows = [
        ("file", table.source),
        ("lists", f"{', '.join(table.lists)} ({table.n_lists})"),
        ("people observed", f"{found.observed:,}"),
        ("method", f"latent classes (LCMCR, Manrique-Vallier 2016), up to {settings.classes} classes"),
        ("estimated total", f"{found.median:,.0f}  (posterior median)"),
        ("people on no list", f"{found.median - found.observed:,.0f}"),
        (f"{level} credible interval", _range(found.interval)),
        ("convergence", _convergence_text(found)),
        ("draws", f"{settings.chains} chains x {settings.iterations:,} iterations after {settings.burn_in:,} burn-in, "
         f"every {settings.thinning}th kept, seed {settings.seed}"),
        ("Chao's lower bound", f"{chao_lower_bound(table):,.1f}  {CHAO_NOTE}"),
    ]  # fmt: skip
    levels = _draw_quantiles(found, quantiles)
    if levels:
        rows.append(("posterior quantiles", ", ".join(f"{key}: {value:,.0f}" for key, value in levels.items())))
    return "\n".join([*aligned(rows), *(f"note: {note}" for note in table.notes)])


def _convergence_text(found: LcmcrResult) -> str:
    rhat = found.rhat
    verdict = "the chains agree" if rhat <= RHAT_LIMIT else "the chains DISAGREE: run more iterations before using"
    return f"split R-hat {rhat:.3f} ({verdict}), effective draws {found.effective_size:,.0f}"


def _draw_quantiles(found: LcmcrResult, levels: Sequence[float]) -> dict[str, float] | None:
    if not levels:
        return None
    values = np.quantile(found.draws, list(levels))
    return {f"{level:g}": float(value) for level, value in zip(levels, values, strict=True)}


def groups_json(everybody: Estimate, groups: Sequence[Group]) -> dict[str, object]:
    return {
        "by": [
            {
                "group": group.name,
                "observed": group.observed,
                "estimate": group.result.total if group.result else None,
                "interval": _pair(group.result.interval) if group.result else None,
                "model": group.result.model_names if group.result else None,
                "notes": list(group_notes(group)),
                "problem": group.problem,
            }
            for group in groups
        ],
        "total": as_json(Analysis(everybody)),
    }


def groups_table(everybody: Estimate, groups: Sequence[Group], column: str) -> str:
    level = f"{100 * (1 - everybody.alpha):g}%"
    rows = [(f"{column} = {group.name}", _group_text(group)) for group in groups]
    rows.append(("everybody", _group_text(Group("everybody", everybody.observed, everybody))))
    lines = [f"estimates by {column} (people observed, estimated total, {level} interval, model)", *aligned(rows)]
    lines.append("note: each group has its own model, so the groups need not add up to everybody's estimate")
    return "\n".join(lines)


def _group_text(group: Group) -> str:
    if group.result is None:
        return f"{group.observed:>6,}  {group.problem}"
    result = group.result
    interval = _range(result.interval) if result.interval is not None else "no interval"
    notes = "".join(f"; {note}" for note in group_notes(group))
    return (
        f"{group.observed:>6,}  {result.total:>10,.0f}  ({interval})  {_model_text(tuple(result.model_names))}{notes}"
    )
