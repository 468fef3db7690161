"""`tomoshibi estimate FILE.csv`: how many people are on no list, from the overlaps of several lists.

Exit status: 0 with an estimate; 1 when no model passes the existence and
identifiability checks (nothing is estimated); 2 for bad input or options;
141 when whoever reads the output stops early (`| head`), as for a command
stopped by SIGPIPE, and quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tomoshibi.estimation.analysis import Settings, run_analysis
from tomoshibi.estimation.bootstrap import GENERATORS, R_COMPATIBLE
from tomoshibi.estimation.breakdown import by_group, read_groups
from tomoshibi.estimation.data import CaptureTable, DataError, read_csv
from tomoshibi.estimation.estimate import DEFAULT_SEED, Estimate, ModelError, NoValidModel, estimate, parse_model
from tomoshibi.estimation.lcmcr import LCMCR, MIN_LISTS, LcmcrSettings, lcmcr
from tomoshibi.estimation.output import (
    Analysis,
    as_json,
    as_table,
    groups_json,
    groups_table,
    lcmcr_json,
    lcmcr_table,
)
from tomoshibi.estimation.select import FIXED, METHODS, STEPWISE
from tomoshibi.estimation.sensitivity import parse_merge
from tomoshibi.estimation.texts import LANGUAGES

MAX_REPLICATES = 100_000
MAX_SEED = 2**31 - 1  # R's set.seed takes a 32-bit signed integer
MAX_ITERATIONS = 10_000_000
CLOSED_PIPE = 141  # the shell's status for a command stopped by SIGPIPE (128 + 13)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tomoshibi estimate",
        description="Estimate how many people no list knows, from the overlaps between lists "
        "(multiple systems estimation, as in SparseMSE).",
        epilog="FILE.csv: one 0/1 column per list and a last column 'count' (one row per combination of lists), "
        "or one 0/1 column per list and one row per person.",
    )
    parser.add_argument("file", metavar="FILE.csv", help="capture-history table")
    parser.add_argument(
        "--method",
        choices=(*METHODS, LCMCR),
        help="model choice (default: stepwise; fixed when --model is given; lcmcr: latent classes)",
    )
    parser.add_argument("--model", metavar="A:B,C:D", help="two-list interactions of the fixed model")
    parser.add_argument("--pthresh", type=_probability, default=0.02, help="stepwise p-value threshold (default 0.02)")
    parser.add_argument(
        "--bootstrap", type=_whole_number(MAX_REPLICATES), default=1000, help="bootstrap replicates, 0 for none"
    )
    parser.add_argument(
        "--seed", type=_whole_number(MAX_SEED), default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument("--alpha", type=_open_probability, default=0.05, help="1 - confidence level (default 0.05)")
    parser.add_argument(
        "--rng", choices=GENERATORS, default=R_COMPATIBLE, help="'r': the samples R draws for this seed (default)"
    )
    parser.add_argument(
        "--quantiles",
        type=_probabilities,
        default=(),
        metavar="0.025,0.5,0.975",
        help="quantiles of the bootstrap estimates",
    )
    parser.add_argument(
        "--sensitivity", action="store_true", help="rerun over a p-value threshold sweep and without each list"
    )
    parser.add_argument(
        "--merge", action="append", default=[], metavar="A,B", help="with --sensitivity: also with lists A and B as one"
    )
    parser.add_argument(
        "--diagnostics", action="store_true", help="fit statistics, the selection's steps, fitted against observed"
    )
    parser.add_argument("--by", metavar="COLUMN", help="an estimate for each value of COLUMN, and for everybody")
    add_lcmcr_options(parser.add_argument_group("--method lcmcr (latent classes, Manrique-Vallier 2016)"))
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--plot", metavar="OUT.png", help="draw the overlaps and the estimate to a PNG file")
    parser.add_argument(
        "--report", metavar="OUT.html", help="write one self-contained HTML report (with sensitivity and diagnostics)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the report (default en)")
    return parser


def main(argv: list[str]) -> int:
    try:
        return _estimate_command(argv)
    except BrokenPipeError:
        _stop_writing()
        return CLOSED_PIPE


def _stop_writing() -> None:
    """The reader has gone (`| head`): send what is left in the buffer nowhere, so exit adds no traceback."""
    real = sys.__stdout__
    if real is not None and sys.stdout is real:  # not when a caller (a test) put a stream of its own in its place
        os.dup2(os.open(os.devnull, os.O_WRONLY), real.fileno())


def _estimate_command(argv: list[str]) -> int:
    parser = build_parser()
    options = parser.parse_args(argv)
    method = options.method or (FIXED if options.model else STEPWISE)
    if options.quantiles and not options.bootstrap and method != LCMCR:
        return _fail("error: --quantiles needs bootstrap replicates (--bootstrap above 0)", 2)
    if method == LCMCR:
        return _run_lcmcr(options)
    if options.by:
        return _run_by_group(options, method)
    if options.lang and not options.report:
        return _fail("error: --lang sets the language of the report: it needs --report OUT.html", 2)
    if options.plot and Path(options.plot).suffix.lower() != ".png":
        return _fail(f"error: --plot draws a PNG image: name the file with .png ({options.plot} is not)", 2)
    try:
        table = read_csv(options.file)
        pairs = _model_pairs(options, method, table.lists)
        merges = [_merge(spec, table) for spec in options.merge]
    except DataError as error:
        return _fail(f"error: {error}", 2)
    progress = ProgressBar(sys.stderr) if options.bootstrap else None
    settings = Settings(method, pairs, options.pthresh, options.bootstrap, options.seed, options.alpha, options.rng)
    try:
        analysis = run_analysis(
            table, settings, merges, options.quantiles, bool(options.sensitivity or merges or options.report),
            bool(options.diagnostics or options.report), progress,
        )  # fmt: skip
    except NoValidModel as error:
        return _fail(f"{options.file}: {error}", 1)
    finally:
        if progress is not None:
            progress.finish()
    if options.plot and not _plot(analysis.result, options.plot):
        return 2
    if options.report and not _write_report(analysis, options, argv):
        return 2
    _show(json.dumps(as_json(analysis)) if options.json else as_table(analysis))
    return 0


def add_lcmcr_options(group: argparse._ArgumentGroup) -> None:
    defaults = LcmcrSettings()
    counts = _whole_number(MAX_ITERATIONS)
    group.add_argument("--iterations", type=counts, default=defaults.iterations, help="per chain, after burn-in")
    group.add_argument("--burn-in", type=counts, default=defaults.burn_in, help="iterations discarded per chain")
    group.add_argument("--thinning", type=_whole_number(1000), default=defaults.thinning, help="keep every n-th")
    group.add_argument("--chains", type=_whole_number(16), default=defaults.chains, help="independent chains (R-hat)")
    group.add_argument("--classes", type=_whole_number(50), default=defaults.classes, help="most latent classes")


def _run_lcmcr(options: argparse.Namespace) -> int:
    refused = (options.model, options.sensitivity, options.merge, options.diagnostics, options.plot)
    if any(refused) or options.report or options.lang or options.by:
        return _fail(
            "error: --method lcmcr takes none of --model, --sensitivity, --merge, --diagnostics, --plot, --report, "
            "--lang, --by",
            2,
        )
    if options.chains < 2 or options.classes < 2 or options.thinning < 1 or options.iterations < 2 * options.thinning:
        return _fail("error: --method lcmcr needs 2 or more chains and classes, and iterations of 2 thinnings", 2)
    try:
        table = read_csv(options.file)
    except DataError as error:
        return _fail(f"error: {error}", 2)
    if table.n_lists < MIN_LISTS:
        return _fail(
            f"error: --method lcmcr needs {MIN_LISTS} or more lists (this file has {table.n_lists}): with two, the "
            "latent class model is not identifiable and its answer would come from its priors alone",
            2,
        )
    settings = LcmcrSettings(
        options.iterations, options.burn_in, options.thinning, options.chains, options.seed, options.classes,
        options.alpha,
    )  # fmt: skip
    found = lcmcr(table, settings)
    _show(json.dumps(lcmcr_json(found, options.quantiles)) if options.json else lcmcr_table(found, options.quantiles))
    return 0


def _run_by_group(options: argparse.Namespace, method: str) -> int:
    refused = (options.sensitivity, options.merge, options.diagnostics, options.plot, options.report, options.lang)
    if method == FIXED or any(refused) or options.quantiles:
        return _fail(
            "error: --by works with --method stepwise or main, without --sensitivity, --merge, --diagnostics, "
            "--plot, --report, --lang, --quantiles",
            2,
        )
    try:
        everybody_table, tables = read_groups(options.file, options.by)
    except DataError as error:
        return _fail(f"error: {error}", 2)

    def estimator(table: CaptureTable) -> Estimate:
        return estimate(
            table, method, (), options.pthresh, options.bootstrap, options.seed, options.alpha, None, options.rng
        )

    try:
        everybody = estimator(everybody_table)
    except NoValidModel as error:
        return _fail(f"{options.file}: {error}", 1)
    groups = by_group(tables, estimator)
    _show(json.dumps(groups_json(everybody, groups)) if options.json else groups_table(everybody, groups, options.by))
    return 0


def _merge(spec: str, table: CaptureTable) -> tuple[str, str]:
    """The two lists --merge names; not a list whose name has '+', which joins the merged list's name."""
    merged = parse_merge(spec, table)
    plus = [name for name in merged if "+" in name]
    if plus:
        raise DataError(
            table.source,
            1,
            f"--merge names list {plus[0]!r}, whose name contains '+', the mark that joins a merged list's name "
            "(A+B); rename that column without '+' to merge it",
        )
    return merged


