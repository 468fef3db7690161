"""Estimation rounds: the coordinator opens, runs and publishes one; organisation admins send their list.

Every page goes through an access helper (404 for "not yours"). The page that sends a list never
receives a name: in-page encoding runs in the browser and posts the encodings only, and the form's
file and secret fields have no name, so the browser cannot send them.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.access import key_or_locked_page, staff_required
from tomoshibi.accounts.keys import organisation_key

from ..access import (
    access_coordinator,
    access_participation,
    access_round_to_coordinate,
    coordinator_memberships,
    participants_of,
    participations_of,
    published_rounds,
    rounds_coordinated_by,
)
from ..actions import (
    RoundRefused,
    do_close_round,
    do_extend_deadline,
    do_open_round,
    do_read_own_duplicates,
    do_read_report,
    do_run_round,
    do_submit_list,
    do_withdraw_list,
    may_run,
    schemas_differ,
)
from ..forms import DeadlineForm, ListForm, RoundForm
from ..models import RoundStatus
from ..published import coordinator_result, published_result

REPORT_LANGUAGES = {"ja": "report_ja", "en": "report_en"}
WITH_RESULT = (RoundStatus.ESTIMATED, RoundStatus.CLOSED)


def stored_result(round_) -> dict:
    return {"figures": round_.figures, "lists": round_.lists, "capture": round_.capture, "problem": round_.problem}


def names_of(participations) -> dict[str, str]:
    return {participation.organisation.slug: participation.organisation.name for participation in participations}


@staff_required
@require_GET
def rounds(request):
    """The rounds the visitor coordinates, and those their organisations take part in."""
    context = {
        "coordinating": coordinator_memberships(request.user),
        "coordinated": rounds_coordinated_by(request.user),
        "participations": participations_of(request.user),
    }
    return render(request, "stats/rounds/list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def open_round(request, organisation_slug):
    membership = access_coordinator(request.user, organisation_slug)
    form = RoundForm(request.POST or None, coordinating=membership.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participants = list(data.pop("participants"))
        round_ = do_open_round(membership.organisation, participants=participants, acting_user=request.user, **data)
        return redirect("stats:round", round_id=round_.pk)
    context = {"organisation": membership.organisation, "form": form}
    return render(request, "stats/rounds/new.html", context, status=400 if form.errors else 200)


@staff_required
@require_GET
def coordinate(request, round_id):
    round_, membership = access_round_to_coordinate(request.user, round_id)
    participations = participants_of(round_)
    context = {
        "round": round_,
        "organisation": membership.organisation,
        "participations": participations,
        "may_run": may_run(round_, participations),
        "schemas_differ": schemas_differ(participations),
        "deadline_form": DeadlineForm(),
        "result": coordinator_result(stored_result(round_), names_of(participations))
        if round_.status in WITH_RESULT
        else None,
    }
    return render(request, "stats/rounds/coordinate.html", context)


@staff_required
@require_POST
def run(request, round_id):
    round_, membership = access_round_to_coordinate(request.user, round_id)
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    try:
        do_run_round(round_, private_key=private_key, acting_user=request.user)
        messages.success(request, _("The lists are linked and their encodings deleted. The estimate is on its way."))
    except RoundRefused:
        messages.error(
            request,
            _(
                "The round cannot run yet: it needs every organisation's list, "
                "or two lists or more once the deadline has passed."
            ),
        )
    return redirect("stats:round", round_id=round_.pk)


@staff_required
@require_POST
def close(request, round_id):
    round_, _membership = access_round_to_coordinate(request.user, round_id)
    try:
        do_close_round(round_, acting_user=request.user)
        messages.success(request, _("The round is closed and its figures are published, small counts hidden."))
    except RoundRefused:
        messages.error(request, _("Only a round with its estimate can be closed."))
    return redirect("stats:round", round_id=round_.pk)


@staff_required
@require_POST
def extend(request, round_id):
    round_, _membership = access_round_to_coordinate(request.user, round_id)
    form = DeadlineForm(request.POST)
    try:
        if not form.is_valid():
            raise RoundRefused("no valid deadline")
        do_extend_deadline(round_, form.cleaned_data["deadline"], acting_user=request.user)
        messages.success(
            request, _("The deadline is extended: organisations can send or replace their lists until then.")
        )
    except RoundRefused:
        messages.error(request, _("Only an open round's deadline can be extended, and only to a later day."))
    return redirect("stats:round", round_id=round_.pk)


@staff_required
@require_GET
def report(request, round_id, language):
    round_, _membership = access_round_to_coordinate(request.user, round_id)
    if not (language in REPORT_LANGUAGES and getattr(round_, REPORT_LANGUAGES[language])):
        raise Http404
    page = do_read_report(round_, language, acting_user=request.user)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}-{language}.html"'
    return response


@staff_required
@require_GET
def take_part(request, round_id, organisation_slug):
    participation, membership = access_participation(request.user, round_id, organisation_slug)
    return participant_page(request, participation, ListForm())


def participant_page(request, participation, form, status: int = 200):
    round_ = participation.round
    context = {
        "round": round_,
        "participation": participation,
        "organisation": participation.organisation,
        "form": form,
        "duplicates": own_duplicates(request, participation),
        "result": published_result(stored_result(round_), letters_of(round_))
        if round_.status == RoundStatus.CLOSED
        else None,
    }
    return render(request, "stats/rounds/take_part.html", context, status=status)


def own_duplicates(request, participation):
    """This list's own possible duplicates (line numbers), if the run found any and the session holds the key."""
    if participation.sealed_duplicates is None:
        return None
    private_key = organisation_key(request, participation.organisation)
    if private_key is None:
        return "locked"
    return do_read_own_duplicates(participation, private_key, acting_user=request.user)


@staff_required
@require_POST
def submit(request, round_id, organisation_slug):
    participation, _membership = access_participation(request.user, round_id, organisation_slug)
    form = ListForm(request.POST, request.FILES)
    if not form.is_valid():
        return participant_page(request, participation, form, status=400)
    try:
        participation = do_submit_list(participation, form.cleaned_data["encodings"], acting_user=request.user)
        messages.success(request, _("Your encoded list is sealed for the coordinator. Sending another replaces it."))
    except RoundRefused:
        messages.error(request, _("The round takes no more lists."))
    return redirect("stats:take_part", round_id=round_id, organisation_slug=organisation_slug)


@staff_required
@require_POST
def withdraw(request, round_id, organisation_slug):
    participation, _membership = access_participation(request.user, round_id, organisation_slug)
    try:
        do_withdraw_list(participation, acting_user=request.user)
        messages.success(request, _("Your list is withdrawn and deleted."))
    except RoundRefused:
        messages.error(request, _("There is no list to withdraw, or the round takes no more changes."))
    return redirect("stats:take_part", round_id=round_id, organisation_slug=organisation_slug)


def published_rounds_for_everyone() -> list[tuple]:
    """(round, number of organisations, result) of each closed round, its lists named only by letter."""
    return [
        (round_, len(round_.lists), published_result(stored_result(round_), letters_of(round_)))
        for round_ in published_rounds()
    ]


def letters_of(round_) -> dict[str, str]:
    """Each list of the round named by a letter: the published figures never say which organisation sent which."""
    return {slug: _("List %(letter)s") % {"letter": chr(ord("A") + index)} for index, slug in enumerate(round_.lists)}
