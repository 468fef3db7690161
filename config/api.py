"""The JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json).

Each app keeps its endpoints in its own `api.py` as a ninja `router`; every
app that has one is mounted here, so adding an endpoint touches one app only.
Every error answer has the one shape of tomoshibi.core.api_errors, and the
schema documents, for every operation, each error answer it can give.
"""

import importlib

from django.apps import apps
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from tomoshibi.core.api_errors import CODES, ErrorOut, error_body

# Answers every operation can give: a request that cannot be read (too many parameters, a
# charset other than UTF-8) and a server error. 401 is added where a key is needed, 422 where
# there are parameters or a body to validate.
ALWAYS = (400, 500)


class TomoshibiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_error_answers(schema)
        return schema


api = TomoshibiAPI(
    title="Tomoshibi API",
    version="1",
    description=(
        "Support directory, referrals, reports and staff inboxes. Every error answer is "
        '`{"error": {"code", "message", "field", "value", "valid", "problems"}}` (see the ErrorOut schema), '
        "also 405 for a method a path does not offer (with an `Allow` header) and 404 for a path that does "
        "not exist. Only a body over the server's size limit is refused before the application runs, with a "
        "plain-text 413."
    ),
    urls_namespace="api",
    # The interactive docs page loads its script from a CDN; the schema is at /api/v1/openapi.json.
    docs_url=None,
)


def error_schema_ref(schema) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOut" not in components:
        generated = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(generated.pop("$defs", {}))
        components["ErrorOut"] = generated
    return {"$ref": "#/components/schemas/ErrorOut"}


def document_error_answers(schema) -> None:
    """Add the error answers ninja cannot see (400, 401, 422, 500) to every operation."""
    reference = {"content": {"application/json": {"schema": error_schema_ref(schema)}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            statuses = list(ALWAYS)
            statuses += [401] if operation.get("security") else []
            statuses += [422] if operation.get("parameters") or operation.get("requestBody") else []
            for status in statuses:
                operation["responses"].setdefault(str(status), {"description": CODES[status], **reference})


def validation_problem(error: dict) -> dict:
    place = [part for part in error.get("loc", ())[1:] if part != "payload"]
    field = ".".join(str(part) for part in place if not isinstance(part, int)) or str(error.get("loc", [""])[0])
    position = next((part + 1 for part in place if isinstance(part, int)), None)
    value = error.get("input")
    shown = "" if value is None or isinstance(value, dict | list) else str(value)[:200]
    return {
        "field": field,
        "position": position,
        "value": shown,
        "reason": error.get("type", ""),
        "message": error.get("msg", ""),
    }


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    problems = [validation_problem(error) for error in exc.errors]
    return api.create_response(request, error_body(422, problems=problems), status=422)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return api.create_response(request, error_body(exc.status_code, str(exc)), status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body(404), status=404)


def mount_app_routers() -> None:
    for app in apps.get_app_configs():
        if not app.name.startswith("tomoshibi."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.api")
        except ModuleNotFoundError as error:
            if error.name != f"{app.name}.api":
                raise
            continue
        api.add_router("", module.router, tags=[app.label])


mount_app_routers()
