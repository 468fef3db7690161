import gzip
import os
import re

import polib
import pytest
from django.test import Client

from tomoshibi.directory.tests.fixture import import_directory

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def directory(db):
    """The bundled support directory, imported as `tomoshibi setup` does."""
    return import_directory()


class Person:
    """Someone walking the flow in one browser: a CSRF-checking client and the page last seen."""

    def __init__(self, language="en"):
        # Like every browser, it accepts compressed pages.
        self.client = Client(enforce_csrf_checks=True, headers={"Accept-Encoding": "gzip"})
        self.language = language
        self.page = None

    @property
    def url(self):
        return f"/{self.language}/help/"

    def open(self, url=None):
        self.page = self.client.get(url or self.url, follow=True)
        return self.page

    def text(self):
        body = self.page.content
        return (gzip.decompress(body) if self.page.get("Content-Encoding") == "gzip" else body).decode()

    def post(self, step, action="next", **data):
        token = CSRF_FIELD.search(self.text()).group(1)
        response = self.client.post(self.url, {"csrfmiddlewaretoken": token, "step": step, "action": action, **data})
        self.page = self.client.get(response["Location"]) if response.status_code == 303 else response
        self.last_post = response
        return response

    def answer_all(self, *, safe="yes", postal_code="", prefecture="13", age="adult", cards=(), channels=()):
        self.open()
        self.post("safety", safe=safe)
        if safe == "no":
            self.post("emergency")
        self.post("location", postal_code=postal_code, prefecture=prefecture)
        self.post("age", age=age)
        self.post("situation", cards=list(cards))
        self.post("channel", channels=list(channels))
        return self.page


@pytest.fixture
def person(directory):
    return Person()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Pages are checked in every language, so the catalogues must be compiled (the .mo files are not in git).

    Only stale ones are written, each to a temporary file renamed into place, so that test workers
    running side by side never read a half-written catalogue.
    """
    from django.utils.translation import trans_real

    from tomoshibi.core.i18n import catalogue_paths

    for po in catalogue_paths():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            partial = mo.with_name(f".{mo.name}.{os.getpid()}")
            polib.pofile(str(po)).save_as_mofile(str(partial))
            os.replace(partial, mo)
    trans_real._translations = {}
    trans_real._default = None
