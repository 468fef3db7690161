"""The analysts' side: the queue, claiming, assessing, forwarding and following a report to removal.

Every page needs a signed-in, TOTP-verified member of a hotline organisation; a
report is opened with the organisation key held in the session, and every opening
is recorded in the audit trail. The server never fetches a reported address.
"""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.access import key_or_locked_page, recent_confirmation_required, staff_required

from .. import actions
from ..access import access_desk, access_report, awaiting_police, hotline_memberships, may_act, reports_of_desk
from ..exports import police_export
from ..forms import AssessForm, ForeignHotlineForm, NoticeForm
from ..models import FORWARDABLE_STATUSES, Decision, LegalBasis, Report, Status, StepKind
from ..reading import open_note, open_report, open_urls_as_text

QUEUE_SHOWN = 50


def report_page(report: Report):
    return redirect("hotline:report_detail", report_id=report.pk)


@staff_required
@require_GET
def desks(request):
    """The hotline desks the analyst works at; straight to the queue when there is one."""
    memberships = list(hotline_memberships(request.user))
    if len(memberships) == 1:
        return redirect("hotline:queue", organisation_slug=memberships[0].organisation.slug)
    return render(request, "hotline/staff/desks.html", {"memberships": memberships})


@staff_required
@require_GET
def queue(request, organisation_slug):
    membership = access_desk(request.user, organisation_slug)
    desk = membership.organisation.hotline_desk
    reports = reports_of_desk(membership)
    context = {
        "membership": membership,
        "desk": desk,
        "waiting": reports.waiting()[:QUEUE_SHOWN],
        "waiting_count": reports.waiting().count(),
        "mine": reports.filter(claimed_by=request.user, status__in=(Status.ASSESSING, Status.ASSESSED)),
        "checks_due": reports.filter(status=Status.FORWARDED, check_due_since__isnull=False).order_by(
            "check_due_since"
        ),
        "awaiting_action": reports.filter(status=Status.ASSESSED).order_by("assessed_at"),
        "followed": reports.filter(status=Status.FORWARDED, check_due_since__isnull=True).order_by("next_check_at"),
        "in_assessment": reports.filter(status=Status.ASSESSING).exclude(claimed_by=request.user),
    }
    return render(request, "hotline/staff/queue.html", context)


@staff_required
@require_POST
def claim_next(request, organisation_slug):
    membership = access_desk(request.user, organisation_slug)
    report = actions.do_claim_next_report(membership.organisation.hotline_desk, acting_user=request.user)
    if report is None:
        messages.info(request, _("The queue is empty: every report has been claimed."))
        return redirect("hotline:queue", organisation_slug=organisation_slug)
    return report_page(report)


@staff_required
@require_GET
def report_detail(request, report_id):
    report, membership = access_report(request.user, report_id)
    return show_report(request, report, membership)


def show_report(request, report, membership, *, status: int = 200, **forms):
    """The report page, addresses in clear; every view shows it through here, so each opening is recorded."""
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    actions.do_open_report(report, acting_user=request.user)
    context = detail_context(report, membership, private_key, **forms)
    return render(request, "hotline/staff/report.html", context, status=status)


def detail_context(report, membership, private_key, **forms) -> dict:
    return {
        "membership": membership,
        "opened": open_report(report, private_key),
        "may_act": may_act(membership, report),
        "assess_form": forms.get("assess_form") or AssessForm(initial=assessment_initial(report)),
        "notice_form": forms.get("notice_form") or NoticeForm(initial={"language": "ja"}),
        "hotline_form": forms.get("hotline_form") or ForeignHotlineForm(),
        "forwardable": report.status in FORWARDABLE_STATUSES,
        "Status": Status,
        "StepKind": StepKind,
    }


def assessment_initial(report: Report) -> dict:
    return {"decision": report.decision, "legal_basis": report.legal_basis} if report.decision else {}


