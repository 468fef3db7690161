"""How much the estimate moves with the choices behind it: the threshold, each list, merging two lists.

* **Threshold sweep**: stepwise selection rerun at each p-value threshold (SparseMSE's `pthresh`).
* **Each list left out**: the table as if one list had never been collected (its people who are on no
  other list become unobserved), estimated with the same method.
* **Two lists merged** (`--merge A,B`): one list of the people on either, for lists that may be two
  branches of one service and so not separate sources.
* **Models chosen in the bootstrap**: how often each model was the end of the selection across the
  replicates; when one model dominates, the selection is stable.

Each variant is estimated exactly as the main estimate (method, replicates, seed, generator), so its
interval is comparable; a variant that cannot be estimated says why instead of giving a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tomoshibi.estimation.bootstrap import BootstrapResult
from tomoshibi.estimation.data import CaptureTable, DataError, table_from_rows
from tomoshibi.estimation.design import Layout
from tomoshibi.estimation.estimate import Estimate, NoValidModel, estimate, estimate_sweep
from tomoshibi.estimation.select import FIXED, STEPWISE
from tomoshibi.estimation.texts import Note

PTHRESH_SWEEP = (0.001, 0.01, 0.02, 0.05, 0.1)
NO_ESTIMATE = "no estimate"
MAIN_ONLY = "with main effects only"  # NoValidModel's name for the model it starts from (estimate._model_name)
# NoValidModel's advice, each a text of texts.py (why_no_estimate finds the one it gave).
ADVICE = ("advice_stepwise", "advice_stepwise_short", "advice_reached", "advice_fixed")


@dataclass(frozen=True)
class Variant:
    """One alternative analysis: what changed, and its estimate or why there is none."""

    kind: str  # "pthresh", "without" or "merged"
    label: str  # the threshold, the list left out, or "A+B"
    observed: int
    total: float | None
    model: tuple[str, ...]
    interval: tuple[float, float] | None
    problem: str | None = None
    no_interval: str | None = None  # why there is no interval, when there is an estimate without one


@dataclass(frozen=True)
class ModelShare:
    model: tuple[str, ...] | None  # None: the replicates with no estimate
    replicates: int
    share: float


@dataclass(frozen=True)
class Sensitivity:
    pthresh: tuple[Variant, ...]
    without: tuple[Variant, ...]
    merged: tuple[Variant, ...]
    models: tuple[ModelShare, ...]


def sensitivity(
    result: Estimate,
    merges: Sequence[tuple[str, str]] = (),
    sweep: Sequence[float] = PTHRESH_SWEEP,
    swept: Mapping[float, Estimate | NoValidModel] | None = None,
) -> Sensitivity:
    """Rerun `result`'s analysis over the threshold sweep, without each list, and with each named pair merged.

    `swept`: estimate_sweep()'s results for the same table and settings, when the caller already has them
    (the thresholds it lacks are estimated here).
    """
    thresholds = _thresholds(result, sweep, swept or {}) if result.method == STEPWISE else ()
    without = tuple(_variant(result, *_without(result, name)) for name in result.table.lists)
    merged = tuple(_variant(result, *_merged(result, first, second)) for first, second in merges)
    return Sensitivity(thresholds, without, merged, model_shares(result))


def model_shares(result: Estimate) -> tuple[ModelShare, ...]:
    """How often the selection ended on each model across the bootstrap replicates, most frequent first."""
    boot = result.bootstrap
    if boot is None:
        return ()
    layout = Layout(result.table.n_lists)
    counts = Counter(int(model) for model in boot.models)
    shares = []
    for model, replicates in counts.most_common():
        names = None if model < 0 else tuple(_names(result.table, layout, model))
        shares.append(ModelShare(names, replicates, replicates / boot.size))
    return tuple(shares)


def without_list(table: CaptureTable, name: str) -> CaptureTable:
    """The table as if list `name` had not been collected."""
    keep = [position for position, other in enumerate(table.lists) if other != name]
    patterns = table.patterns[:, keep]
    seen = patterns.any(axis=1)
    lists = [table.lists[position] for position in keep]
    return _rebuild(table, lists, patterns[seen], table.counts[seen], f"without {name}")


def merged_lists(table: CaptureTable, first: str, second: str) -> CaptureTable:
    """The table with lists `first` and `second` made one list, named "first+second", in `first`'s place."""
    for name in (first, second):
        if name not in table.lists:
            raise DataError(
                table.source,
                1,
                f"--merge names list {name!r}, which is not in the header (lists: {', '.join(table.lists)})",
            )
    if first == second:
        raise DataError(table.source, None, f"--merge needs two different lists, not {first!r} twice")
    a, b = table.lists.index(first), table.lists.index(second)
    patterns = table.patterns.copy()
    patterns[:, a] |= patterns[:, b]
    keep = [position for position in range(table.n_lists) if position != b]
    lists = [f"{first}+{second}" if position == a else table.lists[position] for position in keep]
    return _rebuild(table, lists, patterns[:, keep], table.counts, f"{first}+{second}")


def parse_merge(spec: str, table: CaptureTable) -> tuple[str, str]:
    """ "A,B" (as given to --merge) as two list names of the table; DataError says what is wrong."""
    names = [name.strip() for name in spec.split(",")]
    if len(names) != 2 or not all(names):
        raise DataError(
            table.source,
            None,
            f"--merge {spec!r} must name two lists, for example --merge {table.lists[0]},{table.lists[1]}",
        )
    merged_lists(table, names[0], names[1])
    return names[0], names[1]


