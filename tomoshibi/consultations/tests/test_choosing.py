"""'Talk to someone here' lists the organisations that fit the help flow's answers.

Age group and place leave out organisations that cannot help; the referral engine's fit for the
situations puts organisations first; danger now asks to call 110 first (docs/consultations.md).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tomoshibi.core.variants import full_languages  # easy Japanese is tested in test_easy_japanese.py
from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.directory.vocabulary import REASON_TEXT
from tomoshibi.help.tests.sealed import seal_answers
from tomoshibi.testing.personas import make_organisation, person

pytestmark = pytest.mark.django_db

SUGGESTED = "Suggested for your answers"
OTHERS = "Other organisations that answer in writing"


@pytest.fixture
def directory(db):
    return import_directory()


def start_page(**answers) -> str:
    client = person()
    if answers:
        seal_answers(client, **answers)
    return client.get(reverse("consultations:start")).content.decode()


def names_in_order(page: str, *names: str) -> bool:
    return all(name in page for name in names) and sorted(names, key=page.index) == list(names)


def test_it_puts_first_the_organisations_the_engine_recommends_for_the_situations(directory):
    paps = make_organisation("paps", directory_service_id="ngo-paps")
    migrants = make_organisation("migrants", directory_service_id="ngo-smj")
    plain = make_organisation("plain")
    names = paps.organisation.name, migrants.organisation.name, plain.organisation.name

    images = start_page(safe="yes", cards=("images",))
    # The migrants' network comes second: the engine suggests it to anyone reading in another language than Japanese.
    assert names_in_order(images, SUGGESTED, names[0], names[1], OTHERS, names[2])
    with translation.override("en"):
        assert str(REASON_TEXT["image_abuse_support"]) in images

    visa = start_page(safe="yes", cards=("visa",))
    assert names_in_order(visa, SUGGESTED, names[1], OTHERS, names[0])
    assert str(REASON_TEXT["migrant_support"]) in visa


def test_it_leaves_out_an_organisation_of_another_prefecture_when_the_person_said_where(directory):
    tokyo = make_organisation("tokyo-centre", directory_service_id="osc-13-sarc-tokyo")
    osaka = make_organisation("osaka-centre", directory_service_id="osc-27-sachico")
    national = make_organisation("national")

    in_osaka = start_page(safe="yes", postal_code="5300001", cards=("sex_for_money",))
    assert names_in_order(in_osaka, SUGGESTED, osaka.organisation.name, OTHERS, national.organisation.name)
    assert tokyo.organisation.name not in in_osaka
    assert str(REASON_TEXT["sexual_violence_centre_nearby"]) in in_osaka

    nowhere_said = start_page(safe="yes", cards=("sex_for_money",))
    for org in (tokyo, osaka, national):
        assert org.organisation.name in nowhere_said


def test_a_posters_prefecture_hides_no_organisation(directory):
    """The preset says where a poster hangs (or a screening was done), not where the person is."""
    tokyo = make_organisation("tokyo-centre", directory_service_id="osc-13-sarc-tokyo")
    osaka = make_organisation("osaka-centre", directory_service_id="osc-27-sachico")
    page = start_page(preset="27", safe="yes", cards=("sex_for_money",))
    assert tokyo.organisation.name in page and osaka.organisation.name in page


def test_it_leaves_out_organisations_that_do_not_help_the_age_group(directory):
    paps = make_organisation("paps", directory_service_id="ngo-paps", serves_minors=False)
    other = make_organisation("other")
    page = start_page(safe="yes", age="minor", cards=("images",))
    assert paps.organisation.name not in page and other.organisation.name in page


def test_it_asks_a_person_in_danger_to_call_110_before_writing(directory):
    make_organisation("any")
    in_danger = start_page(safe="no")
    assert 'href="tel:110"' in in_danger
    assert in_danger.index("tel:110") < in_danger.index(reverse("consultations:write", args=["any"]))
    assert 'href="tel:110"' not in start_page(safe="yes")


def test_it_lists_every_organisation_in_one_list_without_answers(directory):
    paps = make_organisation("paps", directory_service_id="ngo-paps", languages=["ja"])
    other = make_organisation("other", languages=["en"])
    page = start_page()
    assert SUGGESTED not in page and OTHERS not in page
    assert names_in_order(page, other.organisation.name, paps.organisation.name)  # the page's language first


@pytest.mark.parametrize("language", [code for code, _name in full_languages() if code != "en"])
def test_it_explains_the_fit_in_the_language_of_the_page(directory, language):
    make_organisation("paps", directory_service_id="ngo-paps")
    client = person()
    seal_answers(client, safe="no", cards=("images",))
    with translation.override(language):
        page = client.get(reverse("consultations:start")).content.decode()
        expected = [
            translation.gettext(SUGGESTED),
            translation.gettext("Call 110"),
            str(REASON_TEXT["image_abuse_support"]),
        ]
    for text in expected:
        assert text in page
    assert SUGGESTED not in page and "Call 110" not in page
