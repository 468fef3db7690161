"""Easy Japanese (ja-easy): how Django finds it, how it is offered, and how its pages are rendered."""

import gzip
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tomoshibi.core import i18n

pytestmark = pytest.mark.django_db

EASY = "ja-easy"


class Parts(HTMLParser):
    """What a page says in text, in its attributes and in its <title>."""

    def __init__(self):
        super().__init__()
        self.attributes, self.title, self.open = [], "", []

    def handle_starttag(self, tag, attrs):
        self.attributes += [value or "" for _name, value in attrs]
        self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if self.open and self.open[-1] == "title":
            self.title += data


def parts(page: str) -> Parts:
    parser = Parts()
    parser.feed(page)
    return parser


def body(response) -> str:
    content = response.content
    return (gzip.decompress(content) if response.get("Content-Encoding") == "gzip" else content).decode()


def test_django_finds_its_catalogues_under_the_locale_ja_easy():
    assert translation.to_locale(EASY) == "ja_Easy"
    assert translation.check_for_language(EASY)
    assert translation.get_language_info(EASY)["name_local"] == "やさしい にほんご"


def test_a_rewritten_message_is_easy_japanese_and_any_other_falls_back_to_japanese():
    with translation.override(EASY):
        rewritten = translation.gettext("Find help now")
        staff = translation.gettext("Sign in")  # a staff page: never rewritten
        django_own = translation.gettext("This field is required.")  # Django's own catalogue
    with translation.override("ja"):
        assert rewritten != translation.gettext("Find help now")
        assert staff == translation.gettext("Sign in") != "Sign in"
        assert django_own == translation.gettext("This field is required.") != "This field is required."
    assert rewritten == "いますぐ｛相談先｜そうだんさき｝をさがす"


