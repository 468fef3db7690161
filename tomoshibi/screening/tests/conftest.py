import re

import pytest
from django.test import Client

from tomoshibi.directory.tests.fixture import import_directory

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def directory(db):
    """The bundled support directory, imported as `tomoshibi setup` does, so referrals are real."""
    return import_directory()


class Visitor:
    """One browser: a CSRF-checking client that posts forms with the token from the page it last saw."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.page = None

    def get(self, url, **params):
        self.page = self.client.get(url, params)
        return self.page

    def post(self, url, data, *, from_url=None):
        form_page = self.client.get(from_url or url)
        token = CSRF_FIELD.search(form_page.content.decode()).group(1)
        self.page = self.client.post(url, {"csrfmiddlewaretoken": token, **data})
        return self.page

    def text(self):
        return self.page.content.decode()


@pytest.fixture
def visitor(db):
    return Visitor()
