from tomoshibi.accounts.tests.personas import *  # noqa: F403 (shared fixtures)
