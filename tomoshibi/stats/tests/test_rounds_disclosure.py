"""The published estimate does not tell the hidden cells apart.

Each cell under 3 is 1 or 2, and the estimator is public: whoever reruns it on each assignment of
the hidden cells must find that every one of them publishes the same figures.
"""

import re

import pytest
from django.utils import timezone

from tomoshibi.stats.disclosure import NOT_FIXED, TOO_MANY_HIDDEN, agreed, assignments, publishable
from tomoshibi.stats.linking import estimate_from, estimate_of
from tomoshibi.stats.models import Round, RoundStatus
from tomoshibi.stats.tasks import COMMAND
from tomoshibi.testing.visitor import Visitor

from .rounds_world import make_round_world, open_round

LISTS = ("a", "b", "c")
# A40 B35 C30 AB12 AC9, and BC, ABC hidden: as computed, each assignment gives its own whole number.
SHOWN = [((1, 0, 0), 40), ((0, 1, 0), 35), ((0, 0, 1), 30), ((1, 1, 0), 12), ((1, 0, 1), 9)]
HIDDEN = [((0, 1, 1), 1), ((1, 1, 1), 1)]
TABLES = assignments(SHOWN + HIDDEN)


def estimator(rows):
    return estimate_of(LISTS, rows)


def test_the_attack_works_on_the_estimate_as_computed():
    whole = [round(estimator(table)[0]) for table in TABLES]
    assert len(TABLES) == 4 and len(set(whole)) == 4  # e.g. 299, 286, 294, 282: one per assignment


def test_every_assignment_of_the_hidden_cells_publishes_the_same_figures():
    published = [publishable(table, estimator) for table in TABLES]
    assert all(found == published[0] for found in published)
    assert published[0] == {"withheld": NOT_FIXED}  # the upper limits (1,221 to 423) differ at any rounding


def test_figures_that_agree_once_rounded_are_published_rounded():
    assert agreed([299.2, 286.0, 294.4, 282.1]) == 300.0
    assert agreed([216.7, 210.1, 214.6, 214.9]) == 200.0
    assert agreed([1221.5, 483.9]) is False
    assert agreed([140.2, 140.4]) == 140.0 and agreed([None, None]) is None


def test_a_table_with_large_cells_only_publishes_whole_people():
    table = [((1, 0, 0), 400), ((0, 1, 0), 350), ((0, 0, 1), 300), ((1, 1, 0), 120), ((1, 0, 1), 90),
             ((0, 1, 1), 80), ((1, 1, 1), 30)]  # fmt: skip
    estimate, lower, upper = estimator(table)
    assert publishable(table, estimator) == {"estimate": round(estimate), "interval": [round(lower), round(upper)]}


def test_too_many_hidden_cells_withhold_the_estimate():
    table = [((1, 0, 0, 0), 40), *[((first, second, third, 1), 1) for first in (0, 1) for second in (0, 1)
             for third in (0, 1)], ((1, 1, 0, 0), 2)]  # fmt: skip
    assert publishable(table, estimator) == {"withheld": TOO_MANY_HIDDEN}


@pytest.mark.django_db
def test_the_public_page_is_the_same_whichever_the_hidden_cells_are():
    round_ = open_round(make_round_world(), title="A round with hidden cells")
    pages = []
    for table in TABLES:
        estimated = estimate_from(LISTS, table, COMMAND)
        Round.objects.filter(pk=round_.pk).update(
            status=RoundStatus.CLOSED, closed_at=timezone.now(), lists=list(LISTS),
            capture=[[list(pattern), count] for pattern, count in table], figures=estimated.figures,
        )  # fmt: skip
        visitor = Visitor()
        visitor.get("/en/stats/")
        page = visitor.text()
        pages.append(page[page.index('id="rounds"') :])
    assert all(re.sub(r"\s+", " ", page) == re.sub(r"\s+", " ", pages[0]) for page in pages)
    assert "No estimate is published: it changes with the counts under 3" in pages[0]
