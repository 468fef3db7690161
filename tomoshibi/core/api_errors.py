"""One error shape for the whole JSON API (/api/v1/), and the answers each operation documents.

Every answer that is not a success has the same body, whichever app or layer gives it (a
view, an authentication class, a validation error, the request checks in core.middleware,
Django's 404 and 500 pages under /api/):

    {"error": {"code": "invalid", "message": "...", "field": null, "value": null,
               "valid": [], "problems": [{"field": "urls", "position": 2, "value": "...",
                                          "reason": "scheme_not_allowed", "message": "..."}]}}

`code` is fixed per status (see CODES); `message` is for people; `field`, `value` and `valid`
name the one parameter at fault when there is one; `problems` lists each fault in a body.
"""

from django.http import JsonResponse
from ninja import Field, Schema

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}
MESSAGES = {
    400: "the request cannot be read",
    401: "a valid key or token is needed",
    403: "not allowed",
    404: "not found",
    405: "method not allowed",
    413: "the request is too large",
    422: "the request is not valid",
    429: "too many requests; wait a few minutes",
    500: "server error; nothing was stored by this request",
}


class Problem(Schema):
    field: str = Field(..., description="the body field or parameter at fault, e.g. `urls` or `category`")
    position: int | None = Field(None, description="for a list: the entry's position, from 1")
    value: str = Field("", description="the value given (shortened)")
    reason: str = Field(..., description="a stable machine-readable reason, e.g. `scheme_not_allowed`")
    message: str


class ErrorDetail(Schema):
    code: str = Field(..., description=", ".join(f"{status}: {code}" for status, code in CODES.items()))
    message: str
    field: str | None = Field(None, description="the one parameter at fault, when there is one")
    value: str | None = None
    valid: list[str] = Field([], description="the values that parameter accepts, when they are few")
    problems: list[Problem] = Field([], description="each fault found in a request body")


class ErrorOut(Schema):
    error: ErrorDetail


def error_body(status: int, message: str = "", **details) -> dict:
    """The body of an error answer with this status; `details` are ErrorDetail's other fields.

    Every field is always present, also in answers made outside ninja's schemas.
    """
    detail = {"field": None, "value": None, "valid": [], "problems": [], **details}
    return {"error": {"code": CODES.get(status, "error"), "message": message or MESSAGES.get(status, ""), **detail}}


def error_response(status: int, message: str = "", **details) -> JsonResponse:
    """An error answer outside ninja (middleware, Django's 404 and 500 handlers)."""
    return JsonResponse(error_body(status, message, **details), status=status)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response=` entries for the error answers an operation gives, e.g. `{200: X, **errors(404, 429)}`."""
    return dict.fromkeys(statuses, ErrorOut)


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")
