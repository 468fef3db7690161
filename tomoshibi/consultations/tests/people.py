"""Moved to tomoshibi.testing.personas, the one persona module of every app's tests.

This name stays for one release so that branches written against it still import.
"""

from tomoshibi.testing.personas import *  # noqa: F403