def _model_pairs(options: argparse.Namespace, method: str, lists: tuple[str, ...]) -> list[tuple[int, int]]:
    if options.model and method != FIXED:
        raise DataError(options.file, None, f"--model applies only with --method fixed (not {method})")
    if method == FIXED and options.model is None:
        raise DataError(options.file, None, "--method fixed needs --model, for example --model A:B,C:D")
    try:
        return parse_model(options.model or "", lists)
    except ModelError as error:
        raise DataError(options.file, 1, str(error)) from None


def _write_report(analysis: Analysis, options: argparse.Namespace, argv: list[str]) -> bool:
    from tomoshibi.estimation.report import report_html  # matplotlib loads only when a report is asked for

    page = report_html(analysis, options.lang or "en", "tomoshibi estimate " + shlex.join(argv))
    try:
        Path(options.report).write_text(page, encoding="utf-8")
    except OSError as error:
        _fail(f"error: cannot write the report to {options.report}: {error.strerror or error}", 2)
        return False
    return True


def _plot(result: Estimate, path: str) -> bool:
    from tomoshibi.estimation.plot import save  # matplotlib loads only when a plot is asked for

    try:
        save(result, path)
    except OSError as error:
        _fail(f"error: cannot write the plot to {path}: {error.strerror or error}", 2)
        return False
    return True