@pytest.mark.parametrize(
    "accept",
    [
        "ja",
        "ja-JP",
        "ja-JP,ja;q=0.9",
        "ja-Hira",
        "ja-Jpan-JP",
        "ja-x-easy",
        "ja-easy",
        "ja-Easy,en;q=0.5",
        "en;q=0.1,ja",
    ],
)
def test_accept_language_never_chooses_it(client, accept):
    """It is offered by a link, never negotiated: no browser asks for it, and `/` never sends anyone there."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Location"] == "/ja/"


def test_the_japanese_pages_and_the_switcher_offer_it(client):
    page = client.get("/ja/help/").content.decode()
    assert '<a href="/ja-easy/help/" lang="ja" hreflang="ja">やさしい にほんご</a>' in page
    easy = body(client.get("/ja-easy/help/"))
    assert '<a href="/ja/help/" lang="ja" hreflang="ja">日本語</a>' in easy
    assert 'href="/ja-easy/help/" lang="ja" hreflang="ja" aria-current="true"' in easy


@pytest.mark.parametrize(
    "path",
    [
        "/ja-easy/",
        "/ja-easy/no-trace/",
        "/ja-easy/help/",
        "/ja-easy/nowhere/",
        "/ja-easy/consult/",
        "/ja-easy/consult/start/",
        "/ja-easy/report/",
        "/ja-easy/report/status/",
        "/ja-easy/stats/",
    ],
)
def test_its_pages_are_japanese_with_ruby_in_text_and_none_in_attributes_or_title(client, path):
    page = body(client.get(path))
    assert '<html lang="ja"' in page
    assert "<ruby>" in page and "<rt>" in page
    assert "｛" not in page and "｜" not in page  # every notation was converted
    found = parts(page)
    assert found.title.strip() and "<" not in found.title
    assert not [value for value in found.attributes if "ruby" in value or "｛" in value]


def test_the_home_page_reads_in_easy_japanese(client):
    page = client.get("/ja-easy/").content.decode()
    assert "<ruby>日本<rt>にほん</rt></ruby>で<ruby>人身取引<rt>じんしんとりひき</rt></ruby>" in page
    assert 'aria-label="ことば"' in page
    assert "ビザがなくても、ビザが<ruby>切<rt>き</rt></ruby>れていても" in page  # no visa at all is included


def test_an_attribute_gets_the_plain_kanji(client):
    page = client.get("/ja-easy/no-trace/").content.decode()
    assert "<title>このサイトを見たことを知られないために</title>" in page


def test_a_page_is_escaped_before_its_notation_is_converted():
    """Whatever a person typed is escaped first: notation around markup is no notation, and stays text."""
    from django.template import engines

    template = engines["django"].from_string('<p title="{{ typed }}">{{ typed }}</p><textarea>{{ typed }}</textarea>')
    with translation.override(EASY):
        hostile = template.render({"typed": "｛<img src=x onerror=alert(1)>｜かんじ｝"})
        harmless = template.render({"typed": "｛漢字｜かんじ｝<b>"})
    assert "<img" not in hostile and "&lt;img src=x onerror=alert(1)&gt;" in hostile
    assert harmless == (
        '<p title="漢字&lt;b&gt;"><ruby>漢字<rt>かんじ</rt></ruby>&lt;b&gt;</p><textarea>漢字&lt;b&gt;</textarea>'
    )


def test_the_check_requires_every_public_message_and_its_readings(tmp_path):
    po = tmp_path / "ja_Easy" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    public = "tomoshibi/help/templates/help/answer.html"
    catalogue.append(polib.POEntry(msgid="Call 110", msgstr="", occurrences=[(public, "3")]))
    catalogue.append(polib.POEntry(msgid="Next", msgstr="次へ", occurrences=[(public, "4")]))
    catalogue.append(polib.POEntry(msgid="Back", msgstr="｛戻｜モド｝る", occurrences=[(public, "5")]))
    catalogue.append(polib.POEntry(msgid="Sign in", msgstr="", occurrences=[("tomoshibi/accounts/forms.py", "9")]))
    catalogue.save(str(po))
    problems = {(p.msgid, p.problem.split(":")[0]) for p in i18n.check_catalogue(po)}
    assert problems == {("Call 110", "untranslated"), ("Next", "furigana"), ("Back", "furigana")}


def test_the_status_shows_easy_japanese_on_its_own_line(capsys):
    from django.core.management import call_command

    call_command("messages", "check")
    lines = capsys.readouterr().out.splitlines()
    easy = [line for line in lines if line.startswith("ja_Easy (easy Japanese): public pages complete")]
    assert len(easy) == 1 and "other messages fall back to Japanese" in easy[0]


def test_it_is_listed_only_where_pages_are_served():
    from tomoshibi.accounts.forms import language_choices
    from tomoshibi.core.variants import full_languages

    assert EASY in dict(settings.LANGUAGES)
    assert EASY not in dict(full_languages()) and EASY not in dict(language_choices())


def write_catalogue(path, entries):
    path.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    for msgid, msgstr in entries.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save(str(path))
    return path


def test_a_message_left_by_one_app_reads_as_rewritten_elsewhere_or_else_as_japanese(tmp_path):
    """Django merges all apps' catalogues: an app's Japanese must never undo another app's easy Japanese."""
    japanese = {"Your receipt": "受付番号", "Status": "状態"}
    write_catalogue(tmp_path / "app" / "locale" / "ja" / "LC_MESSAGES" / "django.po", japanese)
    easy = write_catalogue(
        tmp_path / "app" / "locale" / "ja_Easy" / "LC_MESSAGES" / "django.po", {"Your receipt": "", "Status": ""}
    )
    other = write_catalogue(
        tmp_path / "other" / "locale" / "ja_Easy" / "LC_MESSAGES" / "django.po",
        {"Your receipt": "あなたの｛受付番号｜うけつけばんごう｝"},
    )
    compiled = i18n.compiled_catalogue(easy, i18n.translated_entries([other]))
    assert {entry.msgid: entry.msgstr for entry in compiled} == {
        "Your receipt": "あなたの｛受付番号｜うけつけばんごう｝",
        "Status": "状態",
    }


def test_a_copy_of_the_japanese_marked_as_such_counts_as_japanese_everywhere(tmp_path):
    """`messages fill-easy` leaves no empty entry: the copy needs no readings, is refused on a public page,
    and never undoes easy Japanese that another app has for the same message."""
    po = tmp_path / "app" / "locale" / "ja_Easy" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    mark = i18n.JAPANESE_FALLBACK
    staff, public = "tomoshibi/accounts/forms.py", "tomoshibi/help/templates/help/answer.html"
    catalogue.append(polib.POEntry(msgid="Sign in", msgstr="ログイン用紙", tcomment=mark, occurrences=[(staff, "9")]))
    catalogue.append(polib.POEntry(msgid="Call 110", msgstr="110番", tcomment=mark, occurrences=[(public, "3")]))
    catalogue.append(polib.POEntry(msgid="Your receipt", msgstr="受付番号", tcomment=mark, occurrences=[(staff, "4")]))
    catalogue.save(str(po))
    problems = {(p.msgid, p.problem) for p in i18n.check_catalogue(po)}
    assert problems == {("Call 110", "ordinary Japanese on a public page")}
    other = write_catalogue(
        tmp_path / "other" / "locale" / "ja_Easy" / "LC_MESSAGES" / "django.po",
        {"Your receipt": "あなたの｛受付番号｜うけつけばんごう｝"},
    )
    compiled = {e.msgid: e.msgstr for e in i18n.compiled_catalogue(po, i18n.translated_entries([other, po]))}
    assert compiled["Your receipt"] == "あなたの｛受付番号｜うけつけばんごう｝"
    assert compiled["Sign in"] == "ログイン用紙"
