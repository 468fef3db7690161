import pytest

from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.testing.visitor import Visitor


@pytest.fixture
def directory(db):
    """The bundled support directory, imported as `tomoshibi setup` does, so referrals are real."""
    return import_directory()


@pytest.fixture
def visitor(db):
    return Visitor()
