"""The JSON API has one error shape, and its OpenAPI schema documents every error answer."""

import json

import pytest
from django.test import Client, override_settings

from tomoshibi.core.api_errors import CODES

pytestmark = pytest.mark.django_db

FIELDS = {"code", "message", "field", "value", "valid", "problems"}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == FIELDS and error["code"] == CODES[status] and error["message"]
    return error


def test_a_partner_gets_the_same_shape_for_every_kind_of_error(db):
    client = Client(raise_request_exception=False)
    assert_error(client.post("/api/v1/reports", "{}", content_type="application/json"), 401)
    assert_error(client.get("/api/v1/consultations/some-org/inbox", HTTP_AUTHORIZATION="Bearer nope"), 401)
    assert_error(client.get("/api/v1/no-such-endpoint"), 404)
    assert_error(client.get("/api/v1/services", {"kind": "castle"}), 400)
    assert_error(client.get("/api/v1/services?" + "&".join(f"p{n}=1" for n in range(1200))), 400)
    broken = assert_error(client.post("/api/v1/reports/status", "{not json", content_type="application/json"), 400)
    assert broken["problems"] == [] or broken["problems"][0]["field"]
    invalid = assert_error(client.post("/api/v1/reports/status", "{}", content_type="application/json"), 422)
    assert invalid["problems"][0]["field"] == "receipt" and invalid["problems"][0]["reason"] == "missing"


def test_a_partner_using_a_method_a_path_does_not_offer_gets_405_in_the_one_shape(db):
    client = Client(raise_request_exception=False)
    for method in (client.put, client.delete):
        response = method("/api/v1/reports/status", "{}", content_type="application/json")
        assert_error(response, 405)
        assert "POST" in response["Allow"]


@override_settings(DEBUG=True)
def test_a_developer_with_debug_on_gets_a_json_404_for_an_unknown_api_path(db):
    assert_error(Client(raise_request_exception=False).get("/api/v1/no-such-endpoint"), 404)
    assert_error(Client(raise_request_exception=False).get("/api/no-such-version/"), 404)


def test_the_schema_documents_every_error_answer_with_the_one_shape(db):
    schema = Client().get("/api/v1/openapi.json").json()
    error_ref = "#/components/schemas/ErrorOut"
    assert set(schema["components"]["schemas"]["ErrorDetail"]["properties"]) == FIELDS
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            errors = {status: answer for status, answer in answers.items() if int(status) >= 400}
            assert {"400", "500"} <= set(errors), (method, path)
            if operation.get("security"):
                assert "401" in errors, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in errors, (method, path)
            for status, answer in errors.items():
                assert json.dumps(answer).count(error_ref) == 1, (method, path, status)
    status = schema["paths"]["/api/v1/reports/status"]["post"]["responses"]
    assert {"200", "400", "404", "422", "429", "500"} <= set(status)
    inbox = schema["paths"]["/api/v1/consultations/{organisation}/inbox"]["get"]["responses"]
    assert {"401", "404"} <= set(inbox)
