import fcntl
import tempfile
from pathlib import Path

import pytest

from tomoshibi.linkage import dictionaries
from tomoshibi.testing.personas import *  # noqa: F403 (shared fixtures)


@pytest.fixture(scope="session", autouse=True)
def encoder_dictionaries():
    """The round page embeds the in-browser encoder, whose tables `tomoshibi setup` exports; so do the tests.

    Each test process takes a lock first, so two never write the same file at once (an export already
    up to date writes nothing)."""
    with open(Path(tempfile.gettempdir()) / "tomoshibi-encoder-dictionaries.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        dictionaries.export()
