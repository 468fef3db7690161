"""The desk's own figures, as tables and as charts drawn on the server (no third-party script)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tomoshibi.accounts.access import staff_required
from tomoshibi.core.figures import SMALLEST_SHOWN

from ..access import access_desk
from ..models import Category
from ..plots import FORMATS, bar_chart, can_draw, duration_chart
from ..statistics import category_by_decision, decision_columns, times

COUNT_CHARTS = ("categories", "decisions")
# Each time chart: the TimesRow field it draws, and its title.
TIME_CHARTS = {
    "assessment-times": ("to_assessment", gettext_lazy("Hours from receipt to assessment")),
    "removal-times": ("to_removal", gettext_lazy("Hours from receipt to removal")),
}
CHARTS = (*COUNT_CHARTS, *TIME_CHARTS)


@staff_required
@require_GET
def figures(request, organisation_slug):
    membership = access_desk(request.user, organisation_slug)
    desk = membership.organisation.hotline_desk
    table = category_by_decision(desk)
    rows = [
        {"label": label, "cells": cells, "total": total}
        for (_value, label), cells, total in zip(Category.choices, table.cells, table.row_totals, strict=True)
    ]
    context = {
        "membership": membership,
        "columns": [label for _value, label in decision_columns()],
        "rows": rows,
        "table": table,
        "times": times(desk),
        "smallest": SMALLEST_SHOWN,
    }
    return render(request, "hotline/staff/figures.html", context)


def count_chart(desk, name: str, image_format: str) -> tuple[bytes, list[str]]:
    table = category_by_decision(desk)
    if name == "categories":
        title, choices, values = _("Reports by category"), Category.choices, table.row_totals
    else:
        title, choices, values = _("Reports by decision"), decision_columns(), table.column_totals
    labels = [str(label) for _value, label in choices]
    hidden = _("fewer than %(count)d") % {"count": SMALLEST_SHOWN}
    image = bar_chart(labels, values, title=title, hidden_label=hidden, image_format=image_format)
    return image, [title, *labels, hidden]


def time_chart(desk, name: str, image_format: str) -> tuple[bytes, list[str]]:
    """Median and 90th percentile per category and overall: the same figures as the table of times."""
    rows = times(desk)
    field, title = TIME_CHARTS[name]
    summaries = [getattr(row, field) for row in rows]
    title = str(title)
    labels = [row.label for row in rows]
    texts = {
        "median_label": _("Median"),
        "p90_label": _("90th percentile"),
        "hidden_label": _("fewer than %(count)d reports") % {"count": SMALLEST_SHOWN},
    }
    image = duration_chart(
        labels,
        [summary.median_hours if summary else None for summary in summaries],
        [summary.p90_hours if summary else None for summary in summaries],
        title=title,
        image_format=image_format,
        number=lambda hours: number_format(hours, decimal_pos=1),
        **texts,
    )
    return image, [title, *labels, *texts.values()]


def draw(desk, name: str, image_format: str) -> tuple[bytes, list[str]]:
    """The chart as an image, and every text drawn in it."""
    if name in COUNT_CHARTS:
        return count_chart(desk, name, image_format)
    if name in TIME_CHARTS:
        return time_chart(desk, name, image_format)
    raise Http404


@staff_required
@require_GET
def chart(request, organisation_slug, name, image_format):
    membership = access_desk(request.user, organisation_slug)
    if image_format not in FORMATS:
        raise Http404
    desk = membership.organisation.hotline_desk
    image, texts = draw(desk, name, image_format)
    if image_format == "png" and not can_draw(texts):
        # The server has no font for this language: a PNG in English beats one of empty boxes.
        with translation.override("en"):
            image, _texts = draw(desk, name, image_format)
    return HttpResponse(image, content_type=FORMATS[image_format])
