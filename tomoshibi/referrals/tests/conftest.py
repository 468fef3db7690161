from tomoshibi.line.tests.conftest import line_api  # noqa: F401 (LINE's stand-in, for test_line.py)
from tomoshibi.testing.personas import *  # noqa: F403 (shared fixtures)
