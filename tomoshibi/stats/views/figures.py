"""The public figures page: screenings by screen and level, completed trainings by module, small counts hidden."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from tomoshibi.core.variants import page_language
from tomoshibi.screening import access as screening
from tomoshibi.screening.content import default_catalogue

from ..suppression import SMALLEST_PUBLISHED, published_by


@require_GET
def figures(request):
    context = {
        **screening_figures(page_language()),
        "smallest_shown": SMALLEST_PUBLISHED,
        "period": screening.counted_days(),
    }
    return render(request, "stats/figures/index.html", context)


def screening_figures(language: str) -> dict:
    """Rows of (title in the page's language, published counts), one per screen and one per training module."""
    catalogue = default_catalogue()
    levels = screening.levels()
    screened = screening.screenings_by_instrument_and_level()
    trained = screening.completions_by_module()
    return {
        "levels": [label for _level, label in levels],
        "screening_rows": [
            (instrument.title.get(language), published_by(screened, [(instrument.id, level) for level, _ in levels]))
            for instrument in catalogue.instruments.values()
        ],
        "training_rows": [
            (module.title.get(language), *published_by(trained, [module.id])) for module in catalogue.modules.values()
        ],
    }