def _rebuild(
    table: CaptureTable, lists: list[str], patterns: np.ndarray, counts: np.ndarray, what: str
) -> CaptureTable:
    if len(lists) < 2:
        raise DataError(table.source, None, Note("fewer_lists", what=what))
    rebuilt = table_from_rows(lists, patterns.astype(int).tolist(), counts.tolist(), f"{table.source} ({what})")
    return replace(rebuilt, notes=())


def _thresholds(
    result: Estimate, sweep: Sequence[float], swept: Mapping[float, Estimate | NoValidModel]
) -> tuple[Variant, ...]:
    """The analysis at each threshold, from one selection at the highest (see estimate_sweep); at the result's
    own threshold, the result itself (the same replicates)."""
    missing = [p for p in sweep if p != result.pthresh and p not in swept]
    found = {**swept, **(_sweep(result, missing) if missing else {}), result.pthresh: result}
    return tuple(_swept_variant(result.table, "pthresh", f"{p:g}", found[p]) for p in sweep)


def _sweep(result: Estimate, thresholds: list[float]) -> dict[float, Estimate | NoValidModel]:
    replicates = result.bootstrap.size if result.bootstrap is not None else 0
    return estimate_sweep(
        result.table, thresholds, result.method, (), replicates, result.seed, result.alpha, None, result.generator
    )


def _without(result: Estimate, name: str) -> tuple[CaptureTable | str, str, str]:
    try:
        return without_list(result.table, name), "without", name
    except DataError as error:
        return error.problem, "without", name


def _merged(result: Estimate, first: str, second: str) -> tuple[CaptureTable | str, str, str]:
    label = f"{first}+{second}"
    try:
        return merged_lists(result.table, first, second), "merged", label
    except DataError as error:
        return error.problem, "merged", label


def _variant(result: Estimate, table: CaptureTable | str, kind: str, label: str) -> Variant:
    if isinstance(table, str):
        return Variant(kind, label, 0, None, (), None, table)
    pairs = _carried_pairs(result, table)
    try:
        again = estimate(
            table, result.method, pairs, result.pthresh,
            result.bootstrap.size if result.bootstrap is not None else 0, result.seed, result.alpha, None,
            result.generator,
        )  # fmt: skip
    except NoValidModel as error:
        return _swept_variant(table, kind, label, error)
    return _swept_variant(table, kind, label, again)


def _swept_variant(table: CaptureTable, kind: str, label: str, again: Estimate | NoValidModel) -> Variant:
    if isinstance(again, NoValidModel):
        return Variant(kind, label, table.observed, None, (), None, why_no_estimate(again))
    why = None if again.interval is not None else no_interval(again.bootstrap)
    return Variant(kind, label, table.observed, again.total, tuple(again.model_names), again.interval, None, why)


def no_interval(boot: BootstrapResult | None) -> Note:
    """Why there is no interval: no replicates, replicates with no estimate, or a BCa that is undefined."""
    if boot is None:
        return Note("interval_not_computed")
    if boot.failed:
        return Note("interval_failed", failed=f"{boot.failed:,}", size=f"{boot.size:,}")
    if boot.percentile is not None:
        return Note("interval_one_side")
    return Note("interval_jackknife")


def why_no_estimate(error: NoValidModel) -> str:
    """The reason, without NoValidModel's leading "no estimate:" (the command and the report say that
    themselves), as a Note a report can give in its own language; as NoValidModel words it, should the two
    ever differ."""
    said = str(error).removeprefix(NO_ESTIMATE + ": ")
    model = Note("model_main") if error.model_name == MAIN_ONLY else error.model_name
    problems = _problems(error)
    verdict = "fails_checks" if error.result.converged else "cannot_fit"
    for advice in ADVICE:
        note = Note(verdict, model=model, problems=problems, advice=Note(advice))
        if note == said:
            return note
    return said


def _problems(error: NoValidModel) -> Note | str:
    checks = error.result
    failed = [("not_converged", not checks.converged), ("mle_missing", not checks.exists)]
    failed.append(("not_identifiable", not checks.identifiable))
    found: Note | str = ""
    for key in reversed([key for key, failing in failed if failing]):
        found = Note("both_problems", first=Note(key), second=found) if found else Note(key)
    return found


def _carried_pairs(result: Estimate, table: CaptureTable) -> list[tuple[int, int]]:
    """A fixed model's pairs that still exist in the variant's lists (a merged list takes its parts' pairs)."""
    if result.method != FIXED:
        return []
    rename = {name: name for name in table.lists}
    for name in table.lists:
        for part in name.split("+"):
            rename.setdefault(part, name)
    pairs: set[tuple[int, int]] = set()
    for first, second in result.pairs:
        a, b = rename.get(first), rename.get(second)
        if a is not None and b is not None and a != b:
            i, j = sorted((table.lists.index(a), table.lists.index(b)))
            pairs.add((i, j))
    return sorted(pairs)


def _names(table: CaptureTable, layout: Layout, model: int) -> list[str]:
    return [f"{table.lists[i]}:{table.lists[j]}" for i, j in (layout.pairs[k] for k in layout.model_pairs(model))]
