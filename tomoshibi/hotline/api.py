"""JSON API of the hotline (mounted under /api/v1/): trusted partners file reports; anyone follows one.

`POST /api/v1/reports` needs a partner key in the `X-API-Key` header (made with
`tomoshibi hotline partner-key`); `GET /api/v1/reports/status` needs only a receipt.
"""

from django.conf import settings
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import APIKeyHeader

from tomoshibi.core import ratelimit
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


class AddressProblem(Schema):
    line: int = Field(..., description="position of the address in `urls`, from 1")
    address: str
    reason: str = Field(..., description="empty, too_long, scheme_not_allowed, no_host or too_many")
    message: str


class ProblemsOut(Schema):
    detail: str
    problems: list[AddressProblem]


class StatusOut(Schema):
    status: PublicStatus


class MessageOut(Schema):
    detail: str


def problem_out(problem: LineProblem) -> dict:
    refused = ReportUrlRefused(problem.reason, problem.scheme)
    return {"line": problem.line, "address": problem.text[:200], "reason": problem.reason, "message": str(refused)}


def address_problems(urls: list[str]) -> list[dict]:
    read = read_addresses(urls)
    problems = [problem_out(LineProblem(n, "", Refusal.EMPTY)) for n, url in enumerate(urls, 1) if not url.strip()]
    problems += [problem_out(problem) for problem in read.problems]
    if len(urls) > MAX_ADDRESSES:
        message = f"{len(urls)} addresses given; a report takes at most {MAX_ADDRESSES}"
        problems.append({"line": MAX_ADDRESSES + 1, "address": "", "reason": "too_many", "message": message})
    return sorted(problems, key=lambda problem: problem["line"])


@router.post(
    "/reports",
    auth=PartnerKeyHeader(),
    response={201: ReceiptOut, 422: ProblemsOut},
    summary="File a report for a trusted partner",
)
def create_report(request, payload: ReportIn):
    problems = address_problems(payload.urls)
    if problems:
        return Status(422, {"detail": "some addresses cannot be reported; nothing was stored", "problems": problems})
    if payload.language not in {code for code, _name in settings.LANGUAGES}:
        detail = "unknown language; use one of " + ", ".join(code for code, _name in settings.LANGUAGES)
        return Status(422, {"detail": detail, "problems": []})
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


@router.get(
    "/reports/status",
    response={200: StatusOut, 400: MessageOut, 404: MessageOut, 429: MessageOut},
    summary="The coarse status of a report, from its receipt",
)
def report_status(request, receipt: str = Query(..., max_length=40, description="the 16-digit receipt")):
    digits = normalise_receipt(receipt)
    if digits is None:
        return Status(400, {"detail": "a receipt has 16 digits, for example 1234 5678 9012 3456"})
    if not ratelimit.allow(request, "hotline-status", status_rule()):
        return Status(429, {"detail": "too many tries; wait a few minutes"})
    report = find_report(digits)
    if report is None:
        return Status(404, {"detail": "no report has this receipt"})
    return Status(200, {"status": report.public_status})
