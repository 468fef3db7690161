import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tomoshibi.core.variants import full_languages  # easy Japanese is tested in test_easy_japanese.py
from tomoshibi.testing.personas import signed_in_client, start

pytestmark = pytest.mark.django_db
TRANSLATED = [code for code, _name in full_languages() if code != "en"]

PERSON_PAGES = [
    ("/consult/start/", "Talk to someone here"),
    ("/consult/", "Come back to your conversation"),
    ("/consult/start/org-a/", "About you (optional)"),
    ("/staff/login/", "Staff sign-in"),
]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("path, source", PERSON_PAGES)
def test_every_page_speaks_the_language_of_its_address(org_a, language, path, source):
    with translation.override(language):
        expected = gettext(source)
    assert expected != source, f"{source!r} has no {language} translation"
    page = Client().get(f"/{language}{path}").content.decode()
    assert expected in page and source not in page


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_receipt_and_the_thread_are_translated(org_a, language):
    client, _receipt = start(org_a.slug, "hello", language=language)
    page = client.get(f"/{language}/consult/conversation/").content.decode()
    with translation.override(language):
        assert gettext("Write more") in page and gettext("You") in page
    assert "Write more" not in page


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_inbox_is_translated_for_staff(org_a, counsellor, language):
    start(org_a.slug, "hello", age_group="minor")
    page = signed_in_client(counsellor).get(f"/{language}/consult/staff/inbox/{org_a.slug}/").content.decode()
    with translation.override(language):
        assert gettext("Under 18") in page and gettext("Assigned to me") in page
    assert "Assigned to me" not in page
