"""A real `tomoshibi serve` on a free loopback port with a database of its own, for tests and `bench/`.

No Django here: the site runs in a child process exactly as in production (DEBUG off, waitress),
configured only through its environment, so what is checked against it is what people get.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120
CREATE_TABLES = """
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def production_environment(folder: Path, database_url: str = "") -> dict[str, str]:
    """DEBUG off with fresh secrets, data in `folder`, SQLite there unless `database_url` is given."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VAULT_SERVER_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://tomoshibi.invalid",
        "TOMOSHIBI_DATA_DIR": str(folder),
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'served.sqlite3'}",
        "LOG_LEVEL": "ERROR",
    }


class ServedSite:
    """`tomoshibi serve --no-worker` on 127.0.0.1; `kill()` is a `kill -9`, `start()` serves again."""

    def __init__(self, folder: Path, env: dict[str, str], threads: int = 8) -> None:
        self.folder = folder
        self.env = env
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def tomoshibi(self, *arguments: str) -> None:
        """Run a `tomoshibi` command with the site's environment (e.g. `migrate`)."""
        command = [sys.executable, "-m", "tomoshibi.cli", *arguments]
        subprocess.run(command, env=self.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def create_tables(self) -> None:
        """The tables straight from the models, as Django's test runner makes them without migrations.

        For checks of the served site that are not about migrating: it costs a Django start-up
        where `migrate` costs two. Migrations themselves run in every test session's database
        and in `make reliability`, which calls `tomoshibi("migrate")`.
        """
        command = [sys.executable, "-c", CREATE_TABLES]
        subprocess.run(command, env=self.env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        command = [sys.executable, "-m", "tomoshibi.cli", "serve", "--no-worker", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--threads", str(self.threads)]
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - the child keeps it open
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.wait_until_answering()

    def wait_until_answering(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url("/en/no-trace/"), timeout=5):  # noqa: S310 - our own loopback
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"tomoshibi serve did not answer:\n{self.log()[-2000:]}")

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """As `kill -9`: no clean-up, no flushing, whatever the server was doing."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
