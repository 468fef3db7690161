import pytest
from django.core.management import call_command
from django.utils import translation

from tomoshibi.testing.personas import *  # noqa: F403 (shared fixtures)

from .standin import Server

SECRET_A = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
TOKEN_A = "tokenA/" + "x" * 40 + "=="
SECRET_B = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
TOKEN_B = "tokenB/" + "y" * 40 + "=="


@pytest.fixture
def line_api(settings):
    """The stand-in of LINE's API, with the SDK pointed at it."""
    with Server() as state:
        settings.LINE_API_BASE = state.url
        settings.LINE_DATA_API_BASE = state.url
        yield state


def connect(org, secret: str, token: str, tmp_path) -> str:
    """Connect through the command, as an operator does; returns what it printed."""
    secret_file, token_file = tmp_path / f"{org.slug}-secret", tmp_path / f"{org.slug}-token"
    secret_file.write_text(secret + "\n")
    token_file.write_text(token + "\n")
    from io import StringIO

    out = StringIO()
    call_command(
        "line",
        "connect",
        org.slug,
        "--channel-secret-file",
        str(secret_file),
        "--access-token-file",
        str(token_file),
        stdout=out,
    )
    return out.getvalue()


def run_worker() -> None:
    """Run what the webhook queued, as `tomoshibi worker --batch` does; the test's language stays."""
    with translation.override(translation.get_language()):
        call_command("db_worker", batch=True, queue_name="*", reload=False, startup_delay=False, verbosity=0)
