"""The help flow in easy Japanese (ja-easy): every step and the answer, read through the real views."""

import pytest

from .conftest import Person
from .pages import flow_pages

pytestmark = pytest.mark.django_db

EASY = "ja-easy"


def test_the_help_flow_reads_in_easy_japanese_at_every_step(directory):
    for name, page, _sent in flow_pages(EASY):
        assert '<html lang="ja"' in page, name
        assert "<ruby>" in page and "｛" not in page, name
        assert 'aria-current="true">やさしい にほんご</a>' in page, name


def test_the_answer_recommends_what_japanese_readers_get(directory):
    """The variant changes the words only: the same services, in the same order, as in Japanese."""
    answers = []
    for language in ("ja", EASY):
        person = Person(language)
        person.answer_all(safe="yes", age="minor", cards=["images"], channels=["phone"])
        page = person.text()
        start = page.index('<ol class="recommendations"')
        answers.append(page[start : page.index("</ol>", start)].count('<span lang="ja">'))
        assert (
            "<ruby>罰<rt>ばつ</rt></ruby>を<ruby>受<rt>う</rt></ruby>けたり、せめられたり" in page or language == "ja"
        )
    assert answers[0] == answers[1] > 0


def test_a_service_the_answer_links_to_reads_in_easy_japanese(client, directory):
    page = client.get("/ja-easy/directory/nat-ihc/").content.decode()
    assert '<html lang="ja"' in page and "｛" not in page
    assert "<ruby>連絡<rt>れんらく</rt></ruby>のしかた" in page


def test_the_directory_list_and_search_read_in_easy_japanese(client, directory):
    for path in ("/ja-easy/directory/", "/ja-easy/directory/find-help/"):
        page = client.get(path).content.decode()
        assert '<html lang="ja"' in page and "｛" not in page, path
        assert "｛" not in page and "<ruby>相談先<rt>そうだんさき</rt></ruby>" in page, path
