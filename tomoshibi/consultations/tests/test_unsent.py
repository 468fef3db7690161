"""A message that cannot be sent is shown back to the person, never dropped and never stored.

A conversation closed while the person was writing, a receipt that opens a closed conversation,
an organisation that stopped taking written consultations: the text comes back in a box to
copy, with a way to take it (by POST, never in a URL) to a new conversation.
"""

import html
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations import person_session
from tomoshibi.consultations.models import Conversation, Message
from tomoshibi.core.variants import full_languages  # easy Japanese is tested in test_easy_japanese.py
from tomoshibi.testing.personas import come_back, person, post_form, signed_in_client, start
from tomoshibi.vault import crypto

pytestmark = pytest.mark.django_db

LONG_TEXT = "Ich habe lange geschrieben, bitte helft mir.\nZweite Zeile mit <Zeichen> & mehr. " * 40


def close_as_staff(counsellor, conversation: Conversation) -> None:
    response = post_form(signed_in_client(counsellor), reverse("consultations:close", args=[conversation.pk]))
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.status == "closed"


def textarea_text(page: str, name: str = "body") -> str:
    """The text of the page's textarea called `name`, as the browser would show it."""
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.DOTALL)
    assert match, page[:3000]
    return html.unescape(match.group(1))


def forms_in(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<form method="(\w+)" action="([^"]*)"', page)


def assert_stored_nowhere(text: str) -> None:
    """Not as a message, not in an audit event, not in any session row."""
    sample = text.strip()[:40]
    assert sample not in str(list(AuditEvent.objects.values()))
    for row in Session.objects.all():
        assert sample not in row.session_data and sample not in str(row.get_decoded())


def test_it_shows_back_a_message_written_to_a_conversation_closed_meanwhile(org_a, counsellor):
    client, _receipt = start(org_a.slug, "First")
    close_as_staff(counsellor, Conversation.objects.get())
    response = post_form(client, reverse("consultations:thread"), {"body": LONG_TEXT})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Your message was not sent" in page and "closed this conversation before your message arrived" in page
    assert textarea_text(page) == LONG_TEXT
    assert ("post", reverse("consultations:start")) in forms_in(page)
    assert "In danger now? Call 110" in page and reverse("directory:refer") in page
    assert Message.objects.count() == 1
    assert_stored_nowhere(LONG_TEXT)


def test_it_takes_the_unsent_message_to_a_new_conversation_by_post_only(org_a, org_b, counsellor):
    client, _receipt = start(org_a.slug, "First")
    close_as_staff(counsellor, Conversation.objects.get())
    post_form(client, reverse("consultations:thread"), {"body": LONG_TEXT})

    chooser = post_form(client, reverse("consultations:start"), {"body": LONG_TEXT})
    page = chooser.content.decode()
    assert chooser.status_code == 200 and textarea_text(page) == LONG_TEXT
    for slug in (org_a.slug, org_b.slug):
        assert f'formaction="{reverse("consultations:write", args=[slug])}"' in page
    assert "?" not in "".join(re.findall(r'(?:href|action)="([^"]*)"', page))

    write_url = reverse("consultations:write", args=[org_b.slug])
    form_page = post_form(client, write_url, {"body": LONG_TEXT, "carried": "1"})
    assert form_page.status_code == 200 and textarea_text(form_page.content.decode()) == LONG_TEXT
    assert "Please look at the problem below" not in form_page.content.decode()
    assert Conversation.objects.count() == 1

    sent = post_form(client, write_url, {"body": LONG_TEXT, "age_group": "adult", "danger": "no"})
    assert sent.status_code == 302 and sent["Location"] == reverse("consultations:receipt")
    new = Conversation.objects.get(organisation=org_b.organisation)
    sealed = new.messages.get().sealed_for_organisation
    assert crypto.unseal_text(org_b.private_key, sealed) == LONG_TEXT.strip()


def test_it_shows_back_a_kept_message_when_the_receipt_opens_a_closed_conversation(org_a, counsellor):
    client, receipt = start(org_a.slug, "First")
    stored = client.session
    stored[person_session.FIELD] = {**stored[person_session.FIELD], "seen": 0}
    stored.save()
    expired = post_form(client, reverse("consultations:thread"), {"body": "Written while away"})
    assert expired.status_code == 401 and "Written while away" in expired.content.decode()
    close_as_staff(counsellor, Conversation.objects.get())

    _client, back = come_back(receipt, client, body="Written while away")
    page = back.content.decode()
    assert back.status_code == 409
    assert "Your message was not sent" in page and textarea_text(page) == "Written while away"
    assert "First" in page  # the conversation itself is open for reading on this device
    assert Message.objects.count() == 1
    assert_stored_nowhere("Written while away")
    assert "Your message was not sent" not in client.get(reverse("consultations:thread")).content.decode()


def test_it_keeps_a_first_message_sent_to_an_organisation_that_stopped_taking_them(org_a, org_b):
    client = person()
    write_url = reverse("consultations:write", args=[org_a.slug])
    client.get(write_url)
    org_a.organisation.accepts_web_consultations = False
    org_a.organisation.save()
    response = post_form(client, write_url, {"body": LONG_TEXT, "age_group": "adult", "danger": "no"})
    page = response.content.decode()
    assert response.status_code == 404
    assert "no longer takes written consultations here" in page and textarea_text(page) == LONG_TEXT
    assert f'formaction="{reverse("consultations:write", args=[org_b.slug])}"' in page
    assert f'formaction="{write_url}"' not in page
    assert not Conversation.objects.exists()
    assert client.get(write_url).status_code == 404


def test_it_sends_an_empty_carry_back_to_the_plain_list(org_a):
    client = person()
    client.get(reverse("consultations:start"))
    response = post_form(client, reverse("consultations:start"), {"body": "  "})
    assert response.status_code == 302 and response["Location"] == reverse("consultations:start")


@pytest.mark.parametrize("language", [code for code, _name in full_languages() if code != "en"])
def test_it_says_so_in_the_language_of_the_page(org_a, counsellor, language):
    client, _receipt = start(org_a.slug, "First", language=language)
    close_as_staff(counsellor, Conversation.objects.get())
    with translation.override(language):
        url = reverse("consultations:thread")
        expected = [
            translation.gettext("Your message was not sent"),
            translation.gettext("Start a new conversation with this message"),
        ]
    page = post_form(client, url, {"body": "kept"}).content.decode()
    for text in expected:
        assert text in page
    assert "Your message was not sent" not in page
