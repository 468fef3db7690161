"""The public figures page through the Django test client: what it shows, what it hides, where old links go."""

import re

import pytest
from django.utils import timezone

from tomoshibi.screening.models import ScreeningCount, TrainingCompletion
from tomoshibi.testing.visitor import Visitor

pytestmark = pytest.mark.django_db

HOTEL_SCREEN = "Observation checklist for hotel and accommodation staff"
HOTEL_MODULE = "Hotel staff: what the front desk and housekeeping can see"


@pytest.fixture
def visitor(db):
    return Visitor()


def test_it_suppresses_counts_below_three_on_the_figures_page(visitor):
    today = timezone.localdate()
    ScreeningCount.objects.create(instrument="observe_hotel", level="some_signs", day=today, count=2)
    ScreeningCount.objects.create(instrument="observe_hotel", level="danger_now", day=today, count=7)
    TrainingCompletion.objects.create(organisation="", module="hotel", day=today, count=1)
    TrainingCompletion.objects.create(organisation="x" * 64, module="hotel", day=today, count=3)
    response = visitor.get("/en/stats/")
    assert response.status_code == 200
    text = visitor.text()
    hotel_row = re.search(rf"{HOTEL_SCREEN}</th>(.*?)</tr>", text).group(1)
    assert re.findall(r'<td class="count">([^<]+)</td>', hotel_row) == [
        "fewer than 3",
        "fewer than 3",
        "fewer than 3",
        "7",
    ]
    assert re.search(rf'{HOTEL_MODULE}</th><td class="count">4<', text)
    assert f"From {today:%Y-%m-%d} to {today:%Y-%m-%d}." in text


def test_before_any_count_it_says_so_and_shows_no_number(visitor):
    visitor.get("/en/stats/")
    text = visitor.text()
    assert "Nothing has been counted yet." in text
    assert re.findall(r'<td class="count">([^<]+)</td>', text)
    assert set(re.findall(r'<td class="count">([^<]+)</td>', text)) == {"fewer than 3"}


@pytest.mark.parametrize("language", ["en", "ja", "ja-easy", "es"])
def test_the_old_screening_figures_address_moves_permanently_to_stats(visitor, language):
    response = visitor.get(f"/{language}/screen/figures/")
    assert response.status_code == 301
    assert response["Location"] == f"/{language}/stats/"


def test_the_screening_page_links_to_the_figures_at_their_new_address(visitor):
    visitor.get("/en/screen/")
    assert 'href="/en/stats/"' in visitor.text()
    assert "/screen/figures/" not in visitor.text()


@pytest.mark.parametrize(
    "language", ["ja", "tl", "th", "km", "vi", "zh-hans", "zh-hant", "ko", "id", "ne", "my", "pt-br", "es"]
)
def test_it_serves_the_figures_in_every_language_without_english(visitor, language):
    response = visitor.get(f"/{language}/stats/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in visitor.text()
    for english in ("Figures: screenings and completed trainings", "fewer than 3", HOTEL_SCREEN, HOTEL_MODULE):
        assert english not in visitor.text(), english
