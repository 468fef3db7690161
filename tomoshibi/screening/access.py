"""Reads other apps may make of screening: the anonymous counts, which anyone may see once suppressed.

No permission applies: the counts hold no answer and no person, only a screen, a level
(or a module) and a day. Suppressing small counts is the publishing page's work.
"""

from django.db.models import Max, Min, Sum

from .models import LEVEL_CHOICES, ScreeningCount, TrainingCompletion


def totals(rows) -> dict[tuple, int]:
    """Rows of (key..., total) as {(key...): total}."""
    return {tuple(row[:-1]): row[-1] for row in rows}


def screenings_by_instrument_and_level() -> dict[tuple[str, str], int]:
    return totals(ScreeningCount.objects.values_list("instrument", "level").annotate(total=Sum("count")))


def completions_by_module() -> dict[str, int]:
    rows = totals(TrainingCompletion.objects.values_list("module").annotate(total=Sum("count")))
    return {module: total for (module,), total in rows.items()}


def levels() -> list[tuple[str, str]]:
    """(level, label) in order of concern."""
    return list(LEVEL_CHOICES)


def counted_days() -> dict:
    """The first and last day any count covers ({} before the first count), to say what the figures span."""
    days = [
        model.objects.aggregate(first=Min("day"), last=Max("day")) for model in (ScreeningCount, TrainingCompletion)
    ]
    firsts = [d["first"] for d in days if d["first"]]
    lasts = [d["last"] for d in days if d["last"]]
    return {"first": min(firsts), "last": max(lasts)} if firsts else {}
