"""Reads other apps may make of screening: the anonymous counts, which anyone may see once suppressed.

No permission applies: the counts hold no answer and no person, only a screen, a level
(or a module) and a day. Choosing the days to publish and suppressing and rounding the
counts is the publishing page's work (tomoshibi/stats/suppression.py).
"""

from datetime import date

from django.db.models import QuerySet, Sum

from .models import LEVEL_CHOICES, ScreeningCount, TrainingCompletion


def totals(rows) -> dict[tuple, int]:
    """Rows of (key..., total) as {(key...): total}."""
    return {tuple(row[:-1]): row[-1] for row in rows}


def counted_through(model, last_day: date) -> QuerySet:
    """The model's counts of every day up to and including `last_day`: a public page names the days it covers."""
    return model.objects.filter(day__lte=last_day)


def screenings_by_instrument_and_level(last_day: date) -> dict[tuple[str, str], int]:
    rows = counted_through(ScreeningCount, last_day).values_list("instrument", "level")
    return totals(rows.annotate(total=Sum("count")))


def completions_by_module(last_day: date) -> dict[str, int]:
    rows = totals(counted_through(TrainingCompletion, last_day).values_list("module").annotate(total=Sum("count")))
    return {module: total for (module,), total in rows.items()}


def levels() -> list[tuple[str, str]]:
    """(level, label) in order of concern."""
    return list(LEVEL_CHOICES)
