"""Multiple systems estimation: every analysis on UKdat_5 with 1,000 replicates, against one main-effects fit,
and the same work in R (SparseMSE 2.0.1, LCMCR 0.4.14) where R has them.

Run: .venv/bin/python bench/estimation.py [--replicates 1000] [--repeat 3] [--r-replicates 10]

For UKdat_5 (and NewOrl for the main estimate) it times, each as the median of several runs: the estimate
with stepwise selection and 1,000 bootstrap replicates (jackknife and BCa included); the threshold sweep
(four more thresholds, each with its own 1,000 replicates, from one selection at the highest: see
estimate_sweep); each list left out in turn (five tables, each
bootstrapped); two lists merged; all of --sensitivity together; --diagnostics; --by (two groups and
everybody, each bootstrapped); --report (estimate and threshold sweep from one selection, the rest of the sensitivity,
diagnostics and the page), and the same again as a user runs it, in a new process, imports included (no
goal: the goal is the analysis's); and LCMCR, four
chains of 500 warm-up, 10,000 burn-in and 10,000 kept iterations. The baseline, in the same process, is a
single main-effects fit of the same table: the machine is shared and loaded, so wall-clock seconds move
from run to run while the ratio to the baseline moves much less. The goal is under 3 s for each analysis.

Where `Rscript` finds SparseMSE (R_LIBS may point to it), the same tables and thresholds are estimated
there with estimatepopulation(). It makes one stepwise fit for the data, one for each row (the jackknife)
and one a replicate, some 0.15 s each here, so 1,000 replicates of the 14 tables would take over half an
hour: it runs them with --r-replicates and scales the time by the number of fits 1,000 would make
(marked ~); --r-replicates 1000 measures the real thing. SparseMSE has no diagnostics or report, so those
rows have no R figure. Where LCMCR is installed, it runs four seeds at the same iterations.

Each analysis runs on one core (numpy's maths library held to one thread). On the shared machine,
wall-clock seconds are the CPU seconds stretched by however many other processes wait for the two cores,
so the goal is judged on CPU seconds (what the analysis takes with a core to itself), the ratio to the
baseline is of CPU seconds too, and R and here are compared in CPU seconds. Without R, the benchmark says
so and skips R.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from common import median_seconds
from threadpoolctl import threadpool_limits

from tomoshibi.estimation.breakdown import by_group, read_groups
from tomoshibi.estimation.cli import main as estimate_command
from tomoshibi.estimation.data import PUBLISHED, published_table
from tomoshibi.estimation.diagnostics import diagnose
from tomoshibi.estimation.estimate import estimate, estimate_sweep
from tomoshibi.estimation.lcmcr import LcmcrSettings, lcmcr
from tomoshibi.estimation.sensitivity import PTHRESH_SWEEP, merged_lists, sensitivity, without_list

GOAL_SECONDS = 3.0
TABLE = "UKdat_5"
MERGE = ("LA", "NG")
LCMCR_SETTINGS = LcmcrSettings(iterations=10_000, burn_in=10_000, thinning=10, chains=4)
OTHER_THRESHOLDS = tuple(p for p in PTHRESH_SWEEP if p != 0.02)  # 0.02 is the main estimate's own
R_PREAMBLE = """
library(SparseMSE); d <- read.csv("{path}"); m <- ncol(d)
tidy <- function(d) {{ a <- aggregate(d[, ncol(d)], by = as.list(d[, -ncol(d), drop = FALSE]), FUN = sum)
  names(a)[ncol(a)] <- "count"; a[rowSums(a[, -ncol(a), drop = FALSE]) > 0, ] }}
without <- function(k) tidy(d[, -k])
merged <- function(a, b) {{ e <- d; e[, a] <- pmax(e[, a], e[, b]); tidy(e[, -b]) }}
cpu <- function() sum(proc.time()[c("user.self", "sys.self")])
timed <- function(tables, pthresh, nboot) {{ t0 <- cpu()
  for (i in seq_along(tables)) invisible(estimatepopulation(tables[[i]], nboot = nboot, pthresh = pthresh[i]))
  cat(cpu() - t0, sum(sapply(tables, nrow) + 1), length(tables)) }}
"""
R_LCMCR = """
library(LCMCR); d <- read.csv("{path}"); m <- ncol(d)
people <- d[rep(seq_len(nrow(d)), d[, m]), -m]
people[] <- lapply(people, function(x) factor(as.character(x), levels = c("0", "1")))
t0 <- sum(proc.time()[c("user.self", "sys.self")])
for (seed in 1:4) {{ o <- lcmCR(people, tabular = FALSE, K = 10, seed = seed, verbose = FALSE, thinning = 10)
  invisible(lcmCR_PostSampl(o, burnin = 10000, samples = 1000, thinning = 10, output = FALSE)) }}
