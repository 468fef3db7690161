"""Shared fixtures; the test environment itself is set in tomoshibi/core/tests/environment.py."""

pytest_plugins = ["tomoshibi.core.tests.browser"]
