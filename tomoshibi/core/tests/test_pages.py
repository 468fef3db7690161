import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tomoshibi.core.variants import full_languages

pytestmark = pytest.mark.django_db

HOME_TITLES = {
    "ja": "日本で人身取引・性的搾取の被害にあった人のための相談窓口案内",
    "en": "Help against trafficking and sexual exploitation in Japan",
    "tl": "Tulong laban sa human trafficking",
    "th": "ความช่วยเหลือสำหรับผู้ถูกค้ามนุษย์",
    "km": "ជំនួយប្រឆាំងការជួញដូរមនុស្ស",
    "vi": "Hỗ trợ chống mua bán người",
    "zh-hans": "在日本遭受人口贩运和性剥削时的求助指南",
}


def home_title(language: str) -> str:
    """The home page's title as the review checked it, or (for a newer language) its catalogue's, never a fallback."""
    if language in HOME_TITLES:
        return HOME_TITLES[language]
    with translation.override(language):
        title = gettext(HOME_TITLES["en"])
    assert title not in (HOME_TITLES["en"], HOME_TITLES["ja"])  # not the fallbacks of a missing translation
    return title


# Easy Japanese, a variant of Japanese, has its own tests: tomoshibi/core/tests/test_easy_japanese.py.
@pytest.mark.parametrize("language", [code for code, _name in full_languages()])
def test_it_serves_the_home_page_translated_in_every_language(client, language):
    response = client.get(f"/{language}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in body
    assert home_title(language) in body
    assert 'href="tel:110"' in body
    assert 'id="quick-exit"' in body
    for code, _name in full_languages():
        assert f'hreflang="{code}"' in body


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_it_explains_how_to_leave_no_trace_in_every_language(client, language):
    response = client.get(f"/{language}/no-trace/")
    assert response.status_code == 200
    assert response.content.decode().count("<li>") >= 5


# What phones and browsers send, and where it leads (only to languages the site offers).
ACCEPT_LANGUAGE = [
    ("en-GB,en;q=0.9", "/en/"),
    ("tl", "/tl/"),
    ("fil,tl;q=0.8", "/tl/"),
    ("fil-PH,fil;q=0.9,en;q=0.8", "/tl/"),  # what a phone set to Filipino sends
    ("fil", "/tl/"),
    ("en;q=0.5,FIL-ph", "/tl/"),
    ("th-TH", "/th/"),
    ("km", "/km/"),
    ("vi-VN,vi;q=0.9", "/vi/"),
    ("zh-CN,zh;q=0.9", "/zh-hans/"),
    ("zh-Hans-CN,zh;q=0.9", "/zh-hans/"),
    ("zh-SG", "/zh-hans/"),
    ("zh", "/zh-hans/"),
    ("zh-TW,zh;q=0.9,en-US;q=0.8", "/zh-hant/"),  # what a phone in Taiwan sends
    ("zh-HK", "/zh-hant/"),
    ("zh-Hant-TW,zh-Hant;q=0.9", "/zh-hant/"),  # iOS set to Traditional Chinese
    ("zh-Hant-HK", "/zh-hant/"),
    ("zh-hant", "/zh-hant/"),
    ("ko-KR,ko;q=0.9", "/ko/"),
    ("ko", "/ko/"),
    ("id-ID,id;q=0.9", "/id/"),
    ("in-ID,in;q=0.9", "/id/"),  # the old code some Android phones send
    ("in", "/id/"),
    ("ne-NP", "/ne/"),
    ("ne", "/ne/"),
    ("my-MM,my;q=0.9", "/my/"),
    ("my", "/my/"),
    ("pt-BR,pt;q=0.9", "/pt-br/"),
    ("pt", "/pt-br/"),
    ("pt-PT", "/pt-br/"),
    ("es-419,es;q=0.9", "/es/"),
    ("es-MX", "/es/"),
    ("es-ES", "/es/"),
    ("es", "/es/"),
    ("de-DE,es;q=0.5", "/es/"),
    ("de-DE", "/ja/"),
    ("", "/ja/"),
]
OFFERED = {f"/{code}/" for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize(("accept", "expected"), [case for case in ACCEPT_LANGUAGE if case[1] in OFFERED])
def test_it_redirects_the_root_by_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_an_unprefixed_page_follows_a_filipino_phone_too(client):
    response = client.get("/help/", HTTP_ACCEPT_LANGUAGE="fil-PH,fil;q=0.9")
    assert response["Location"] == "/tl/help/"


def test_the_language_switcher_names_each_language_in_its_own_script(client):
    body = client.get("/en/").content.decode()
    for name in ["日本語", "Filipino", "ภาษาไทย", "ភាសាខ្មែរ", "Tiếng Việt", "简体中文"]:
        assert name in body
    newer = {"id": "Bahasa Indonesia", "ko": "한국어", "ne": "नेपाली", "my": "မြန်မာ", "pt-br": "Português (Brasil)"}
    newer |= {"zh-hant": "繁體中文", "es": "Español"}
    offered = [code for code, _name in settings.LANGUAGES if code in newer]
    assert offered
    for code in offered:
        assert f'lang="{code}" hreflang="{code}">{newer[code]}</a>' in body


def test_it_keeps_the_page_when_switching_language(client):
    body = client.get("/en/no-trace/").content.decode()
    assert 'href="/ja/no-trace/"' in body and 'href="/tl/no-trace/"' in body


def test_quick_exit_forgets_the_session_and_leaves_for_a_neutral_site():
    client = Client()
    session = client.session
    session["help_answers"] = {"danger": "no"}
    session.save()
    response = client.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.QUICK_EXIT_URL
    assert "help_answers" not in client.session
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.cookies[settings.CSRF_COOKIE_NAME]["max-age"] == 0


def test_it_answers_unknown_pages_with_a_translated_404(client):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_the_translation_check_refuses_a_placeholder_plural_forms_header(tmp_path):
    from tomoshibi.core.i18n import check_catalogue

    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n', encoding="utf-8")
    assert [p.problem for p in check_catalogue(po)] == ["invalid header 'nplurals=INTEGER; plural=EXPRESSION;'"]


def test_no_cookie_outlives_the_browser_session(client):
    response = client.get("/en/help/")
    assert response.cookies
    for cookie in response.cookies.values():
        assert not cookie["max-age"] and not cookie["expires"]
