"""The public side: file a report anonymously, keep the receipt, follow the report's coarse status.

Nothing here stores who reports: no name is asked, no address or browser is kept,
the addresses and description are sealed before they are written, and the receipt
is shown once, after the report is committed.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tomoshibi.core import ratelimit
from tomoshibi.directory.referrals import ReferralError, referrals_for
from tomoshibi.vault.crypto import format_receipt

from ..access import public_desk
from ..actions import Submission, do_submit_report
from ..forms import MAX_URLS_TEXT, ReceiptForm, ReportForm
from ..models import Category
from ..receipts import find_report

HOUR = 60 * 60


def reports_rule() -> tuple[int, int]:
    """Reports per hour from one connection (keyed hash, never the address)."""
    return int(getattr(settings, "HOTLINE_REPORTS_PER_HOUR", 30)), HOUR


def status_rule() -> tuple[int, int]:
    return int(getattr(settings, "HOTLINE_STATUS_CHECKS", 10)), 15 * 60


def help_for_image_abuse(language: str) -> list:
    """The help flow's contacts for intimate image abuse, best first."""
    try:
        return referrals_for(situations=("image_abuse",), language=language)
    except ReferralError:
        return []


def submission_from(form: ReportForm, language: str) -> Submission:
    data = form.cleaned_data
    return Submission(
        addresses=data["urls"],
        category=data["category"],
        seen_on=data["seen_on"],
        language=language,
        description=data["description"],
        about_me=data["about_me"],
    )


@require_http_methods(["GET", "POST"])
def report(request):
    desk = public_desk()
    if desk is None:
        return render(request, "hotline/unavailable.html", status=503)
    if request.POST.get("context") in PREFILLING_PAGES:
        return render(request, "hotline/report.html", {"form": ReportForm(initial=context_initial(request.POST))})
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.allow(request, "hotline-report", reports_rule()):
            return received(request, desk, form)
        form.add_error(None, _("Too many reports from this connection in the last hour. Please try again later."))
        return render(request, "hotline/report.html", {"form": form}, status=429)
    status = 400 if form.errors else 200
    return render(request, "hotline/report.html", {"form": form}, status=status)


# Pages whose result offers "report this": a screening result suggests a category; a job-offer
# check also gives the offer's addresses. Either only fills in a form the person still sends.
PREFILLING_PAGES = ("screening", "job_offer")


def context_initial(posted) -> dict:
    """A blank form with the category (and, from a job-offer check, the addresses) suggested; never a submission."""
    category = posted.get("category", "")
    initial = {"category": category} if category in Category.values else {}
    if posted.get("context") == "job_offer" and posted.get("urls"):
        initial["urls"] = posted["urls"][:MAX_URLS_TEXT]
    return initial


def received(request, desk, form: ReportForm):
    language = get_language()
    _report, receipt = do_submit_report(desk, submission_from(form, language))
    about_me = form.cleaned_data["about_me"]
    context = {
        "receipt": format_receipt(receipt),
        "about_me": about_me,
        "recommendations": help_for_image_abuse(language) if about_me else [],
    }
    return render(request, "hotline/received.html", context)


@require_http_methods(["GET", "POST"])
def status(request):
    """The coarse status of a report, for whoever holds its receipt."""
    form = ReceiptForm(request.POST or None)
    found, status = None, 200
    if request.method == "POST" and form.is_valid():
        receipt = form.cleaned_data["receipt"]
        found, refused = ratelimit.look_up_receipt(request, "hotline-status", status_rule(), receipt, find_report)
        if refused:
            minutes = status_rule()[1] // 60
            form.add_error(
                None, _("Too many tries. Please wait %(minutes)d minutes, then try again.") % {"minutes": minutes}
            )
            status = 429
        elif found is None:
            form.add_error("receipt", _("No report has this receipt. Check the 16 digits and try again."))
            status = 400
        else:
            form = ReceiptForm()  # the receipt is not echoed back into the page
    elif form.errors:
        status = 400
    context = {"form": form, "public_status": found.public_status if found else None}
    return render(request, "hotline/status.html", context, status=status)
