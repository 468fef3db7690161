"""Every page of the flow, HTML plus the stylesheets and scripts it loads, stays under 30 KB as transferred.

Pages are sent compressed to browsers that accept it (all do); the stylesheets and scripts are
counted uncompressed, as the test server sends them (in production WhiteNoise compresses them too).
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from .pages import flow_pages

BUDGET = 30 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


STATIC = Client()


def asset_bytes(url):
    response = STATIC.get(url)
    assert response.status_code == 200, url
    return len(b"".join(response.streaming_content) if response.streaming else response.content)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_it_keeps_every_step_under_the_budget(directory, language):
    for name, page, sent in flow_pages(language):
        assets = ASSET.findall(page)
        assert "/static/help/help.css" in assets and not any(a.startswith("http") for a in assets)
        total = sent + sum(asset_bytes(url) for url in assets)
        assert total < BUDGET, f"{language} {name}: {total} bytes"