cat(sum(proc.time()[c("user.self", "sys.self")]) - t0, "\\n")
"""


@dataclass(frozen=True)
class Analysis:
    label: str
    ours: Callable[[], object]
    r_tables: tuple[str, str] | None = None  # R: the tables, and their thresholds, for estimatepopulation()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--r-replicates", type=int, default=10, help="SparseMSE's replicates, extrapolated")
    options = parser.parse_args()
    threadpool_limits(1)  # one core each, as the bootstrap already runs: CPU seconds are then one core's time
    table = published_table(TABLE)
    estimate(table, bootstrap=50)  # load the code paths once; each timed run starts from nothing
    lcmcr(table, LcmcrSettings(iterations=10, burn_in=0, thinning=1, chains=2))  # compile, or read the cache
    baseline = median_seconds(partial(_cpu_seconds, partial(estimate, table, "main")), options.repeat * 20)
    r_sparse = _r_available("SparseMSE")
    print(f"baseline: one main-effects fit of {TABLE}, {baseline * 1000:.2f} ms CPU; goal < {GOAL_SECONDS:g} s each")
    print("(a shared, loaded machine: wall-clock seconds are stretched by the load; compare CPU seconds and ratios)")
    print(f"load average at the start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (CPU seconds grow with it)")
    if not r_sparse:
        print("R: Rscript with SparseMSE not found (set R_LIBS to where it is): SparseMSE rows skipped")
    print(f"{'analysis':<46} {'wall s':>7} {'CPU s':>7} {'ratio':>7}  goal   {'R CPU s':>9} {'R/here':>7}")
    for analysis in analyses(options.replicates):
        seconds, cpu = _median_times(analysis.ours, options.repeat)
        verdict = "met   " if cpu < GOAL_SECONDS else "MISSED"
        r_column = _r_column(analysis, options, cpu) if r_sparse else ""
        print(f"{analysis.label:<46} {seconds:>7.2f} {cpu:>7.2f} {cpu / baseline:>6.0f}x  {verdict} {r_column}")
    fresh_seconds, fresh_cpu = _median_times(partial(_report_in_new_process, options.replicates), options.repeat)
    label = "  the same in a new process (imports included)"
    print(f"{label:<46} {fresh_seconds:>7.2f} {fresh_cpu:>7.2f} {fresh_cpu / baseline:>6.0f}x  (what a user waits)")
    compare_lcmcr(table, baseline)


def analyses(replicates: int) -> list[Analysis]:
    table = published_table(TABLE)
    result = estimate(table, bootstrap=replicates)
    merged = merged_lists(table, *MERGE)
    groups = _two_groups()
    boot = partial(estimate, bootstrap=replicates)
    sweep = ", ".join(f"{p:g}" for p in OTHER_THRESHOLDS)
    lists = ", ".join(f"without({k})" for k in range(1, table.n_lists + 1))
    a, b = (table.lists.index(name) + 1 for name in MERGE)
    return [
        Analysis(f"estimate, stepwise + {replicates:,} replicates", partial(boot, table), ("list(d)", "0.02")),
        Analysis("  NewOrl (8 lists), the same", partial(boot, published_table("NewOrl"))),
        Analysis(
            "threshold sweep (4 more, each bootstrapped)",
            partial(estimate_sweep, table, OTHER_THRESHOLDS, bootstrap=replicates),
            (f"rep(list(d), {len(OTHER_THRESHOLDS)})", f"c({sweep})"),
        ),
        Analysis(
            "each list left out (5, each bootstrapped)",
            partial(_each, [partial(boot, without_list(table, name)) for name in table.lists]),
            (f"list({lists})", f"rep(0.02, {table.n_lists})"),
        ),
        Analysis(f"{'+'.join(MERGE)} merged, bootstrapped", partial(boot, merged), (f"list(merged({a}, {b}))", "0.02")),
        Analysis("--sensitivity (all of the three above)", partial(sensitivity, result, [MERGE])),
        Analysis("--diagnostics", partial(diagnose, result)),
        Analysis(
            "--by (two groups and everybody, bootstrapped)",
            partial(_by_groups, groups, replicates),
            (
                f'list(d, read.csv("{groups.parent / "north.csv"}"), read.csv("{groups.parent / "south.csv"}"))',
                "rep(0.02, 3)",
            ),  # fmt: skip
        ),
        Analysis("--report (everything above, and the page)", partial(_report, replicates)),
    ]


def compare_lcmcr(table: object, baseline: float) -> None:
    seconds, cpu = _median_times(partial(lcmcr, table, LCMCR_SETTINGS), 1)
    label = "lcmcr, 4 chains x 20,500 iterations"
    verdict = "met   " if cpu < GOAL_SECONDS else "MISSED"
    print(f"{label:<46} {seconds:>7.2f} {cpu:>7.2f} {cpu / baseline:>6.0f}x  {verdict}", end=" ")
    if not _r_available("LCMCR"):
        print("\nR: Rscript with LCMCR not found (set R_LIBS to where it is): LCMCR comparison skipped")
        return
    (r_cpu,) = _r_output(R_LCMCR.format(path=PUBLISHED / f"{TABLE}.csv"))
    print(f"{r_cpu:>9.2f} {r_cpu / cpu:>6.2f}x")
    print(f"LCMCR at equal iterations (4 seeds there, 4 chains here): R {r_cpu:.2f} s CPU, here {cpu:.2f} s CPU")


def _r_column(analysis: Analysis, options: argparse.Namespace, cpu: float) -> str:
    if analysis.r_tables is None:
        return f"{'no R':>9}"
    script = R_PREAMBLE.format(path=PUBLISHED / f"{TABLE}.csv")
    tables, pthresh = analysis.r_tables
    replicates = min(options.r_replicates, options.replicates)
    seconds, fixed, tables_run = _r_output(script + f"timed({tables}, {pthresh}, {replicates})")
    # estimatepopulation() makes one stepwise fit for the data, one a row (jackknife) and one a replicate
    seconds *= (fixed + tables_run * options.replicates) / (fixed + tables_run * replicates)
    marker = "~" if replicates < options.replicates else ""
    return f"{marker + format(seconds, '.1f'):>9} {seconds / cpu:>6.0f}x"


def _each(works: list[partial[object]]) -> None:
    for work in works:
        work()


def _median_times(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of `repeat` runs of `work` (a child process's CPU included)."""
    runs = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), _cpu_so_far()
        work()
        runs.append((time.perf_counter() - started, _cpu_so_far() - cpu))
    return statistics.median(wall for wall, _ in runs), statistics.median(cpu for _, cpu in runs)


