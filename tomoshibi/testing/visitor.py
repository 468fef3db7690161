"""An anonymous visitor for page tests: one browser's cookies, CSRF checks on, forms posted with their token."""

import re

from django.test import Client

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
