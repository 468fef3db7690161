"""Run by test_optional_apps.py under settings_without_hotline: the site works without the hotline.

Not collected in the main run (its name does not start with test_): it needs its own settings.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tomoshibi.audit.actions import do_purge_old_audit_events
from tomoshibi.audit.models import ACTION_LABELS, HELD_RECORDS
from tomoshibi.directory.actions import do_import_services
from tomoshibi.directory.csvformat import BUNDLED, iter_rows

pytestmark = pytest.mark.django_db


def test_it_runs_without_the_hotline():
    assert not apps.is_installed("tomoshibi.hotline")
    call_command("check")


def test_the_hotline_s_pages_and_records_are_gone():
    with pytest.raises(NoReverseMatch):
        reverse("hotline:report")
    assert "hotline.report" not in HELD_RECORDS
    assert "report.received" not in ACTION_LABELS
    do_purge_old_audit_events()


def test_the_home_page_names_the_national_hotline_without_a_link():
    do_import_services(list(iter_rows(BUNDLED)))
    response = Client().get("/en/")
    assert response.status_code == 200
    assert "/report/" not in response.content.decode()
    assert "Internet Hotline Center Japan" in response.content.decode()


def test_a_screening_result_points_nowhere_that_is_not_there():
    client = Client()
    page = client.get("/en/screen/hotel/observe_hotel/")
    assert page.status_code == 200
    response = client.post("/en/screen/hotel/observe_hotel/", {"item-guest_watched": "seen"})
    assert response.status_code == 200
    assert "/report/" not in response.content.decode()
