"""Every anonymous form, posted for real (with its CSRF token) by a client with a distinctive address,
forwarding headers and user agent: none of them reaches a log record or any table."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.consultations.models import Conversation
from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.hotline.models import Report
from tomoshibi.referrals.actions import do_propose_referral
from tomoshibi.referrals.tests.people import make_world
from tomoshibi.screening.models import ScreeningCount
from tomoshibi.testing.personas import make_desk, make_organisation, write_first_message

from .test_security import IDENTITY, NEEDLES, all_database_text

pytestmark = pytest.mark.django_db

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
# A form further along a journey: on the page the previous post led to; its target is named by
# its URL name, and it is sent with the hidden fields the page carries.
NEXT_PAGE = "the page the previous post led to"

# (page holding the form, where it posts, what is posted): one of every form a person can send anonymously.
# test_url_table.py fails when a page anyone may post to is missing here.
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
    ("/en/consult/conversation/", "/en/consult/conversation/", {"body": "And one more thing I remembered."}),
    ("/en/consult/conversation/", "/en/consult/leave/", {}),
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
    (NEXT_PAGE, "screening:question", {"choice": "exploitation"}),
    ("/en/learn/organisations/", "/en/learn/organisations/", {"action": "new"}),
    ("/en/job-offer/", "/en/job-offer/", {"text": "Factory work, fee 6,000 USD", "fees_payer": "worker"}),
]


@pytest.fixture
def everything_open(db):
    import_directory()
    make_desk("ihc")
    make_organisation("sakura")


def test_no_anonymous_form_keeps_the_address_or_the_user_agent(everything_open, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(enforce_csrf_checks=True, **IDENTITY)
    response = None
    for page, target, data in ANONYMOUS_FORMS:
        journey = page == NEXT_PAGE
        if journey:
            page = target = response["Location"]
        form_page = client.get(page, follow=True).content.decode()
        hidden = dict(HIDDEN_FIELD.findall(form_page)) if journey else {}
        token = CSRF_FIELD.search(form_page).group(1)
        response = client.post(target, {**hidden, "csrfmiddlewaretoken": token, **data})
        refused = data.get("receipt") == "1234 5678 9012 3456"
        assert response.status_code in ((400,) if refused else (200, 302, 303)), (target, response.status_code)
        assert response.status_code == 303 or not journey, (target, "the journey's answer was refused")
    # The posts did their work: what a person sent was received, sealed, counted.
    assert Report.objects.count() == 1 and Conversation.objects.count() == 1
    assert ScreeningCount.objects.count() == 1
    assert_no_identity_kept(caplog)


def assert_no_identity_kept(caplog):
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    stored = all_database_text()
    for needle in NEEDLES:
        assert needle not in logged
        assert needle not in stored


# Anonymous forms posted by a test of their own below, since staff act between the person's steps.
FORMS_POSTED_BELOW = {"referrals:answer"}


def test_the_answer_to_a_referral_keeps_no_address_or_user_agent(caplog):
    caplog.set_level(logging.DEBUG)
    world = make_world()
    client = Client(enforce_csrf_checks=True, **IDENTITY)
    write_first_message(client, world.sender.slug, "Please help me find a safe room.")
    conversation = Conversation.objects.get(organisation=world.sender.organisation)
    referral = do_propose_referral(
        conversation,
        service=world.shelter,
        reason="shelter",
        summary="needs a room",
        acting_user=world.counsellor_a.user,
    )
    token = CSRF_FIELD.search(client.get(reverse("consultations:thread")).content.decode()).group(1)
    url = reverse("referrals:answer", args=[referral.pk])
    response = client.post(url, {"csrfmiddlewaretoken": token, "decision": "accept"})
    assert response.status_code == 302 and "referral_agreed" in response["Location"]
    assert_no_identity_kept(caplog)
