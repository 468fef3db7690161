"""The public directory pages, in Japanese and English, through the test client."""

import re

import pytest
from django.test import Client

from tomoshibi.directory.models import Contact, Service


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def page(client, path, **query):
    response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def browse(client, path, *, status=200, **choices):
    """Post a form the way a browser does: from its page, with the CSRF token it set; answered in place."""
    form = page(client, path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(path, {**choices, "csrfmiddlewaretoken": token})
    assert response.status_code == status, "the choices must be answered in place, never redirected"
    return response.content.decode()


def find_help(client, page_language, /, **answers):
    return browse(client, f"/{page_language}/directory/find-help/", **answers)


def main_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


ANSWERS = {
    "postal_code": "150-0002",
    "age": "minor",
    "danger": "yes",
    "situation": ["sexual_violence"],
    "gender": "female",
    "lang": "tl",
}


@pytest.mark.parametrize(("lang", "title"), [("ja", "相談窓口一覧"), ("en", "Support directory")])
def test_it_lists_the_active_services(directory, client, lang, title):
    html = page(client, f"/{lang}/directory/")
    assert title in html
    assert "警察 緊急通報 110番" in html
    assert "ライトハウス" not in html  # closed: history, not help


def test_it_shows_the_english_name_beside_the_japanese_one_on_other_pages(directory, client):
    english = page(client, "/en/directory/nat-189/")
    japanese = page(client, "/ja/directory/nat-189/")
    assert '<span lang="ja">児童相談所虐待対応ダイヤル「189(いちはやく)」</span>' in english
    assert "Child guidance center child-abuse hotline 189" in english
    assert "Child guidance center child-abuse hotline 189" not in japanese


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"prefecture": "27"}, ["osc-27-sachico", "nat-police-110"], ["osc-13-sarc-tokyo"]),
        ({"kind": "ngo"}, ["ngo-paps"], ["nat-police-110"]),
        ({"language": "tl"}, ["nat-dv-plus", "nat-isa-info-center"], ["ngo-paps"]),
        ({"serves": "minors", "prefecture": "13"}, ["ngo-colabo", "nat-189"], ["nat-dv-plus"]),
    ],
)
def test_it_filters_by_prefecture_kind_language_and_who_it_serves(directory, client, query, present, absent):
    html = browse(client, "/en/directory/", **query)
    for service_id in present:
        assert f"/en/directory/{service_id}/" in html
    for service_id in absent:
        assert f"/en/directory/{service_id}/" not in html


def test_it_keeps_the_filters_out_of_the_address(directory, client):
    response = client.get("/en/directory/", {"serves": "minors", "prefecture": "13"})
    assert response.status_code == 302 and response["Location"] == "/en/directory/"
    html = browse(client, "/en/directory/", serves="minors", prefecture="13")
    assert "serves=" not in html and "?prefecture" not in html  # no link repeats the choices
    assert 'value="minors" selected' in html or 'value="minors" checked' in html


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "No one-stop centre for victims of sexual violence is listed for Niigata"), ("ja", "新潟県の性暴力被害者")],
)
def test_it_points_to_8891_where_a_prefecture_has_no_centre(directory, client, lang, message):
    html = browse(client, f"/{lang}/directory/", prefecture="15")
    assert message in html
    assert "#8891" in html


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "“99” is not one of the choices."), ("ja", "「99」は選択肢にありません。")],
)
def test_it_explains_a_bad_filter_in_the_pages_language(directory, client, lang, message):
    html = browse(client, f"/{lang}/directory/", status=400, prefecture="99", kind="ngo")
    assert message in html
    assert 'value="ngo" selected' in html


def test_it_shows_contact_details_hours_languages_source_and_last_checked(directory, client):
    html = page(client, "/en/directory/nat-isa-info-center/")
    assert 'href="tel:0570-013904"' in html
    assert 'href="tel:03-5796-7112"' in html
    assert "Weekdays 08:30-17:15" in html
    assert "Vietnamese" in html and "Khmer" in html
    assert "https://www.isa.go.jp/en/publications/materials/newimmiact_4_q-and-a.html" in html
    assert "2026-12-06" in html and "Not yet checked by a directory maintainer" not in html


def test_it_links_hash_numbers_so_that_phones_dial_them(directory, client):
    html = page(client, "/ja/directory/nat-onestop-8891/")
    assert 'href="tel:%238891"' in html
    assert "#8891 に電話する" in html