def report_step(view=None, *, methods=("POST",)):
    """A step on one report by its analyst or a lead; a refused or outdated step goes back to the report."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, report_id):
            report, membership = access_report(request.user, report_id)
            if not may_act(membership, report):
                messages.error(request, _("Another analyst has claimed this report. Ask them or a supervisor."))
                return report_page(report)
            try:
                return view(request, report, membership)
            except actions.ReportStateError:
                messages.error(request, _("This report changed meanwhile (another analyst acted on it). Look again."))
                return report_page(report)

        return staff_required(require_http_methods(list(methods))(wrapper))

    return decorate(view) if view else decorate


def done(request, report: Report, message: str):
    messages.info(request, message)
    return report_page(report)


def form_step(request, report, membership, form_class, act, message: str):
    """Validate the step's form and act; on a problem, show the report again with the form's errors."""
    form = form_class(request.POST)
    if form.is_valid():
        act(report, acting_user=request.user, **form.cleaned_data)
        return done(request, report, message)
    return show_report(request, report, membership, status=400, **{FORM_NAMES[form_class]: form})


FORM_NAMES = {AssessForm: "assess_form", NoticeForm: "notice_form", ForeignHotlineForm: "hotline_form"}


@staff_required
@require_POST
def claim(request, report_id):
    report, _membership = access_report(request.user, report_id)
    if not actions.do_claim_report(report, acting_user=request.user):
        messages.error(request, _("Another analyst claimed this report first."))
    return report_page(report)


@report_step
def release(request, report, membership):
    actions.do_release_report(report, acting_user=request.user)
    messages.info(request, _("The report is back in the queue."))
    return redirect("hotline:queue", organisation_slug=membership.organisation.slug)


@report_step
def assess(request, report, membership):
    message = _("The assessment is recorded.")
    return form_step(request, report, membership, AssessForm, actions.do_assess_report, message)


@report_step
def notice(request, report, membership):
    message = _("The notice is recorded. Download the letter below and send it to the recipient.")
    return form_step(request, report, membership, NoticeForm, actions.do_send_notice, message)


@report_step
def forward_to_hotline(request, report, membership):
    message = _("The forwarding to the hotline abroad is recorded.")
    return form_step(request, report, membership, ForeignHotlineForm, actions.do_forward_to_hotline, message)


@staff_required
@recent_confirmation_required  # the letter holds the reported addresses in clear: an export
@require_GET
def letter(request, report_id, step_id):
    """The notice letter of one notice step, rendered in its language from the sealed addresses."""
    report, membership = access_report(request.user, report_id)
    step = get_object_or_404(report.steps, pk=step_id, kind=StepKind.NOTICE_SENT)
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    actions.do_open_report(report, acting_user=request.user, letter=step.pk)
    text = letter_text(report, step, private_key)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="notice-{report.short_id}-{step.pk}.txt"'
    return response


def letter_text(report: Report, step, private_key: bytes) -> str:
    with translation.override(step.language):
        context = {
            "report": report,
            "organisation": report.desk.organisation,
            "desk": report.desk,
            "recipient": open_note(private_key, step.sealed_note).get("recipient", ""),
            "date": timezone.localdate(step.at),
            "urls": open_urls_as_text(report, private_key),
            "laws": [str(label) for value, label in LegalBasis.choices if value in report.legal_basis],
            "category": report.get_category_display(),
        }
        return render_to_string(f"hotline/letters/notice_{step.language}.txt", context)


@recent_confirmation_required
@report_step(methods=("GET", "POST"))
def forward_to_police(request, report, membership):
    """Confirm, then download the police export of this report and record the forwarding."""
    if report.status not in FORWARDABLE_STATUSES or report.decision != Decision.ILLEGAL:
        raise actions.ReportStateError(report.status)
    if request.method == "GET":
        return render(request, "hotline/staff/police.html", {"membership": membership, "reports": [report]})
    return police_export_response(request, membership, [report])


def police_export_response(request, membership, reports):
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    forwarded = actions.do_forward_to_police(reports, acting_user=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(police_export(forwarded, private_key), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hotline-police-{stamp}.csv"'
    return response


@staff_required
@recent_confirmation_required
@require_http_methods(["GET", "POST"])
def police_batch(request, organisation_slug):
    """Every illegal report assessed but not yet sent to the police, in one export."""
    membership = access_desk(request.user, organisation_slug)
    pending = awaiting_police(membership)
    if request.method == "GET" or not pending:
        return render(request, "hotline/staff/police.html", {"membership": membership, "reports": pending})
    return police_export_response(request, membership, pending)


@report_step
def still_online(request, report, membership):
    report = actions.do_record_still_online(report, acting_user=request.user)
    next_check = timezone.localdate(report.next_check_at)
    return done(request, report, _("Recorded. The next check is due on %(date)s.") % {"date": next_check})


@report_step
def confirm_removal(request, report, membership):
    actions.do_confirm_removal(report, acting_user=request.user)
    return done(request, report, _("Removal confirmed. The report is finished."))


@report_step
def close(request, report, membership):
    actions.do_close_report(report, acting_user=request.user)
    return done(request, report, _("The report is closed."))
