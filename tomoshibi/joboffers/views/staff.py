"""The monitors' side: check a file of offers ranked by concern, keep the ones that matter as sealed cases.

The batch page stores nothing. A case is written only when a monitor saves one, sealed to the
organisation (actions.py); reading it needs the organisation's key in the session, and is audited.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tomoshibi.accounts.access import staff_required
from tomoshibi.accounts.keys import organisation_key
from tomoshibi.accounts.models import Role
from tomoshibi.vault import crypto

from .. import wording
from ..access import access_monitor, access_offer_case, offer_cases_of
from ..actions import do_delete_offer_case, do_record_offer_case_view, do_save_offer_case
from ..batch import read_offers, screen_offers
from ..checker import OfferRefused, check_offer
from ..forms import BatchForm, SaveCaseForm
from .public import marked_pieces, signs_shown


@staff_required
@require_http_methods(["GET", "POST"])
def batch(request, organisation_slug):
    membership = access_monitor(request.user, organisation_slug)
    form = BatchForm(request.POST or None, request.FILES or None)
    context = {"organisation": membership.organisation, "form": form, "results": None}
    if request.method == "POST" and form.is_valid():
        try:
            context["results"] = [ranked_row(s) for s in screen_offers(read_offers(form.content()))]
        except OfferRefused as refused:
            form.add_error(None, str(refused))
    status = 400 if form.errors else 200
    return render(request, "joboffers/staff/batch.html", context, status=status)


def ranked_row(screened) -> dict:
    check = screened.check
    return {
        "id": screened.offer_id,
        "check": check,
        "level_name": wording.LEVEL_NAMES[check.level],
        "titles": [wording.TITLES[raised.id] for raised in check.raised],
        "evidence": "; ".join(e.text for raised in check.raised for e in raised.evidence if e.in_offer)[:300],
    }


@staff_required
@require_POST
def save_case(request, organisation_slug):
    membership = access_monitor(request.user, organisation_slug)
    form = SaveCaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The offer could not be saved: %(problem)s") % {"problem": form.problem()})
        return redirect("joboffers:batch", organisation_slug=organisation_slug)
    try:
        check = check_offer(form.cleaned_data["text"])
    except OfferRefused as refused:
        messages.error(request, _("The offer could not be saved: %(problem)s") % {"problem": refused})
        return redirect("joboffers:batch", organisation_slug=organisation_slug)
    case = do_save_offer_case(membership.organisation, check, note=form.cleaned_data["note"], acting_user=request.user)
    messages.success(request, _("The offer is saved as a case, sealed to your organisation."))
    return redirect("joboffers:case", organisation_slug=organisation_slug, case_id=case.pk)


@staff_required
@require_http_methods(["GET"])
def cases(request, organisation_slug):
    membership = access_monitor(request.user, organisation_slug)
    rows = [(case, wording.LEVEL_NAMES[case.level]) for case in offer_cases_of(membership)]
    return render(request, "joboffers/staff/cases.html", {"organisation": membership.organisation, "rows": rows})


@staff_required
@require_http_methods(["GET"])
def case(request, organisation_slug, case_id):
    membership = access_monitor(request.user, organisation_slug)
    found = access_offer_case(request.user, organisation_slug, case_id)
    private_key = organisation_key(request, found.organisation)
    context = {
        "organisation": found.organisation,
        "case": found,
        "level_name": wording.LEVEL_NAMES[found.level],
        "monitor": membership.role == Role.MONITOR,
    }
    if private_key is not None:
        check = check_offer(crypto.unseal_text(private_key, bytes(found.sealed_offer)))
        context |= {
            "note": crypto.unseal_text(private_key, bytes(found.sealed_note)),
            "pieces": marked_pieces(check),
            "signs": signs_shown(check),
        }
        do_record_offer_case_view(found, acting_user=request.user)
    return render(request, "joboffers/staff/case.html", context)


@staff_required
@require_POST
def delete_case(request, organisation_slug, case_id):
    found = access_offer_case(request.user, organisation_slug, case_id)
    do_delete_offer_case(found, acting_user=request.user)
    messages.success(request, _("The case is deleted."))
    return redirect("joboffers:cases", organisation_slug=organisation_slug)
