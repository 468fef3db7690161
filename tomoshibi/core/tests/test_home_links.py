"""The home page links only to what exists, on a fresh install and once a hotline desk takes reports."""

import re

import pytest
from django.conf import settings

from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.testing.personas import make_desk

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"]*)"')


@pytest.fixture
def fresh_install(db):
    """What `tomoshibi setup` leaves: the directory loaded, no organisation, no hotline desk."""
    import_directory()


def home_links(client, language):
    body = client.get(f"/{language}/").content.decode()
    return sorted({link for link in LINK.findall(body) if not link.startswith("/static/")})


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_link_on_the_home_page_of_a_fresh_install_opens(client, fresh_install, language):
    links = home_links(client, language)
    assert f"/{language}/directory/nat-ihc/" in links  # reports go to the national hotline meanwhile
    assert f"/{language}/report/" not in links
    for link in links:
        if link == "/exit/":
            continue
        response = client.get(link, follow=True)
        assert response.status_code == 200, link


def test_the_home_page_links_the_report_form_once_a_desk_takes_reports(client, fresh_install):
    make_desk("ihc")
    links = home_links(client, "en")
    assert "/en/report/" in links and "/en/report/status/" in links
    assert "/en/directory/nat-ihc/" not in links