def test_it_shows_the_date_a_maintainer_checked(directory, client):
    Service.objects.filter(pk="nat-189").update(last_checked="2026-04-01")
    assert "2026-04-01" in page(client, "/ja/directory/nat-189/")


def test_it_marks_a_closed_service_as_history(directory, client):
    html = page(client, "/en/directory/ngo-lighthouse/")
    assert "This service has closed." in html
    assert "tel:" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_it_answers_an_unknown_service_with_404(directory, client):
    assert client.get("/en/directory/no-such-service/").status_code == 404


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "You are under 18. 189 connects you"), ("ja", "あなたは18歳未満です。")]
)
def test_it_finds_help_for_a_situation(directory, client, lang, expected):
    html = find_help(
        client, lang, postal_code="530-0001", age="minor", danger="no", situation=["image_abuse"], lang="tl"
    )
    assert expected in html
    assert html.index('href="tel:189"') < html.index('href="https://paps.jp/reachingout"')


def test_it_refuses_answers_posted_without_the_csrf_token(directory, client):
    response = client.post("/en/directory/find-help/", {"age": "minor", "danger": "no"})
    assert response.status_code == 403


def test_it_puts_no_answer_in_any_link_or_the_title_of_the_answer_page(directory, client):
    html = find_help(client, "en", **ANSWERS)
    assert 'ol class="recommendations"' in html
    links = re.findall(r'(?:href|action|src)="([^"]*)"', html)
    assert links and all("?" not in link for link in links), [link for link in links if "?" in link]
    assert any(link == "/ja/directory/find-help/" for link in links)  # the language switcher: bare path
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    for value in ("150-0002", "1500002", "sexual_violence", "female", "minor", "danger"):
        assert value not in title
        assert all(value not in link for link in links)


def test_it_forgets_answers_given_in_an_old_link(directory, client):
    response = client.get("/en/directory/find-help/", ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == "/en/directory/find-help/"
    html = page(client, response["Location"])
    assert 'ol class="recommendations"' not in html
    assert "tel:" not in main_of(html)
    assert "150-0002" not in html
    assert re.findall(r'value="([^"]*)"[^>]*\bchecked\b', html) == ["unknown", "unsure"]  # the defaults only
    assert re.findall(r'value="([^"]*)"[^>]*\bselected\b', html) == ["", "", ""]  # prefecture, language, gender: unset


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "We could not find the postal code “999-9999”. Enter its 7 digits, such as 530-0001."),
        ("ja", "郵便番号「999-9999」が見つかりませんでした。"),
    ],
)
def test_it_refuses_an_unknown_postal_code_in_the_pages_language(directory, client, lang, message):
    html = find_help(client, lang, postal_code="999-9999", age="adult", danger="no")
    assert message in html
    assert 'value="999-9999"' in html  # what the person typed is kept
    assert "tel:" not in main_of(html)


def test_it_refuses_an_unknown_situation_and_keeps_the_answers(directory, client):
    html = find_help(client, "en", age="minor", danger="no", situation=["sextortion"])
    assert "“sextortion” is not one of the choices." in html
    assert '<input type="radio" name="age" value="minor" id="id_age_0" required checked>' in html


def test_it_asks_without_answering_on_first_visit(directory, client):
    html = page(client, "/ja/directory/find-help/")
    assert "あなたに合った相談先を探す" in html
    assert 'method="post"' in html
    assert "tel:" not in main_of(html)


def test_it_opens_a_services_line_account_from_the_list_and_its_page(directory, client):
    line = Contact.objects.filter(channel="line").select_related("service").first()
    html = browse(client, "/en/directory/", prefecture=line.service.prefecture_code or "13")
    assert f'<a class="button line" href="{line.value}"' in html
    assert f'href="{line.value}"' in page(client, f"/en/directory/{line.service_id}/")


@pytest.mark.parametrize(
    ("site_code", "listed_as"), [("zh-hant", "zh"), ("zh-hans", "zh"), ("pt-br", "pt"), ("ko", "ko")]
)
def test_a_site_language_finds_the_services_listed_under_its_language(directory, site_code, listed_as):
    speaking = set(Service.objects.speaking(site_code).values_list("id", flat=True))
    assert speaking and speaking == set(Service.objects.speaking(listed_as).values_list("id", flat=True))


@pytest.mark.parametrize("language", ["ko", "id", "ne", "my", "pt", "es", "zh"])
def test_it_filters_by_each_newer_language(directory, client, language):
    html = browse(client, "/en/directory/", language=language)
    speaking = list(Service.objects.speaking(language))
    assert speaking and all(f"/en/directory/{service.id}/" in html for service in speaking)
