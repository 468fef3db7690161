"""The page, the API and `tomoshibi ads screen` give the same answer for the same text."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tomoshibi.joboffers.checker import check_offer
from tomoshibi.joboffers.tests.test_checker import CONVENIENCE_STORE, MODEL_WORK, VIETNAMESE_BROKER

OFFERS = [("store", CONVENIENCE_STORE), ("broker", VIETNAMESE_BROKER), ("model", MODEL_WORK)]


def api(payload):
    return Client().post("/api/v1/job-offers/screen", json.dumps(payload), content_type="application/json")


def cli(*arguments, stdin=None):
    out = io.StringIO()
    call_command("ads", "screen", *arguments, stdout=out)
    return out.getvalue()


def summary(results):
    return [(r["id"], r["level"], sorted(i["id"] for i in r["indicators"])) for r in results]


@pytest.fixture
def offers_file(tmp_path):
    path = tmp_path / "offers.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in OFFERS), encoding="utf-8"
    )
    return path


def test_the_api_and_the_cli_rank_the_same_offers_the_same_way(db, offers_file):
    from_api = api({"offers": [{"id": i, "text": t} for i, t in OFFERS]}).json()["results"]
    from_cli = json.loads(cli(str(offers_file), "--json"))
    assert summary(from_api) == summary(from_cli)
    assert [r["id"] for r in from_api][-1] == "store"  # ranked by concern, the ordinary offer last
    assert from_api[0]["level"] == "strong_signs"


def test_the_page_shows_what_the_api_answers(db, visitor):
    result = api({"text": VIETNAMESE_BROKER, "lang": "en"}).json()["results"][0]
    visitor.post("/en/job-offer/", {"text": VIETNAMESE_BROKER})
    for indicator in result["indicators"]:
        assert indicator["title"] in visitor.text()
    assert result["level"] == check_offer(VIETNAMESE_BROKER).level


def test_the_cli_reads_one_plain_offer_and_names_the_signs_in_the_language_asked(db, tmp_path):
    path = tmp_path / "offer.txt"
    path.write_text(VIETNAMESE_BROKER, encoding="utf-8")
    out = cli(str(path), "--lang", "ja")
    assert "strong_signs" in out and "[documents_kept]" in out and "giữ hộ chiếu" in out


def test_the_api_refuses_what_it_cannot_check_with_the_field_named(db):
    empty = api({})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "text"
    blank = api({"text": "   "})
    assert blank.status_code == 422 and "empty" in blank.json()["error"]["message"]


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"id": 1, "text": "ok"}\n{broken', "line 2 is not JSON"), ('{"id": 1}', 'expected an object with a "text"')],
)
def test_the_cli_names_the_line_it_cannot_read(db, tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        cli(str(path))


def test_the_cli_refuses_a_missing_file_and_an_unknown_language(db):
    with pytest.raises(CommandError, match="no such file"):
        cli("/nonexistent/offers.jsonl")
    with pytest.raises(CommandError, match="not a site language"):
        cli("/nonexistent/offers.jsonl", "--lang", "xx")
