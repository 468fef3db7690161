"""Organisation codes: get one, or enter one to see how many completed each module (counts only)."""

from datetime import timedelta

from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tomoshibi.screening import tokens
from tomoshibi.screening.access import totals
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.forms import OrganisationCodeForm
from tomoshibi.screening.models import TrainingCompletion

ORGANISATION_DAYS_SHOWN = 90


@require_http_methods(["GET", "POST"])
def organisations(request):
    """Get a new organisation code, or enter one to see how many completed each module."""
    action = request.POST.get("action")
    if action == "new":
        return render(request, "screening/organisations.html", {"new_code": tokens.new_organisation_code(), **forms()})
    if action == "counts":
        form = OrganisationCodeForm(request.POST, required=True)
        if form.is_valid():
            return render(request, "screening/organisation_counts.html", organisation_counts(form.cleaned_data["code"]))
        return render(request, "screening/organisations.html", forms(form), status=400)
    return render(request, "screening/organisations.html", forms())


def forms(counts_form=None) -> dict:
    return {"counts_form": counts_form or OrganisationCodeForm(required=True)}


def organisation_counts(code: str) -> dict:
    catalogue = default_catalogue()
    rows = TrainingCompletion.objects.filter(organisation=tokens.organisation_hash(code))
    by_module = totals(rows.values_list("module").annotate(total=Sum("count")))
    since = timezone.localdate() - timedelta(days=ORGANISATION_DAYS_SHOWN)
    recent = rows.filter(day__gt=since).order_by("-day", "module").values_list("day", "module", "count")
    return {
        "code": code,
        "modules": [(module, by_module.get((module.id,), 0)) for module in catalogue.modules.values()],
        "recent": [(day, catalogue.modules.get(module_id), count) for day, module_id, count in recent],
        "days_shown": ORGANISATION_DAYS_SHOWN,
    }
