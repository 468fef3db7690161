"""The public figures page: screenings by screen and level, completed trainings by module, for closed months only,
rounded and with small counts hidden (the rules and what they protect: ../suppression.py)."""

from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tomoshibi.core.variants import page_language
from tomoshibi.screening import access as screening
from tomoshibi.screening.content import default_catalogue

from ..suppression import PUBLIC_BASE, SMALLEST_PUBLISHED, end_of_last_closed_month, published_by
from .rounds import published_rounds_for_everyone


@require_GET
def figures(request):
    last_day = end_of_last_closed_month(timezone.localdate())
    context = {
        **screening_figures(page_language(), last_day),
        "smallest_shown": SMALLEST_PUBLISHED,
        "rounding_base": PUBLIC_BASE,
        "last_day": last_day,
        "published_rounds": published_rounds_for_everyone(),
    }
    return render(request, "stats/figures/index.html", context)


def screening_figures(language: str, last_day: date) -> dict:
    """Rows of (title in the page's language, published counts up to `last_day`), one per screen and module."""
    catalogue = default_catalogue()
    levels = screening.levels()
    screened = screening.screenings_by_instrument_and_level(last_day)
    trained = screening.completions_by_module(last_day)
    return {
        "levels": [label for _level, label in levels],
        "screening_rows": [
            (
                instrument.title.get(language),
                published_by(screened, [(instrument.id, level) for level, _ in levels], PUBLIC_BASE),
            )
            for instrument in catalogue.instruments.values()
        ],
        "training_rows": [
            (module.title.get(language), *published_by(trained, [module.id], PUBLIC_BASE))
            for module in catalogue.modules.values()
        ],
    }
