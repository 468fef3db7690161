"""The public check of a job offer: paste it, answer a few questions if you like, see the signs.

Nothing is stored and nothing is counted: the answer is the response to the POST, built from the
request alone. The offer is never logged (core's logging filters keep request bodies out of logs).
"""

import logging

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tomoshibi.core import ratelimit
from tomoshibi.core.hooks import reporting_links
from tomoshibi.directory.referral_engine import ReferralError
from tomoshibi.directory.referrals import referrals_for
from tomoshibi.directory.vocabulary import PREFECTURES

from .. import wording
from ..checker import Check, Evidence, OfferRefused, check_offer, highlight
from ..forms import VISA_CHOICES, OfferForm
from ..wages import default_minimum_wages

logger = logging.getLogger(__name__)

# The hotline category for an offer, first match wins: a child first, then pornography, then recruitment.
HOTLINE_CATEGORIES = (
    ("young_people_adult_work", "child_prostitution"),
    ("adult_work", "coerced_pornography"),
)


# Checks per connection (keyed hash, never the address): plenty for a person, too few to tie up the server.
CHECKS_PER_HOUR = (60, 60 * 60)


@require_http_methods(["GET", "POST"])
def check(request):
    form = OfferForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return render(request, "joboffers/check.html", {"form": form}, status=400 if form.errors else 200)
    if not ratelimit.allow(request, "job-offer-check", CHECKS_PER_HOUR):
        form.add_error(None, _("Too many tries. Please wait %(minutes)d minutes, then try again.") % {"minutes": 60})
        return render(request, "joboffers/check.html", {"form": form}, status=429)
    try:
        result = check_offer(form.cleaned_data["text"], form.answers())
    except OfferRefused as refused:  # e.g. a paste that grows past the limit once normalised
        form.add_error("text" if refused.field_name == "text" else None, str(refused))
        return render(request, "joboffers/check.html", {"form": form}, status=400)
    return render(request, "joboffers/result.html", result_context(result))


def result_context(result: Check) -> dict:
    wages = default_minimum_wages()
    return {
        "check": result,
        "level_name": wording.LEVEL_NAMES[result.level],
        "level_explanation": wording.LEVEL_EXPLANATIONS[result.level],
        "pieces": marked_pieces(result),
        "signs": signs_shown(result),
        "minimum_wage": result.minimum_wage,
        "minimum_wage_place": PREFECTURES.get(result.minimum_wage_prefecture, ""),
        "minimum_wage_revision": wages.revision,
        "recommendations": contacts_for(result),
        "reporting": reporting_links(),
        "hotline_category": hotline_category(result),
        "offer_urls": "\n".join(result.urls),
        "prefecture": result.answers.prefecture,
    }


def marked_pieces(result: Check) -> list[tuple[str, str]]:
    """The offer cut into pieces; a piece that raised signs carries their numbers, for the marks."""
    numbers = {raised.id: number for number, raised in enumerate(result.raised, 1)}
    return [(text, ", ".join(str(numbers[i]) for i in ids)) for text, ids in highlight(result)]


def signs_shown(result: Check) -> list[dict]:
    return [
        {
            "number": number,
            "id": raised.id,
            "title": wording.TITLES[raised.id],
            "why": wording.WHY[raised.id],
            "ask": wording.ASK[raised.id],
            "law": wording.LAW.get(raised.id, ""),
            "evidence": [evidence_line(e, result) for e in raised.evidence],
        }
        for number, raised in enumerate(result.raised, 1)
    ]


def evidence_line(evidence: Evidence, result: Check) -> str:
    """One piece of evidence in the page's language: the offer's words, or the answer or sum behind a fact."""
    amount = next(
        (a for a in result.amounts if a.text == evidence.text and evidence.fact in ("amount", "answer")), None
    )
    if amount is not None and amount.kind in ("fee", "debt") and amount.yen is not None and amount.currency != "JPY":
        return _("“%(words)s” (about %(yen)s yen)") % {"words": evidence.text, "yen": f"{amount.yen:,}"}
    if amount is not None and amount.yen_per_hour() is not None:
        hourly = round(amount.yen_per_hour() or 0)
        return _("“%(words)s”: about %(hourly)s yen an hour") % {"words": evidence.text, "hourly": f"{hourly:,}"}
    if evidence.fact.startswith("answer_"):
        return answer_line(evidence.fact, result)
    return _("“%(words)s”") % {"words": evidence.text}


def answer_line(fact: str, result: Check) -> str:
    answers = result.answers
    if fact == "answer_fees_by_worker":
        if answers.fee_amount:
            return _("Your answer: you pay the fees (%(amount)s).") % {"amount": answers.fee_amount}
        return _("Your answer: you pay the fees.")
    if fact == "answer_fees_deducted":
        return _("Your answer: the fees are taken from your pay later.")
    if fact == "answer_passport_kept":
        return _("Your answer: the employer, the agent or the school keeps your passport or residence card.")
    if fact == "answer_under_18":
        return _("Your answer: you are under 18.")
    visa = dict(VISA_CHOICES).get(answers.visa, answers.visa)
    return _("Your answer: the visa is “%(visa)s”.") % {"visa": visa}


def contacts_for(result: Check) -> list:
    """Reachable help for what the signs point to: labour exploitation unless they point elsewhere."""
    situations = result.situations or ("labour_exploitation",)
    try:
        return referrals_for(
            prefecture=result.answers.prefecture or None,
            language=get_language(),
            age="minor" if result.involves_minor else "unknown",
            situations=tuple(s for s in situations if s != "other") or ("labour_exploitation",),
        )[:6]
    except ReferralError:
        logger.exception("job offer referral inputs refused")
        return []


def hotline_category(result: Check) -> str:
    raised = {r.id for r in result.raised}
    return next((category for sign, category in HOTLINE_CATEGORIES if sign in raised), "illegal_recruitment")
