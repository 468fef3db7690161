"""The `run` fixture: `tomoshibi estimate ARGUMENTS...` called in this process, its output captured."""

import pytest

from tomoshibi.estimation.cli import main
from tomoshibi.estimation.tests.helpers import Done, Runner


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    """`tomoshibi estimate ARGUMENTS...` in this process: exit status, standard output, standard error."""

    def estimate(*arguments: object) -> Done:
        capsys.readouterr()
        try:
            status = main([str(argument) for argument in arguments])
        except SystemExit as exit:  # argparse refusing an option
            status = int(exit.code or 0)
        captured = capsys.readouterr()
        return Done(status, captured.out, captured.err)

    return estimate
