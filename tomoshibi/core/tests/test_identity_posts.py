"""Every anonymous form, posted for real (with its CSRF token) by a client with a distinctive address,
forwarding headers and user agent: none of them reaches a log record or any table."""

import logging
import re

import pytest
from django.test import Client

from tomoshibi.accounts.tests.personas import make_organisation
from tomoshibi.consultations.models import Conversation
from tomoshibi.directory.actions import do_import_services
from tomoshibi.directory.csvformat import BUNDLED, iter_rows
from tomoshibi.hotline.models import Report
from tomoshibi.hotline.tests.people import make_desk
from tomoshibi.screening.models import ScreeningCount

from .test_security import IDENTITY, NEEDLES, all_database_text

pytestmark = pytest.mark.django_db

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# (page holding the form, where it posts, what is posted): one of every form a person can send anonymously.
ANONYMOUS_FORMS = [
    ("/en/help/", "/en/help/", {"step": "safety", "action": "next", "safe": "no"}),
    ("/en/help/", "/en/help/", {"step": "location", "action": "next", "postal_code": "530-0001"}),
    (
        "/en/directory/find-help/",
        "/en/directory/find-help/",
        {"postal_code": "530-0001", "age": "minor", "danger": "no", "situation": "image_abuse"},
    ),
    ("/en/report/", "/en/report/", {"urls": "https://leak-probe.example/a", "category": "csam", "seen_on": "website"}),
    ("/en/report/status/", "/en/report/status/", {"receipt": "1234 5678 9012 3456"}),  # unknown: refused
    (
        "/en/consult/start/sakura/",
        "/en/consult/start/sakura/",
        {"situations": "documents_taken", "age_group": "adult", "danger": "no", "body": "They took my passport."},
    ),
    ("/en/consult/", "/en/consult/", {"receipt": "1234 5678 9012 3456"}),  # unknown: refused
    ("/en/screen/hotel/observe_hotel/", "/en/screen/hotel/observe_hotel/", {"item-guest_watched": "seen"}),
    (
        "/en/help/",
        "/en/help/begin/",
        {"age": "minor", "danger": "yes", "situations": "image_abuse", "prefecture": "13"},
    ),
    ("/en/report/", "/en/report/", {"context": "screening", "category": "csam"}),
    ("/en/directory/", "/en/directory/", {"prefecture": "13", "serves": "minors"}),
    ("/en/consult/", "/en/consult/start/", {"body": "A message carried from a closed conversation."}),
    ("/en/consult/start/sakura/", "/en/consult/start/sakura/", {"carried": "1", "body": "The carried message."}),
    ("/en/learn/hotel/", "/en/learn/hotel/", {}),
]


@pytest.fixture
def everything_open(db):
    do_import_services(list(iter_rows(BUNDLED)))
    make_desk("ihc")
    make_organisation("sakura")


def test_no_anonymous_form_keeps_the_address_or_the_user_agent(everything_open, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(enforce_csrf_checks=True, **IDENTITY)
    for page, target, data in ANONYMOUS_FORMS:
        token = CSRF_FIELD.search(client.get(page, follow=True).content.decode()).group(1)
        response = client.post(target, {"csrfmiddlewaretoken": token, **data})
        refused = data.get("receipt") == "1234 5678 9012 3456"
        assert response.status_code in ((400,) if refused else (200, 302, 303)), (target, response.status_code)
    # The posts did their work: what a person sent was received, sealed, counted.
    assert Report.objects.count() == 1 and Conversation.objects.count() == 1
    assert ScreeningCount.objects.count() == 1
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    stored = all_database_text()
    for needle in NEEDLES:
        assert needle not in logged
        assert needle not in stored