def _cpu_so_far() -> float:
    """CPU seconds of this process and of the child processes it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _cpu_seconds(work: Callable[[], object]) -> float:
    """CPU seconds of this process (all its threads) for one run of `work`."""
    started = time.process_time()
    work()
    return time.process_time() - started


def _two_groups() -> Path:
    """UKdat_5 with a group column (each combination's count split in two), and each group's own table."""
    table = published_table(TABLE)
    folder = Path(tempfile.mkdtemp())
    header = ",".join([*table.lists, "count"])
    lines, north, south = [header + ",group"], [header], [header]
    for pattern, count in zip(table.patterns, table.counts, strict=True):
        flags = ",".join(str(int(flag)) for flag in pattern)
        lines += [f"{flags},{count // 2},north", f"{flags},{count - count // 2},south"]
        north.append(f"{flags},{count // 2}")
        south.append(f"{flags},{count - count // 2}")
    for name, rows in (("north.csv", north), ("south.csv", south), ("groups.csv", lines)):
        (folder / name).write_text("\n".join(rows) + "\n")
    return folder / "groups.csv"


def _by_groups(path: Path, replicates: int) -> object:
    everybody, tables = read_groups(path, "group")
    estimate(everybody, bootstrap=replicates)
    return by_group(tables, partial(estimate, bootstrap=replicates))


def _report(replicates: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "report.html")
        arguments = [str(PUBLISHED / f"{TABLE}.csv"), "--bootstrap", str(replicates), "--report", out]
        with (
            open(Path(folder) / "out.txt", "w") as sink,
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            return estimate_command(arguments)


def _report_in_new_process(replicates: int) -> None:
    """`tomoshibi estimate --report` as a user runs it: Python starting, the imports, the first use of each
    library, the analysis and the page; one thread for numpy's maths library, as in the rows above."""
    one_thread = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "tomoshibi.cli", "estimate", str(PUBLISHED / f"{TABLE}.csv")]
        command += ["--bootstrap", str(replicates), "--report", str(Path(folder) / "report.html")]
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, **one_thread})


def _r_available(package: str) -> bool:
    if shutil.which("Rscript") is None:
        return False
    done = subprocess.run(["Rscript", "-e", f"library({package})"], capture_output=True, timeout=120)
    return done.returncode == 0


def _r_output(script: str) -> tuple[float, ...]:
    """The figures the R script prints (CPU seconds)."""
    done = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, timeout=7200)
    if done.returncode != 0:
        raise SystemExit(f"R failed: {done.stderr}")
    return tuple(float(word) for word in done.stdout.split())


if __name__ == "__main__":
    main()
