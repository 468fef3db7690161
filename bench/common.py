"""What the benchmarks share: a production-like environment on a database of their own, and timing."""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_environment(folder: Path) -> dict[str, str]:
    """DEBUG off, a fresh secret key, and a SQLite database in `folder` unless DATABASE_URL says otherwise."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAULT_SERVER_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TOMOSHIBI_DATA_DIR": str(folder),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}"),
        "LOG_LEVEL": "ERROR",
    }


def prepare_django(folder: Path) -> None:
    """Configure Django in this process and set the database up as `tomoshibi setup` does."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(bench_environment(folder))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("setup", verbosity=0)


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)
