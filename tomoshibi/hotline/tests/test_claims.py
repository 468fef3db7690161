"""Claiming is atomic: analysts claiming at once never get the same report, and none is skipped."""

import json
import os
import subprocess
import sys
import uuid
from collections import Counter

import pytest
from django.db import connection

from tomoshibi.hotline.models import Report

from .claim_race import ANALYSTS, REPORTS, prepare_desk, race


def assert_each_claimed_once(report_ids, claimed) -> None:
    counts = Counter(report for report, _user in claimed)
    assert [report for report, count in counts.items() if count > 1] == []
    assert set(counts) == set(report_ids), "a waiting report was skipped"
    assert len(claimed) == len(report_ids)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_gives_each_report_to_one_analyst_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI runs it on PostgreSQL)")
    desk, users, report_ids = prepare_desk()
    claimed = race(desk, users)
    assert_each_claimed_once(report_ids, claimed)
    owners = dict(Report.objects.values_list("pk", "claimed_by_id"))
    assert all(owners[uuid.UUID(report)] == user for report, user in claimed)
    assert len({user for _report, user in claimed}) > 1, "the analysts did not claim at the same time"


def test_it_gives_each_report_to_one_analyst_on_sqlite(tmp_path):
    """Threads with their own connections to one SQLite file, as the web server's threads have."""
    env = {**os.environ, "DEBUG": "0", "TOMOSHIBI_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tomoshibi.hotline.tests.claim_race", str(tmp_path / "race.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(outcome["reports"]) == REPORTS
    assert_each_claimed_once(outcome["reports"], [tuple(pair) for pair in outcome["claimed"]])
    assert len({user for _report, user in outcome["claimed"]}) <= ANALYSTS