def _show(text: str) -> None:
    """Print the result, flushed here so that a reader gone away is noticed while main can still handle it."""
    print(text, flush=True)


def _fail(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status


class ProgressBar:
    """A plain-text bar on a terminal; elsewhere (a log, a pipe) a single line when done."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.interactive = stream.isatty()
        self.started = time.perf_counter()
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.total = total
        if self.interactive:
            filled = round(self.WIDTH * done / max(total, 1))
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\rbootstrap [{bar}] {done:,}/{total:,}")
            self.stream.flush()

    def finish(self) -> None:
        if not self.total:
            return
        seconds = time.perf_counter() - self.started
        prefix = "\n" if self.interactive else ""
        self.stream.write(f"{prefix}bootstrap: {self.total:,} replicates in {seconds:.1f} s\n")
        self.stream.flush()


def _probability(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _probabilities(text: str) -> tuple[float, ...]:
    return tuple(_probability(part.strip()) for part in text.split(",") if part.strip())


def _open_probability(text: str) -> float:
    value = _number(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not strictly between 0 and 1 (0.05 gives 95% intervals)")
    return value


def _whole_number(highest: int) -> Callable[[str], int]:
    """An argparse type for whole numbers from 0 to `highest`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not 0 <= value <= highest:
            raise argparse.ArgumentTypeError(f"{value} is not between 0 and {highest:,}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
