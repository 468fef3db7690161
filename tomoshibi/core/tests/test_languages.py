"""Every public page in every language says which language it is in, for screen readers and fonts."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tomoshibi.core.variants import written_language
from tomoshibi.directory.models import Service
from tomoshibi.directory.tests.fixture import import_directory
from tomoshibi.testing.personas import make_desk, make_organisation
from tomoshibi.testing.urltable import routes

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Pages that need something only a person holds (an invitation, a certificate code) answer
# without a language page to check; the tests of their apps cover them.
HELD_BY_A_PERSON = {"accounts:accept_invitation", "screening:certificate"}


def public_pages() -> list[str]:
    return sorted(
        route.name
        for route in routes()
        if not route.staff and "GET" in route.methods and route.name not in HELD_BY_A_PERSON
    )


def arguments_of(name: str) -> dict:
    values = {
        "service_id": lambda: Service.objects.order_by("id").first().id,
        "area": lambda: "13",
        "organisation_slug": lambda: make_organisation("lang-org", languages=LANGUAGES).organisation.slug,
        "role": lambda: "hotel",
        "instrument_id": lambda: "observe_hotel",
        "module_id": lambda: "hotel",
        "number": lambda: 1,
    }
    route = next(route for route in routes() if route.name == name)
    return {argument: values[argument]() for argument in route.arguments}


@pytest.mark.parametrize("name", public_pages())
def test_every_public_page_names_its_language_in_every_language(name):
    import_directory()
    make_desk("hotline")  # the report form is open only with a desk to receive it
    arguments = arguments_of(name)
    client = Client()
    for language in LANGUAGES:
        with translation.override(language):
            with_language = reverse(name, kwargs=arguments)
        response = client.get(with_language, follow=True)
        body = response.content.decode()
        # A training step opened without its progress answers "start again" (400): in the language too.
        assert response.status_code in (200, 400), (language, with_language, response.status_code)
        if response["Content-Type"].startswith("image/svg"):
            assert f'lang="{written_language(language)}"' in body.split(">", 1)[0], with_language
        else:
            assert f'<html lang="{written_language(language)}"' in body, with_language
