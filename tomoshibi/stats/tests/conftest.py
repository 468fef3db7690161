from tomoshibi.testing.personas import *  # noqa: F403 (shared fixtures)
