import pytest

from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.testing.personas import make_platform_admin, signed_in_client


@pytest.fixture
def directory(db):
    """The bundled directory and its contacts, imported through the same action as `tomoshibi directory import`."""
    return import_directory()


@pytest.fixture
def maintainer_client(db):
    """A platform admin signed in through the staff sign-in (password, TOTP), as the admin requires."""
    return signed_in_client(make_platform_admin("maintainer@example.invalid"))
