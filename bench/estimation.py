"""Multiple systems estimation: stepwise selection with 1,000 bootstrap replicates, against one main-effects fit.

Run: .venv/bin/python bench/estimation.py [--replicates 1000] [--repeat 5]

For each published table (UKdat_5, NewOrl) it times the whole interval computation a coordinator waits for
(point estimate, 1,000 replicates each with stepwise selection redone, the jackknife and the BCa limits)
and, in the same run, the baseline: a single main-effects fit of the same table. It prints the median of
several runs, the ratio, and whether the two-second goal is met. SparseMSE (R) needs about three
minutes for UKdat_5 with 1,000 replicates.
"""

from __future__ import annotations

import argparse
from functools import partial

from common import median_seconds

from tomoshibi.estimation.data import published_table
from tomoshibi.estimation.estimate import estimate

GOAL_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    header = f"{'table':<10} {'main-effects fit':>17} {'stepwise + bootstrap':>21} {'ratio':>8}"
    print(f"{header}  goal < {GOAL_SECONDS:g} s")
    for name in ("UKdat_5", "NewOrl"):
        table = published_table(name)
        estimate(table, bootstrap=50)  # load the code paths once; each timed run starts from nothing
        baseline = median_seconds(partial(estimate, table, "main"), options.repeat * 20)
        full = median_seconds(partial(estimate, table, "stepwise", bootstrap=options.replicates), options.repeat)
        verdict = "met" if full < GOAL_SECONDS else "MISSED"
        print(f"{name:<10} {baseline * 1000:>14.2f} ms {full:>19.3f} s {full / baseline:>7.0f}x  {verdict}")


if __name__ == "__main__":
    main()
