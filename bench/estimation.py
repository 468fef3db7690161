"""Multiple systems estimation: every analysis on UKdat_5 with 1,000 replicates, against one main-effects fit,
and next to R (SparseMSE, LCMCR) where R has them.

Run: .venv/bin/python bench/estimation.py [--replicates 1000] [--repeat 3] [--r-bootstrap]

For UKdat_5 (and NewOrl for the main estimate) it times, each as the median of several runs:
the estimate with stepwise selection and 1,000 bootstrap replicates (jackknife and BCa included);
--sensitivity (five thresholds and each list left out, each with its own 1,000 replicates);
--diagnostics; --by (the table split in two groups, each with 1,000 replicates); --report (estimate,
sensitivity, diagnostics and the HTML page); and LCMCR. The baseline, in the same process, is a single
main-effects fit of the same table; the ratio to it makes runs on a busy machine comparable. The goal
is under 3 s for each analysis.

Where `Rscript` with SparseMSE and LCMCR is installed (R_LIBS may point to them), the same work is timed
in R: the threshold sweep and leave-one-out point estimates (stepwisefit), and LCMCR at the same number
of iterations (four chains here, four seeds there, 10,000 burn-in and 10,000 iterations each).
SparseMSE's own 1,000-replicate bootstrap takes minutes, so it is timed only with --r-bootstrap.
Otherwise the benchmark says R is missing and skips those rows.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import tempfile
import time
from functools import partial
from pathlib import Path

from common import median_seconds

from tomoshibi.estimation.breakdown import by_group, read_groups
from tomoshibi.estimation.cli import main as estimate_command
from tomoshibi.estimation.data import PUBLISHED, published_table
from tomoshibi.estimation.diagnostics import diagnose
from tomoshibi.estimation.estimate import estimate
from tomoshibi.estimation.lcmcr import LcmcrSettings, lcmcr
from tomoshibi.estimation.sensitivity import sensitivity

GOAL_SECONDS = 3.0
LCMCR_SETTINGS = LcmcrSettings(iterations=10_000, burn_in=10_000, thinning=10, chains=4)
R_SWEEP = """
library(SparseMSE); d <- read.csv("{path}")
collapse <- function(d) {{ m <- ncol(d); a <- aggregate(d[, m], by = as.list(d[, -m, drop = FALSE]), FUN = sum)
  names(a)[ncol(a)] <- "count"; a[rowSums(a[, -ncol(a), drop = FALSE]) > 0, ] }}
t0 <- proc.time()[["elapsed"]]
for (p in c(0.001, 0.01, 0.02, 0.05, 0.1)) stepwisefit(d, pthresh = p)
for (k in 1:(ncol(d) - 1)) stepwisefit(collapse(d[, -k]))
cat(proc.time()[["elapsed"]] - t0, "\\n")
"""
R_BOOTSTRAP = """
library(SparseMSE); d <- read.csv("{path}")
t0 <- proc.time()[["elapsed"]]; invisible(estimatepopulation(d, nboot = {replicates}))
cat(proc.time()[["elapsed"]] - t0, "\\n")
"""
R_LCMCR = """
library(LCMCR); d <- read.csv("{path}"); m <- ncol(d)
people <- d[rep(seq_len(nrow(d)), d[, m]), -m]
people[] <- lapply(people, function(x) factor(as.character(x), levels = c("0", "1")))
t0 <- proc.time()[["elapsed"]]
for (seed in 1:4) {{ o <- lcmCR(people, tabular = FALSE, K = 10, seed = seed, verbose = FALSE, thinning = 10)
  invisible(lcmCR_PostSampl(o, burnin = 10000, samples = 1000, thinning = 10, output = FALSE)) }}
