"""When not to trust the figure: the conditions docs/estimation.md names, checked on one result.

Each caution is a Note (texts.py): English where the command prints it or --json carries it, in the
report's language in the report. Computed from the result alone, and from the sensitivity when it was
run; a caution that needs something not computed (the bootstrap, the sensitivity) is simply not raised.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from tomoshibi.estimation.diagnostics import chao_lower_bound
from tomoshibi.estimation.estimate import Estimate
from tomoshibi.estimation.sensitivity import Sensitivity, Variant, model_shares
from tomoshibi.estimation.texts import Note

# A bias correction beyond this puts the BCa limits far from the middle of the replicates (Efron and
# Tibshirani's rule of thumb for when the correction itself is poorly estimated).
LARGE_BIAS = 0.5
# The docs' rule: when the selected model is chosen in under a third of the replicates, the choice is uncertain.
MODEL_SHARE = 1 / 3
NORMAL = NormalDist()


def cautions(result: Estimate, found: Sensitivity | None = None) -> tuple[Note, ...]:
    """The cautions that apply to `result` (and its sensitivity, when given), in the order the docs give them."""
    found_cautions = [_bca_caution(result), _model_caution(result), _sensitivity_caution(result, found)]
    found_cautions.append(_chao_caution(result))
    return tuple(caution for caution in found_cautions if caution is not None)


def bca_levels(bias: float, acceleration: float, alpha: float) -> tuple[float, float]:
    """The levels of the replicates' quantiles that the BCa limits are (bootstrap.bca_limits)."""
    levels = []
    for tail in (alpha / 2, 1 - alpha / 2):
        z = NORMAL.inv_cdf(tail) + bias
        levels.append(NORMAL.cdf(bias + z / (1 - acceleration * z)))
    return levels[0], levels[1]


def _bca_caution(result: Estimate) -> Note | None:
    boot = result.bootstrap
    if boot is None or boot.bca is None or boot.percentile is None:
        return None
    low, high = bca_levels(boot.bias, boot.acceleration, boot.alpha)
    edge = 1 / boot.size
    reasons = [Note("bca_low_edge")] if low < edge else []
    reasons += [Note("bca_high_edge")] if high > 1 - edge else []
    if abs(boot.bias) > LARGE_BIAS:
        median = float(np.median(boot.replicates))
        reasons.append(Note("bca_bias", bias=f"{boot.bias:.2f}", median=f"{median:,.0f}"))
    if not reasons:
        return None
    return Note(
        "caution_bca", why=_joined(reasons), low=f"{boot.percentile[0]:,.0f}", high=f"{boot.percentile[1]:,.0f}"
    )


def _joined(reasons: list[Note]) -> Note:
    return reasons[0] if len(reasons) == 1 else Note("and_also", first=reasons[0], rest=_joined(reasons[1:]))


def _model_caution(result: Estimate) -> Note | None:
    shares = model_shares(result)
    if not shares:
        return None
    selected = tuple(result.model_names)
    share = next((found.share for found in shares if found.model == selected), 0.0)
    if share >= MODEL_SHARE:
        return None
    top = shares[0]
    return Note("caution_model", share=f"{share:.1%}", top=f"{top.share:.1%}")


def _sensitivity_caution(result: Estimate, found: Sensitivity | None) -> Note | None:
    if found is None or result.interval is None:
        return None
    width = result.interval[1] - result.interval[0]
    moved = [variant for variant in (*found.pthresh, *found.without, *found.merged) if _moves(variant, result, width)]
    if not moved:
        return None
    named = Note("variants_list", first=_variant_note(moved[0]), rest=_variant_notes(moved[1:]))
    return Note("caution_sensitivity", width=f"{width:,.0f}", variants=named)


def _moves(variant: Variant, result: Estimate, width: float) -> bool:
    return variant.total is not None and abs(variant.total - result.total) > width


def _variant_notes(variants: list[Variant]) -> Note | str:
    if not variants:
        return ""
    return Note("variants_more", first=_variant_note(variants[0]), rest=_variant_notes(variants[1:]))


def _variant_note(variant: Variant) -> Note:
    kind = {"pthresh": "threshold", "without": "without", "merged": "merged"}[variant.kind]
    label = Note(kind, pthresh=variant.label, name=variant.label)
    return Note("variant_moved", variant=label, total=f"{variant.total:,.0f}")


def _chao_caution(result: Estimate) -> Note | None:
    chao = chao_lower_bound(result.table)
    if not chao > result.total:
        return None
    return Note("caution_chao", chao=f"{chao:,.0f}", total=f"{result.total:,.0f}")
