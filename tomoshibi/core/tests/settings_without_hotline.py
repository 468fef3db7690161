"""The settings of a site that runs without the hotline: every other app must work as before."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "tomoshibi.hotline"]
