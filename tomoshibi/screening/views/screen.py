"""Screening pages: choose a role and a situation, answer, see the level of concern and what to do.

Answers live only in the request: the result page is the response to the POST, and the only thing
written is one anonymous count (instrument, level, day).
"""

import logging

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tomoshibi.core import ratelimit
from tomoshibi.core.hooks import reporting_links
from tomoshibi.directory.referral_engine import ReferralError
from tomoshibi.directory.referrals import referrals_for
from tomoshibi.directory.vocabulary import PREFECTURES
from tomoshibi.screening.actions import do_count_screening
from tomoshibi.screening.content import Catalogue, default_catalogue
from tomoshibi.screening.forms import ChooseForm, prefecture_choices
from tomoshibi.screening.handoff import hotline_category
from tomoshibi.screening.models import LEVEL_CHOICES
from tomoshibi.screening.scoring import FormProblem, Instrument, Level, Result, read_answers, score

logger = logging.getLogger(__name__)

# Fields the screening page adds besides the items; anything else is refused.
PAGE_FIELDS = frozenset({"csrfmiddlewaretoken", "prefecture"})
LEVEL_LABELS = dict(LEVEL_CHOICES)
# Indicators that often come with images or adverts online, which the hotline can have taken down.
ONLINE_DOMAINS = frozenset({"images", "fake_contract", "commercial_sex"})

COUNTED_SCREENINGS = (20, 24 * 60 * 60)  # screenings counted per connection per day
# The query the choice page adds when a role that observes asked for an interview screen.
INSTEAD_OF_TALK = "instead=talk"


@require_GET
def choose(request):
    """Step one. The form is sent with GET, so choosing needs no session and no JavaScript."""
    catalogue = default_catalogue()
    form = ChooseForm(request.GET or None, catalogue=catalogue, language=get_language())
    if form.is_bound and form.is_valid():
        role, situation = form.cleaned_data["role"], form.cleaned_data["situation"]
        instrument = catalogue.screen_for(role, situation)
        if instrument is not None:
            response = redirect("screening:screen", role=role, instrument_id=instrument.id)
            if instrument.situation != situation.split("_")[0]:  # asked to talk, given the checklist
                response["Location"] += f"?{INSTEAD_OF_TALK}"
            return response
    status = 400 if form.is_bound else 200
    return render(request, "screening/choose.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def screen(request, role: str, instrument_id: str):
    catalogue = default_catalogue()
    instrument = catalogue.instruments.get(instrument_id)
    if instrument is None or role not in instrument.roles:
        raise Http404
    if request.method == "GET":
        return render_questions(request, catalogue, instrument, role)
    try:
        answers = read_answers(instrument, dict(request.POST.lists()), PAGE_FIELDS)
        prefecture = read_prefecture(request.POST.getlist("prefecture"))
    except FormProblem as problem:
        kept = kept_answers(instrument, request.POST)
        return render_questions(request, catalogue, instrument, role, problem=problem, kept=kept)
    result = score(instrument, answers)
    # A few screenings a day per connection are counted; beyond that a script is inflating the figures.
    if ratelimit.allow(request, "screening-count", COUNTED_SCREENINGS):
        do_count_screening(instrument.id, result.level, acting_user=None)
    return render(request, "screening/result.html", result_context(catalogue, result, role, prefecture))


def kept_answers(instrument: Instrument, posted) -> dict[str, str]:
    """The valid answers of a refused form, so the person does not lose them."""
    return {
        item.id: posted[item.field_name]
        for item in instrument.items
        if posted.get(item.field_name) in instrument.option_ids
    }


def read_prefecture(values: list[str]) -> str:
    """The optional prefecture: empty, or one JIS code from the list; anything else is a tampered form."""
    if len(values) > 1 or (values and values[0] not in ("", *PREFECTURES)):
        raise FormProblem(FormProblem.IMPOSSIBLE_VALUE, "prefecture", ["", *PREFECTURES])
    return values[0] if values else ""


def render_questions(request, catalogue: Catalogue, instrument: Instrument, role: str, *, problem=None, kept=None):
    context = {
        "instrument": instrument,
        "role": catalogue.roles[role],
        "rows": [(item, (kept or {}).get(item.id, "")) for item in instrument.items],
        "prefectures": prefecture_choices(),
        "prefecture": request.POST.get("prefecture", "") if problem else "",
        "problem": problem_message(problem) if problem else "",
        "instead_of_talk": request.GET.urlencode() == INSTEAD_OF_TALK and instrument.situation == "observe",
    }
    return render(request, "screening/screen.html", context, status=400 if problem else 200)


def problem_message(problem: FormProblem) -> str:
    """A refusal that names the field and the valid values, in the page's language."""
    valid = ", ".join(value or _("(empty)") for value in problem.allowed[:20])
    messages = {
        FormProblem.UNKNOWN_ITEM: _("The form contained a question that is not part of this screen: “%(field)s”."),
        FormProblem.UNKNOWN_FIELD: _("The form contained a field this page does not have: “%(field)s”."),
        FormProblem.IMPOSSIBLE_VALUE: _(
            "The answer to “%(field)s” is not one of the choices. Valid values: %(valid)s."
        ),
        FormProblem.REPEATED_FIELD: _("“%(field)s” was answered more than once. Choose one of: %(valid)s."),
    }
    return messages[problem.kind] % {"field": problem.field_name, "valid": valid}


def result_context(catalogue: Catalogue, result: Result, role: str, prefecture: str) -> dict:
    return {
        "result": result,
        "level": result.level.slug,
        "level_label": LEVEL_LABELS[result.level.slug],
        "urgent": result.level >= Level.STRONG_SIGNS,
        "role": catalogue.roles[role],
        "raised": [(item, catalogue.domains[item.domain], item in result.escalated_by) for item in result.raised],
        "actions": catalogue.actions_for(role, result.level, result.involves_minor),
        "recommendations": recommendations(catalogue, result, prefecture),
        "help_context": {**catalogue.referral_inputs(result), "prefecture": prefecture},
        "hotline_category": hotline_category(result.domains, result.involves_minor),
        "report_online": bool(ONLINE_DOMAINS & set(result.domains)),
        "reporting": reporting_links(),
        "prefecture_name": PREFECTURES.get(prefecture, ""),
    }


def recommendations(catalogue: Catalogue, result: Result, prefecture: str) -> list:
    try:
        return referrals_for(
            prefecture=prefecture or None, language=get_language(), **catalogue.referral_inputs(result)
        )
    except ReferralError:
        # The inputs come from our own data, so this is a bug: show the page without referrals, and say so in the log.
        logger.exception("screening referral inputs refused")
        return []
