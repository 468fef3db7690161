"""The public figures page through the Django test client: what it shows, what it hides, where old links go."""

import re
from calendar import monthrange
from datetime import date

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomoshibi.screening.actions import add_one
from tomoshibi.screening.models import ScreeningCount, TrainingCompletion
from tomoshibi.stats.suppression import end_of_last_closed_month
from tomoshibi.testing.visitor import Visitor

pytestmark = pytest.mark.django_db

HOTEL_SCREEN = "Observation checklist for hotel and accommodation staff"
HOTEL_MODULE = "Hotel staff: what the front desk and housekeeping can see"


@pytest.fixture
def visitor(db):
    return Visitor()


def cells(text):
    return re.findall(r'<td class="count">([^<]+)</td>', text)


def test_it_shows_last_months_counts_rounded_to_five_and_hides_those_below_three(visitor):
    last_month = end_of_last_closed_month(timezone.localdate())
    ScreeningCount.objects.create(instrument="observe_hotel", level="some_signs", day=last_month, count=2)
    ScreeningCount.objects.create(instrument="observe_hotel", level="danger_now", day=last_month, count=7)
    ScreeningCount.objects.create(instrument="observe_hotel", level="strong_signs", day=last_month, count=4)
    ScreeningCount.objects.create(
        instrument="observe_hotel", level="strong_signs", day=last_month.replace(day=1), count=4
    )
    TrainingCompletion.objects.create(organisation="", module="hotel", day=last_month, count=1)
    TrainingCompletion.objects.create(organisation="x" * 64, module="hotel", day=last_month, count=3)
    response = visitor.get("/en/stats/")
    assert response.status_code == 200
    text = visitor.text()
    hotel_row = re.search(rf"{HOTEL_SCREEN}</th>(.*?)</tr>", text).group(1)
    assert cells(hotel_row) == ["fewer than 3", "fewer than 3", "10", "5"]
    assert re.search(rf'{HOTEL_MODULE}</th><td class="count">5<', text)
    assert "rounded to the nearest 5; fewer than 3 are not shown" in text
    assert f"Everything counted up to the end of {last_month:%Y-%m}, Japan time." in text


def test_counts_of_the_current_month_wait_for_the_month_to_close(visitor):
    today = timezone.localdate()
    ScreeningCount.objects.create(instrument="observe_hotel", level="danger_now", day=today, count=40)
    TrainingCompletion.objects.create(organisation="", module="hotel", day=today, count=40)
    visitor.get("/en/stats/")
    assert set(cells(visitor.text())) == {"fewer than 3"}


def test_the_page_names_no_day_on_which_anything_was_counted(visitor):
    visitor.get("/en/stats/")
    empty = visitor.text()
    first_day = date(2020, 2, 3)
    ScreeningCount.objects.create(instrument="observe_hotel", level="some_signs", day=first_day, count=1)
    visitor.get("/en/stats/")
    assert visitor.text() == empty
    assert "2020" not in empty and "counted yet" not in empty
    assert set(cells(empty)) == {"fewer than 3"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    day=st.integers(min_value=1, max_value=31),
    instrument=st.sampled_from(["observe_hotel", "adult_brief", "minor_brief"]),
    level=st.sampled_from(["none_seen", "some_signs", "strong_signs", "danger_now"]),
    module=st.sampled_from(["hotel", None]),
    earlier=st.integers(min_value=0, max_value=20),
)
def test_adding_one_count_within_the_current_month_changes_no_byte_of_the_page(
    visitor, day, instrument, level, module, earlier
):
    today = timezone.localdate()
    this_month = today.replace(day=min(day, monthrange(today.year, today.month)[1]))
    closed = end_of_last_closed_month(today)
    ScreeningCount.objects.update_or_create(instrument=instrument, level=level, day=closed, defaults={"count": earlier})
    before = visitor.get("/en/stats/").content
    if module:
        add_one(TrainingCompletion, organisation="", module=module, day=this_month)
    else:
        add_one(ScreeningCount, instrument=instrument, level=level, day=this_month)
    assert visitor.get("/en/stats/").content == before


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
