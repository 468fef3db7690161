"""Counts: the public figures page (small counts suppressed) and an organisation's own completions."""

from datetime import timedelta

from django.db.models import Max, Min, Sum
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tomoshibi.screening import tokens
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.forms import OrganisationCodeForm
from tomoshibi.screening.models import LEVEL_CHOICES, ScreeningCount, TrainingCompletion

# Public counts below this are shown as "fewer than 3", so no single screening or learner stands out.
SMALLEST_SHOWN = 3
ORGANISATION_DAYS_SHOWN = 90


def shown(count: int) -> int | None:
    """The count to publish, or None where it must be suppressed."""
    return count if count >= SMALLEST_SHOWN else None


@require_GET
def figures(request):
    catalogue = default_catalogue()
    screened = totals(ScreeningCount.objects.values_list("instrument", "level").annotate(total=Sum("count")))
    trained = totals(TrainingCompletion.objects.values_list("module").annotate(total=Sum("count")))
    screening_rows = [
        (instrument, [shown(screened.get((instrument.id, level), 0)) for level, _label in LEVEL_CHOICES])
        for instrument in catalogue.instruments.values()
    ]
    training_rows = [(module, shown(trained.get((module.id,), 0))) for module in catalogue.modules.values()]
    context = {
        "levels": [label for _level, label in LEVEL_CHOICES],
        "screening_rows": screening_rows,
        "training_rows": training_rows,
        "smallest_shown": SMALLEST_SHOWN,
        "period": period(),
    }
    return render(request, "screening/figures.html", context)


def totals(rows) -> dict[tuple, int]:
    return {tuple(row[:-1]): row[-1] for row in rows}


def period() -> dict:
    """The first and last day any count covers, to say what the figures span."""
    days = [
        model.objects.aggregate(first=Min("day"), last=Max("day")) for model in (ScreeningCount, TrainingCompletion)
    ]
    firsts = [d["first"] for d in days if d["first"]]
    lasts = [d["last"] for d in days if d["last"]]
    return {"first": min(firsts), "last": max(lasts)} if firsts else {}


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
