"""The referral engine: the median time of one referral, against loading the directory, in the same run.

Run: .venv/bin/python bench/referral.py [--repeat 2000]

It sets up a fresh SQLite database in a temporary folder (migrations and the bundled support
directory, as `tomoshibi setup` loads it) and then times, over a mix of situations, days and hours:

- baseline: load the directory, i.e. read the active services from the database and turn them into
  the engine's records, hours parsed (what a referral would cost if nothing were kept between calls);
- referral: `referrals_for(...)` as the pages, the API and the CLI call it: resolve the postal code,
  check the directory has not changed (one query), rank;
- engine: `recommend(services, request)` alone, the pure function.

It prints each median, the ratio of the referral to the baseline and whether the goal
(under 1 ms per referral) is met.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

from common import median_seconds, prepare_django

GOAL_MS = 1.0
SITUATIONS = [
    {"postal_code": "530-0001", "age": "minor", "language": "tl", "situations": ["image_abuse"], "danger": "no"},
    {"prefecture": "13", "age": "adult", "situations": ["sexual_violence", "debt"], "danger": "yes"},
    {"age": "adult", "language": "vi", "situations": ["labour_exploitation", "documents_taken"], "channels": ["line"]},
    {"postal_code": "950-0087", "gender": "male", "situations": ["sexual_violence"], "danger": "unsure"},
    {"prefecture": "01", "age": "unknown", "situations": ["domestic_violence", "visa_worry"], "language": "th"},
]
MOMENTS = ["2026-03-04T11:00", "2026-03-04T23:00", "2026-12-31T23:00", "2026-01-12T10:00"]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepare_django(Path(folder))
        from tomoshibi.directory.models import Service
        from tomoshibi.directory.referral_engine import recommend
        from tomoshibi.directory.referrals import active_services, build_request, referrals_for

        inputs = itertools.cycle([{**s, "at": m} for s in SITUATIONS for m in MOMENTS])
        requests = itertools.cycle([build_request(**{**s, "at": m}) for s in SITUATIONS for m in MOMENTS])
        services = active_services()

        def load() -> object:
            return [s.as_engine_service() for s in Service.objects.active()]

        for run in (load, lambda: referrals_for(**next(inputs)), lambda: recommend(services, next(requests))):
            run()  # warm the code paths and the caches once
        baseline = median_seconds(load, options.repeat // 4)
        referral = median_seconds(lambda: referrals_for(**next(inputs)), options.repeat)
        engine = median_seconds(lambda: recommend(services, next(requests)), options.repeat)
        verdict = "met" if referral * 1000 < GOAL_MS else "MISSED"
        print(f"directory: {len(services)} active services; {options.repeat} referrals over 20 inputs")
        print(f"baseline, load the directory      {baseline * 1e6:9.1f} µs")
        print(f"referral, referrals_for(...)      {referral * 1e6:9.1f} µs  ({referral / baseline:.2f}x the load)")
        print(f"engine only, recommend(...)       {engine * 1e6:9.1f} µs  ({engine / baseline:.2f}x the load)")
        print(f"goal: one referral under {GOAL_MS:g} ms: {verdict}")


if __name__ == "__main__":
    main()
