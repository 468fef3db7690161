"""Awareness posters: the public page, the A4 print page, the phone image and the command."""

import re
import xml.etree.ElementTree as ET

import pytest
import segno
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from tomoshibi.help import posters

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def client(directory):
    return Client()


def qr_path(svg_text):
    """The dark modules of a QR code drawn by segno."""
    return re.search(r'<path[^>]*stroke="#000"[^>]* d="([^"]+)"', svg_text).group(1)


def test_it_lists_a_poster_for_all_of_japan_and_each_prefecture(client):
    page = client.get("/en/help/posters/").content.decode()
    assert page.count("/en/help/posters/national/a4/") == 1
    assert len(re.findall(r'href="/en/help/posters/\d\d/a4/"', page)) == 47
    assert len(re.findall(r'href="/en/help/posters/\d\d/phone.svg" download=', page)) == 47


def test_it_prints_an_a4_poster_whose_qr_code_opens_the_flow_in_its_language_for_its_prefecture(client):
    response = client.get("/th/help/posters/27/a4/")
    page = response.content.decode()
    link = f"{settings.SITE_URL}/th/help/?p=27"
    assert response.status_code == 200 and '<html lang="th">' in page
    assert f'aria-label="{link}"' in page
    assert qr_path(page) == qr_path(segno.make(link, error="m").svg_inline(border=4, omitsize=True))
    assert all(f"<dt>{number}</dt>" in page for number in ("110", "#8891", "189"))
    assert "/static/help/poster.css" in page and "style=" not in page


def test_it_opens_the_national_poster_without_a_preset(client):
    page = client.get("/vi/help/posters/national/a4/").content.decode()
    assert f'aria-label="{settings.SITE_URL}/vi/help/"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_a_phone_image_that_fits_and_parses_in_every_language(client, language):
    response = client.get(f"/{language}/help/posters/01/phone.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own image, not outside data)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert (width, height) == (720, 1280)
    texts = root.findall(f"{SVG}text")
    assert len(texts) >= 10
    for text in texts:
        assert 0 < float(text.get("y")) <= height and 0 <= float(text.get("x")) < width
    assert root.find(f"{SVG}svg") is not None  # the QR code


def test_it_answers_not_found_for_an_unknown_area(client):
    assert client.get("/en/help/posters/48/a4/").status_code == 404
    assert client.get("/en/help/posters/tokyo/phone.svg").status_code == 404


def test_it_writes_every_poster_asked_for_with_the_command(directory, tmp_path):
    call_command(
        "posters", out=tmp_path, languages=["en", "km"], areas=["27", "national"], site_url="https://help.example"
    )
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*"))
    assert written == [
        "en/27-a4.html",
        "en/27-phone.svg",
        "en/national-a4.html",
        "en/national-phone.svg",
        "km/27-a4.html",
        "km/27-phone.svg",
        "km/national-a4.html",
        "km/national-phone.svg",
    ]
    a4 = (tmp_path / "km/27-a4.html").read_text()
    assert "<style>" in a4 and "@page { size: A4" in a4  # a file opened offline carries its own stylesheet
    assert 'aria-label="https://help.example/km/help/?p=27"' in a4
    ET.fromstring((tmp_path / "en/national-phone.svg").read_text())  # noqa: S314 (written by the command)


def test_it_names_the_valid_values_when_the_command_gets_a_bad_prefecture(directory, tmp_path):
    with pytest.raises(CommandError, match="Unknown prefecture: 48. Valid values: national, 01, 02"):
        call_command("posters", out=tmp_path, areas=["48"])
    with pytest.raises(CommandError, match="Unknown language: fr"):
        call_command("posters", out=tmp_path, languages=["fr"])


def test_it_shrinks_long_text_until_the_phone_image_fits(directory):
    for language in LANGUAGES:
        layout = posters.phone_layout(posters.poster(language, "46"))
        assert max(line["y"] for line in layout["blocks"]) <= posters.HEIGHT - 20
