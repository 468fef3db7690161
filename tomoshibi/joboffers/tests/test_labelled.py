"""The check on the labelled offers meets its goal: deceptive offers raised, ordinary ones not called strong.

The set is ours (docs/job-offers.md says what that means); bench/job_offers.py prints the figures per language.
"""

import json
from pathlib import Path

from tomoshibi.joboffers.checker import check_offer

DATA = Path(__file__).parent / "data"
LANGUAGES = {"ja", "vi", "id", "tl", "th", "en", "zh-hans", "my", "ne"}


def offers():
    return [json.loads(line) for path in sorted(DATA.glob("offers-*.jsonl")) for line in path.open(encoding="utf-8")]


def test_the_set_has_150_offers_in_the_languages_asked():
    labelled = offers()
    assert len(labelled) >= 150
    assert {offer["lang"] for offer in labelled} >= LANGUAGES
    assert len({offer["id"] for offer in labelled}) == len(labelled)
    for language in LANGUAGES:
        labels = [offer["label"] for offer in labelled if offer["lang"] == language]
        assert labels.count("deceptive") >= 8 and labels.count("ordinary") >= 8, language


def test_deceptive_offers_are_raised_and_ordinary_ones_are_not_called_strong():
    labelled = offers()
    levels = [(offer["label"], check_offer(offer["text"]).level) for offer in labelled]
    deceptive = [level for label, level in levels if label == "deceptive"]
    ordinary = [level for label, level in levels if label == "ordinary"]
    assert sum(level != "none" for level in deceptive) / len(deceptive) >= 0.9
    assert sum(level == "strong_signs" for level in ordinary) / len(ordinary) <= 0.1
