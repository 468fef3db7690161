from tomoshibi.accounts.tests.personas import *  # noqa: F403 (shared fixtures)

from .people import *  # noqa: F403 (the hotline's personas)
