"""Loads the bundled support directory on first setup (called by `tomoshibi setup`)."""

from tomoshibi.directory.actions import do_import_bundled
from tomoshibi.directory.csvformat import BUNDLED
from tomoshibi.directory.models import Service


def load(stdout, verbosity):
    """Import the bundled directory CSV, only while the directory is empty (edits are never overwritten)."""
    if Service.objects.exists():
        if verbosity > 1:
            stdout.write("Support directory already loaded; not re-imported.")
        return
    report = do_import_bundled()
    if verbosity:
        stdout.write(f"Support directory: {len(report.created)} services loaded from {BUNDLED.name}.")
