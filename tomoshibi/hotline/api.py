"""JSON API of the hotline (mounted under /api/v1/): trusted partners file reports; anyone follows one.

`POST /api/v1/reports` needs a partner key in the `X-API-Key` header (made with
`tomoshibi hotline partner-key`); `POST /api/v1/reports/status` needs only a receipt, in the
body, so that it never sits in a URL (proxy logs, browser history). `GET` with `?receipt=` still
answers for one release, marked deprecated.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import APIKeyHeader

from tomoshibi.core import ratelimit
from tomoshibi.core.api_errors import error_body, errors
from tomoshibi.vault.crypto import normalise_receipt

from .access import partner_for_secret
from .actions import Submission, do_note_partner_use, do_submit_report
from .canonical import Refusal, ReportUrlRefused
from .intake import MAX_ADDRESSES, LineProblem, read_addresses
from .models import MAX_CONTACT_LENGTH, MAX_DESCRIPTION_LENGTH, Category, PublicStatus, SeenOn
from .receipts import find_report
from .views.public import status_rule

router = Router()

# The API accepts more entries than a report takes, so that the answer can say how many too many.
MOST_ENTRIES_READ = 200


class PartnerKeyHeader(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request, key):
        partner = partner_for_secret(key) if key else None
        if partner is not None:
            do_note_partner_use(partner)
        return partner


class ReportIn(Schema):
    urls: list[str] = Field(
        ...,
        min_length=1,
        max_length=MOST_ENTRIES_READ,
        description=f"1 to {MAX_ADDRESSES} addresses (http, https, ftp)",
    )
    category: Category
    seen_on: SeenOn
    description: str = Field("", max_length=MAX_DESCRIPTION_LENGTH)
    contact: str = Field("", max_length=MAX_CONTACT_LENGTH, description="the partner's own contact or case reference")
    language: str = Field(
        "ja", description="language the report was written in: " + ", ".join(code for code, _name in settings.LANGUAGES)
    )


class ReceiptOut(Schema):
    receipt: str = Field(..., description="16 digits; shown once, never stored: keep it to follow the report")
    status: PublicStatus


class StatusOut(Schema):
    status: PublicStatus


class ReceiptIn(Schema):
    receipt: str = Field(..., max_length=40, description="the 16-digit receipt (spaces and dashes are ignored)")


# RFC 9745: the date the GET form was deprecated (2026-12-06), as a Unix time.
STATUS_BY_GET_DEPRECATED = "@1796515200"


def problem_out(problem: LineProblem) -> dict:
    refused = ReportUrlRefused(problem.reason, problem.scheme)
    return {
        "field": "urls",
        "position": problem.line,
        "value": problem.text[:200],
        "reason": problem.reason,
        "message": str(refused),
    }


def address_problems(urls: list[str]) -> list[dict]:
    read = read_addresses(urls)
    problems = [problem_out(LineProblem(n, "", Refusal.EMPTY)) for n, url in enumerate(urls, 1) if not url.strip()]
    problems += [problem_out(problem) for problem in read.problems]
    if len(urls) > MAX_ADDRESSES:
        message = f"{len(urls)} addresses given; a report takes at most {MAX_ADDRESSES}"
        problems.append(
            {"field": "urls", "position": MAX_ADDRESSES + 1, "value": "", "reason": "too_many", "message": message}
        )
    return sorted(problems, key=lambda problem: problem["position"])


@router.post(
    "/reports",
    auth=PartnerKeyHeader(),
    response={201: ReceiptOut, **errors(401, 422)},
    summary="File a report for a trusted partner",
)
def create_report(request, payload: ReportIn):
    problems = address_problems(payload.urls)
    if problems:
        return Status(422, error_body(422, "some addresses cannot be reported; nothing was stored", problems=problems))
    languages = [code for code, _name in settings.LANGUAGES]
    if payload.language not in languages:
        message = "unknown language; use one of " + ", ".join(languages)
        return Status(422, error_body(422, message, field="language", value=payload.language[:20], valid=languages))
    partner = request.auth
    submission = Submission(
        addresses=read_addresses(payload.urls).addresses,
        category=payload.category,
        seen_on=payload.seen_on,
        language=payload.language,
        description=payload.description.strip(),
        contact=payload.contact.strip(),
    )
    report, receipt = do_submit_report(partner.desk, submission, partner=partner)
    return Status(201, {"receipt": receipt, "status": report.public_status})


def status_answer(request, receipt: str) -> Status:
    digits = normalise_receipt(receipt)
    if digits is None:
        message = "a receipt has 16 digits, for example 1234 5678 9012 3456"
        return Status(400, error_body(400, message, field="receipt"))
    report, refused = ratelimit.look_up_receipt(request, "hotline-status", status_rule(), digits, find_report)
    if refused:
        return Status(429, error_body(429))
    if report is None:
        return Status(404, error_body(404, "no report has this receipt", field="receipt"))
    return Status(200, {"status": report.public_status})


@router.post(
    "/reports/status",
    response={200: StatusOut, **errors(400, 404, 429)},
    summary="The coarse status of a report, from its receipt",
)
def report_status(request, payload: ReceiptIn):
    """The receipt travels in the body, never in the URL."""
    return status_answer(request, payload.receipt)


@router.get(
    "/reports/status",
    response={200: StatusOut, **errors(400, 404, 429)},
    summary="Deprecated: the status from a receipt in the URL; use POST",
    deprecated=True,
)
def report_status_by_get(request, response: HttpResponse, receipt: str = Query(..., max_length=40)):
    """Kept for one release. A receipt in a URL stays in proxy logs and browser history: use POST."""
    response["Deprecation"] = STATUS_BY_GET_DEPRECATED
    response["Link"] = f'<{reverse("api:report_status")}>; rel="successor-version"'
    return status_answer(request, receipt)
