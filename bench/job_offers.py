"""The job-offer check on the labelled offers: recall and false alarms per language, and its speed.

Run: .venv/bin/python bench/job_offers.py [--repeat 20]

The labelled set (tomoshibi/joboffers/tests/data/offers-*.jsonl) is ours: 158 short offers written
for the tests, deceptive and ordinary, in 12 languages. The same people wrote the patterns, so these
figures are an upper bound on what the check does with offers found in the wild (docs/job-offers.md).

For each language it prints:
- recall: the share of deceptive offers raised to some or strong signs (goal: at least 0.9);
- strong recall: the share raised to strong signs;
- precision: of the offers raised to some or strong signs, the share that are deceptive;
- false strong: the share of ordinary offers raised to strong signs (goal: at most 0.1).
Then the median time to check one offer, against reading the offer's text once with one regular
expression (the baseline, measured in the same run), and the ratio.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import median_seconds  # noqa: E402

from tomoshibi.joboffers.checker import check_offer  # noqa: E402

DATA = ROOT / "tomoshibi" / "joboffers" / "tests" / "data"
RECALL_GOAL = 0.9
FALSE_STRONG_GOAL = 0.1


def labelled_offers() -> list[dict]:
    return [json.loads(line) for path in sorted(DATA.glob("offers-*.jsonl")) for line in path.open(encoding="utf-8")]


def tally(offers: list[dict]) -> dict[str, collections.Counter]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for offer in offers:
        level = check_offer(offer["text"]).level
        for language in (offer["lang"], "all"):
            counts[language][(offer["label"], level)] += 1
    return counts


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def figures(count: collections.Counter) -> tuple[float, float, float, float]:
    deceptive = sum(n for (label, _level), n in count.items() if label == "deceptive")
    ordinary = sum(n for (label, _level), n in count.items() if label == "ordinary")
    caught = deceptive - count[("deceptive", "none")]
    raised_ordinary = ordinary - count[("ordinary", "none")]
    return (
        ratio(caught, deceptive),
        ratio(count[("deceptive", "strong_signs")], deceptive),
        ratio(caught, caught + raised_ordinary),
        ratio(count[("ordinary", "strong_signs")], ordinary),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()
    offers = labelled_offers()
    counts = tally(offers)
    print(f"{len(offers)} labelled offers (ours; see docs/job-offers.md)")
    print(f"{'language':10} {'offers':>6} {'recall':>7} {'strong':>7} {'precision':>9} {'false strong':>12}")
    for language in sorted(counts, key=lambda code: (code == "all", code)):
        recall, strong, precision, false_strong = figures(counts[language])
        total = sum(counts[language].values())
        print(f"{language:10} {total:6d} {recall:7.2f} {strong:7.2f} {precision:9.2f} {false_strong:12.2f}")
    recall, _strong, _precision, false_strong = figures(counts["all"])
    met = recall >= RECALL_GOAL and false_strong <= FALSE_STRONG_GOAL
    print(f"goal (recall >= {RECALL_GOAL}, false strong <= {FALSE_STRONG_GOAL}): {'met' if met else 'NOT met'}")
    texts = [offer["text"] for offer in offers]
    word = re.compile(r"\w+")
    baseline = median_seconds(lambda: [word.findall(text) for text in texts], arguments.repeat) / len(texts)
    checked = median_seconds(lambda: [check_offer(text) for text in texts], arguments.repeat) / len(texts)
    print(f"baseline (one regular expression over the text): {baseline * 1e6:.1f} µs per offer")
    print(f"check_offer: {checked * 1e3:.2f} ms per offer, {checked / baseline:.0f}x the baseline")


if __name__ == "__main__":
    main()
