"""The hotline is optional: lower layers ask for it through hooks and `apps.is_installed`, never an import.

The checks in without_hotline.py run in their own pytest process, under settings without the
hotline (Django's app registry is made once per process).
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]


def test_the_site_works_without_the_hotline():
    settings = "--ds=tomoshibi.core.tests.settings_without_hotline"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", settings, str(HERE / "without_hotline.py")]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout.splitlines()[-1]
