import pytest

from tomoshibi.directory.actions import do_import_services
from tomoshibi.directory.csvformat import BUNDLED, iter_rows


@pytest.fixture
def directory(db):
    """The bundled directory, imported through the same action as `tomoshibi directory import`."""
    return do_import_services(list(iter_rows(BUNDLED)))
