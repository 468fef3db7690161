"""Every supported language is complete on the help pages."""

import html
import re
from pathlib import Path

import polib
import pytest

from tomoshibi.core.i18n import check_catalogue, locale_dir_name
from tomoshibi.core.variants import full_languages

from .pages import flow_pages, other_pages

LOCALE = Path(__file__).resolve().parents[1] / "locale"
QUOTED_DATA = re.compile(r'<span class="[^"]*" lang="(?:en|ja)">[^<]*</span>|<span lang="(?:en|ja)">[^<]*</span>')
# Easy Japanese rewrites only the public pages (tomoshibi/core/tests/test_easy_japanese.py).
TRANSLATED = [code for code, _name in full_languages() if code != "en"]


def catalogue(language):
    return LOCALE / locale_dir_name(language) / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_has_a_complete_catalogue_in_every_supported_language(language):
    path = catalogue(language)
    assert path.exists(), f"missing {path}"
    assert [str(problem) for problem in check_catalogue(path)] == []
    assert polib.pofile(str(path)).percent_translated() == 100


@pytest.mark.parametrize("language", TRANSLATED)
def test_it_shows_no_untranslated_string_on_any_help_page(directory, language):
    entries = polib.pofile(str(catalogue(language)))
    english = [e.msgid for e in entries if e.msgid != e.msgstr and len(e.msgid) > 4 and "%(" not in e.msgid]
    english += [e.msgid.split("%(")[0] for e in entries if "%(" in e.msgid and len(e.msgid.split("%(")[0]) > 8]
    pages = [(name, page) for name, page, _size in flow_pages(language)] + other_pages(language)
    for name, page in pages:
        text = html.unescape(page)
        assert f'lang="{language}"' in text, name
        # Directory data (names, notes) exists only in Japanese and English and is marked so.
        text = QUOTED_DATA.sub(" ", text)
        left = [msgid for msgid in english if msgid in text]
        assert left == [], f"{language} {name}: {left}"
