import pytest

from tomoshibi.directory.tests.fixture import import_directory


@pytest.fixture
def directory(db):
    """The bundled support directory, imported as `tomoshibi setup` does, so the contacts are real."""
    return import_directory()


@pytest.fixture
def visitor(db):
    from tomoshibi.testing.visitor import Visitor

    return Visitor()
