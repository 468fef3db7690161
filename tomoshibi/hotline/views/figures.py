"""The desk's own figures, as tables and as charts drawn on the server (no third-party script)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tomoshibi.accounts.access import staff_required

from ..access import access_desk
from ..figures import SMALLEST_SHOWN
from ..models import Category
from ..plots import FORMATS, bar_chart, can_draw
from ..statistics import category_by_decision, decision_columns, times


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


def chart_data(desk, name: str) -> tuple[str, list[str], list]:
    table = category_by_decision(desk)
    if name == "categories":
        return _("Reports by category"), [str(label) for _value, label in Category.choices], table.row_totals
    if name == "decisions":
        return _("Reports by decision"), [str(label) for _value, label in decision_columns()], table.column_totals
    raise Http404


def draw(desk, name: str, image_format: str) -> bytes:
    title, labels, values = chart_data(desk, name)
    hidden = _("fewer than %(count)d") % {"count": SMALLEST_SHOWN}
    return bar_chart(labels, values, title=title, hidden_label=hidden, image_format=image_format)


@staff_required
@require_GET
def chart(request, organisation_slug, name, image_format):
    membership = access_desk(request.user, organisation_slug)
    if image_format not in FORMATS:
        raise Http404
    desk = membership.organisation.hotline_desk
    image = draw(desk, name, image_format)
    if image_format == "png" and not can_draw(chart_data(desk, name)[1]):
        # The server has no font for this language: a PNG in English beats one of empty boxes.
        with translation.override("en"):
            image = draw(desk, name, image_format)
    return HttpResponse(image, content_type=FORMATS[image_format])
