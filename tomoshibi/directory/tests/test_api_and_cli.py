"""GET /api/v1/services, GET /api/v1/referrals and `tomoshibi refer`: same engine, same order."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

CASES = [
    {
        "postal-code": "530-0001",
        "age": "minor",
        "lang": "tl",
        "situation": ["image_abuse"],
        "danger": "no",
        "at": "2026-12-31T23:00",
    },
    {
        "prefecture": "13",
        "age": "adult",
        "situation": ["sexual_violence", "debt"],
        "danger": "yes",
        "at": "2026-03-04T12:00",
    },
    {
        "age": "adult",
        "lang": "vi",
        "situation": ["labour_exploitation,documents_taken"],
        "danger": "no",
        "channel": ["line"],
        "at": "2026-03-04T23:00",
    },
    {"postal-code": "950-0087", "gender": "male", "situation": ["sexual_violence"], "at": "2026-01-12T10:00"},
]


def api_query(case):
    return {key.replace("-", "_"): value for key, value in case.items()}


def cli_arguments(case):
    arguments = []
    for key, value in case.items():
        for item in value if isinstance(value, list) else [value]:
            arguments += [f"--{key}", item]
    return arguments


def refer(*arguments):
    out = io.StringIO()
    call_command("refer", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("case", CASES)
def test_it_ranks_the_same_in_the_cli_and_the_api(directory, case):
    api = Client().get("/api/v1/referrals", api_query(case)).json()["recommendations"]
    cli = json.loads(refer(*cli_arguments(case), "--json"))["recommendations"]
    assert [r["service_id"] for r in api] == [r["service_id"] for r in cli]
    assert api == cli


def test_it_prints_the_documented_json(directory):
    found = json.loads(refer(*cli_arguments(CASES[0]), "--json"))["recommendations"]
    first = found[0]
    assert {"service_id", "name", "phone", "open_now", "reasons"} <= set(first)
    assert (first["service_id"], first["phone"], first["open_now"]) == ("nat-189", "189", True)
    assert "child_abuse_hotline" in first["reasons"]


def test_it_prints_a_readable_list(directory):
    text = refer(*cli_arguments(CASES[1]))
    first, contact = text.splitlines()[:2]
    assert first.startswith("1. ") and first.endswith("[nat-police-110]")
    assert contact.strip() == "電話: tel:110 (24時間対応)"  # Japanese, like the person


def test_it_prints_the_whole_list_in_the_persons_language(directory):
    text = refer("--danger", "yes", "--lang", "en", "--at", "2026-03-04T12:00")
    assert text.splitlines()[1].strip() == "Phone: tel:110 (Open 24 hours)"


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--postal-code", "999-9999"], "--postal-code: postal_code"),
        (["--situation", "trafficking"], "--situation: situation"),
        (["--age", "child"], "--age: age"),
        (["--at", "31/12/2026"], "--at: at"),
        (["--lang", "日本語"], "--lang: language"),
    ],
)
def test_it_fails_the_cli_with_exit_2_and_the_valid_values(directory, arguments, named):
    with pytest.raises(CommandError) as error:
        refer(*arguments)
    assert error.value.returncode == 2
    assert str(error.value).startswith(named)
    assert "valid values" in str(error.value)


@pytest.mark.parametrize(
    ("query", "field", "valid"),
    [
        ({"postal_code": "000-0000"}, "postal_code", "530-0001"),
        ({"situation": "image_abuse,sextortion"}, "situation", "image_abuse"),
        ({"danger": "maybe"}, "danger", "unsure"),
        ({"at": "soon"}, "at", "2026-12-31T23:00"),
        ({"lang": "??"}, "lang", "ja"),
    ],
)
def test_it_answers_bad_api_input_with_400_and_the_valid_values(directory, query, field, valid):
    response = Client().get("/api/v1/referrals", query)
    error = response.json()["error"]
    assert response.status_code == 400
    assert error["field"] == field
    assert any(valid in value for value in error["valid"])


def test_it_lists_services_with_filters(directory):
    response = Client().get("/api/v1/services", {"prefecture": "15", "kind": "hotline", "language": "tl"})
    ids = [s["id"] for s in response.json()["services"]]
    assert response.status_code == 200
    assert "nat-dv-plus" in ids
    assert not [i for i in ids if i.startswith("osc-")]


def test_it_leaves_closed_services_out_unless_asked(directory):
    client = Client()
    open_ids = [s["id"] for s in client.get("/api/v1/services").json()["services"]]
    all_ids = [s["id"] for s in client.get("/api/v1/services", {"include_closed": "true"}).json()["services"]]
    assert "ngo-lighthouse" not in open_ids
    assert "ngo-lighthouse" in all_ids


def test_it_refuses_an_unknown_filter_value(directory):
    response = Client().get("/api/v1/services", {"serves": "everyone"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "serves"
    assert "minors" in response.json()["error"]["valid"]


def test_it_describes_both_endpoints_in_openapi(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/services" in paths
    assert "/api/v1/referrals" in paths


def test_it_refuses_a_flag_that_is_not_true_or_false_with_the_valid_values(directory):
    response = Client().get("/api/v1/services", {"include_closed": "maybe"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "bad_request",
            "problems": [],
            "field": "include_closed",
            "value": "maybe",
            "message": "not true or false",
            "valid": ["0", "1", "false", "true"],
        }
    }