cat(proc.time()[["elapsed"]] - t0, "\\n")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--r-bootstrap", action="store_true", help="also time SparseMSE's bootstrap (minutes)")
    options = parser.parse_args()
    table = published_table("UKdat_5")
    estimate(table, bootstrap=50)  # load the code paths once; each timed run starts from nothing
    baseline = median_seconds(partial(estimate, table, "main"), options.repeat * 20)
    print(f"baseline: one main-effects fit of UKdat_5, {baseline * 1000:.2f} ms; goal < {GOAL_SECONDS:g} s each")
    print(f"{'analysis':<44} {'seconds':>8} {'ratio':>8}  goal")
    for label, work in analyses(options.replicates):
        seconds = median_seconds(work, options.repeat)
        verdict = "met" if seconds < GOAL_SECONDS else "MISSED"
        print(f"{label:<44} {seconds:>8.3f} {seconds / baseline:>7.0f}x  {verdict}")
    lcmcr_seconds = median_seconds(partial(lcmcr, table, LCMCR_SETTINGS), 1)
    print(f"{'lcmcr, 4 chains x 20,000 iterations':<44} {lcmcr_seconds:>8.3f} {lcmcr_seconds / baseline:>7.0f}x")
    compare_with_r(options, lcmcr_seconds)


def analyses(replicates: int) -> list[tuple[str, partial[object]]]:
    table = published_table("UKdat_5")
    result = estimate(table, bootstrap=replicates)
    groups_file = _two_groups()
    return [
        (f"estimate, stepwise + {replicates:,} replicates", partial(estimate, table, bootstrap=replicates)),
        ("  NewOrl (8 lists), the same", partial(estimate, published_table("NewOrl"), bootstrap=replicates)),
        ("--sensitivity (10 variants, each bootstrapped)", partial(sensitivity, result)),
        ("--diagnostics", partial(diagnose, result)),
        ("--by (two groups and everybody, bootstrapped)", partial(_by_groups, groups_file, replicates)),
        ("--report (everything above, and the page)", partial(_report, replicates)),
    ]


def _two_groups() -> Path:
    """UKdat_5 with a group column: each combination's count split in two groups."""
    table = published_table("UKdat_5")
    lines = [",".join([*table.lists, "count", "group"])]
    for pattern, count in zip(table.patterns, table.counts, strict=True):
        flags = [str(int(flag)) for flag in pattern]
        lines += [",".join([*flags, str(count // 2), "north"]), ",".join([*flags, str(count - count // 2), "south"])]
    path = Path(tempfile.mkdtemp()) / "groups.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def _by_groups(path: Path, replicates: int) -> object:
    everybody, tables = read_groups(path, "group")
    estimate(everybody, bootstrap=replicates)
    return by_group(tables, partial(estimate, bootstrap=replicates))


def _report(replicates: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.html")
        arguments = [str(PUBLISHED / "UKdat_5.csv"), "--bootstrap", str(replicates), "--report", out]
        with (
            open(Path(folder) / "out.txt", "w") as sink,
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            return estimate_command(arguments)


def compare_with_r(options: argparse.Namespace, lcmcr_seconds: float) -> None:
    path = PUBLISHED / "UKdat_5.csv"
    if shutil.which("Rscript") is None or not _r_has("SparseMSE") or not _r_has("LCMCR"):
        print("R: Rscript with SparseMSE and LCMCR not found (set R_LIBS to where they are); R comparison skipped")
        return
    ours = median_seconds(partial(sensitivity, estimate(published_table("UKdat_5"))), options.repeat)
    sweep = _r_seconds(R_SWEEP.format(path=path))
    print(
        f"R SparseMSE: sweep and leave-one-out point estimates {sweep:.2f} s; here {ours:.3f} s ({sweep / ours:.0f}x)"
    )
    r_lcmcr = _r_seconds(R_LCMCR.format(path=path))
    print(f"R LCMCR: 4 seeds x 20,000 iterations {r_lcmcr:.2f} s; here 4 chains x 20,000 {lcmcr_seconds:.2f} s "
          f"({r_lcmcr / lcmcr_seconds:.2f}x)")  # fmt: skip
    if options.r_bootstrap:
        r_boot = _r_seconds(R_BOOTSTRAP.format(path=path, replicates=options.replicates))
        here = median_seconds(partial(estimate, published_table("UKdat_5"), bootstrap=options.replicates), 1)
        print(f"R SparseMSE: estimatepopulation {r_boot:.1f} s; here {here:.3f} s ({r_boot / here:.0f}x)")


def _r_has(package: str) -> bool:
    done = subprocess.run(["Rscript", "-e", f"library({package})"], capture_output=True, timeout=120)
    return done.returncode == 0


def _r_seconds(script: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(f"R failed: {done.stderr}")
    try:
        return float(done.stdout.split()[-1])
    except (IndexError, ValueError):
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
