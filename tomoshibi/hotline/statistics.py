"""A desk's figures from its reports: counts by category and decision, and how long things take.

Small counts are suppressed by tomoshibi.core.figures; nothing here reads a sealed field.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.figures import Durations, Table, summarise_durations, suppress_table

from .models import Category, Decision, Report

NOT_DECIDED = ("", _("Not decided yet"))


def decision_columns() -> list[tuple[str, str]]:
    return [*Decision.choices, NOT_DECIDED]


def category_by_decision(desk) -> Table:
    counts = {
        (row["category"], row["decision"]): row["count"]
        for row in Report.objects.filter(desk=desk).values("category", "decision").annotate(count=Count("id"))
    }
    matrix = [
        [counts.get((category, decision), 0) for decision, _label in decision_columns()] for category in Category.values
    ]
    return suppress_table(matrix)


@dataclass(frozen=True)
class TimesRow:
    label: str
    to_assessment: Durations | None
    to_removal: Durations | None


def seconds_between(pairs) -> list[float]:
    return [(end - start).total_seconds() for start, end in pairs if start and end]


def times(desk) -> list[TimesRow]:
    """Median and 90th percentile from receipt to assessment and to removal, by category and overall."""
    rows = list(Report.objects.filter(desk=desk).values_list("category", "created_at", "assessed_at", "removed_at"))
    groups = [(label, [row for row in rows if row[0] == value]) for value, label in Category.choices]
    groups.append((_("All categories"), rows))
    return [
        TimesRow(
            label=str(label),
            to_assessment=summarise_durations(seconds_between((row[1], row[2]) for row in group)),
            to_removal=summarise_durations(seconds_between((row[1], row[3]) for row in group)),
        )
        for label, group in groups
    ]
