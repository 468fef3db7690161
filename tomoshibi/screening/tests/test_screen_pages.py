"""The screening pages through the Django test client, with the real directory behind the referrals."""

import re

import pytest
from django.db import connection
from django.utils.html import escape

from tomoshibi.core.models import RateCounter
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.models import ScreeningCount

pytestmark = pytest.mark.django_db

CATALOGUE = default_catalogue()
HOTEL = "/en/screen/hotel/observe_hotel/"


def test_it_offers_every_role_and_every_situation(visitor):
    visitor.get("/en/screen/")
    for role in CATALOGUE.roles.values():
        assert role.name.get("en") in visitor.text()
    assert "Talking with a child or young person under 18" in visitor.text()
    assert "It is not a determination that anyone is a victim" in visitor.text()


def test_it_sends_a_role_and_a_situation_to_their_instrument(visitor):
    response = visitor.get("/en/screen/", role="medical", situation="talk_minor")
    assert response.status_code == 302
    assert response["Location"] == "/en/screen/medical/minor_brief/"


# Only medical, police and immigration staff question a person; the others observe and report.
SCREENS_OFFERED = {
    "medical": {"talk_adult": "adult_brief", "talk_minor": "minor_brief", "observe": "observe_medical"},
    "police_immigration": {
        "talk_adult": "adult_brief",
        "talk_minor": "minor_brief",
        "observe": "observe_police_immigration",
    },
    "cabin_crew": {
        "talk_adult": "observe_cabin_crew",
        "talk_minor": "observe_cabin_crew",
        "observe": "observe_cabin_crew",
    },
    "hotel": {"talk_adult": "observe_hotel", "talk_minor": "observe_hotel", "observe": "observe_hotel"},
    "school": {"talk_adult": "observe_school", "talk_minor": "observe_school", "observe": "observe_school"},
}


@pytest.mark.parametrize("role", sorted(SCREENS_OFFERED))
def test_it_offers_the_interview_screens_only_to_medical_police_and_immigration_staff(visitor, role):
    assert set(SCREENS_OFFERED) == set(CATALOGUE.roles)
    for situation, instrument_id in SCREENS_OFFERED[role].items():
        response = visitor.get("/en/screen/", role=role, situation=situation)
        instead = "?instead=talk" if situation != "observe" and instrument_id.startswith("observe") else ""
        assert response["Location"] == f"/en/screen/{role}/{instrument_id}/{instead}", situation


def test_it_tells_a_role_that_observes_why_it_gets_the_checklist_instead_of_questions(visitor):
    response = visitor.get("/en/screen/", role="hotel", situation="talk_minor")
    page = visitor.client.get(response["Location"]).content.decode()
    assert 'id="observe-instead"' in page and "Staff in your role are asked to observe and report" in page
    assert 'id="observe-instead"' not in visitor.get(HOTEL).content.decode()  # chose the checklist itself
    japanese = visitor.client.get("/ja/screen/hotel/observe_hotel/?instead=talk").content.decode()
    assert 'id="observe-instead"' in japanese and "観察チェックリスト" in japanese


@pytest.mark.parametrize("role", ["cabin_crew", "hotel", "school"])
@pytest.mark.parametrize("instrument_id", ["adult_brief", "minor_brief"])
def test_it_does_not_serve_an_interview_screen_to_a_role_that_observes(visitor, role, instrument_id):
    assert visitor.get(f"/en/screen/{role}/{instrument_id}/").status_code == 404


def test_it_refuses_an_unknown_role_naming_the_valid_ones(visitor):
    response = visitor.get("/en/screen/", role="pilot", situation="observe")
    assert response.status_code == 400
    assert "“pilot” is not one of the choices" in visitor.text()
    assert "Hotel and accommodation staff" in visitor.text()
    assert re.search(r'value="observe"[^>]* checked', visitor.text())  # the valid choice is kept


def test_it_asks_every_question_of_the_instrument_in_the_page_language(visitor):
    visitor.get("/ja/screen/hotel/observe_hotel/")
    for item in CATALOGUE.instruments["observe_hotel"].items:
        assert item.text.get("ja") in visitor.text()
    assert "日本や日本語で検証されたスクリーニング手段はまだありません" in visitor.text()
    assert "誰かが人身取引の被害者であると判定するものではありません" in visitor.text()


def test_it_says_how_each_source_was_used_in_the_page_language(visitor):
    visitor.get("/th/screen/hotel/observe_hotel/")
    for source in CATALOGUE.instruments["observe_hotel"].sources:
        assert f"{source.title}. {escape(source.use.get('th'))} " in visitor.text()
        assert escape(source.use.get("en")) not in visitor.text()
    assert '<span lang="en">' not in visitor.text()  # no note is left in English only


def test_it_does_not_serve_an_instrument_under_another_role(visitor):
    assert visitor.get("/en/screen/school/observe_hotel/").status_code == 404
    assert visitor.get("/en/screen/hotel/no_such_screen/").status_code == 404


def test_it_shows_the_level_the_signs_what_to_do_and_whom_to_contact(visitor, directory):
    answers = {"item-many_short_visitors": "seen", "item-guest_watched": "seen", "item-sex_work_supplies": "seen"}
    response = visitor.post(HOTEL, {**answers, "item-cash_and_no_cleaning": "not_seen", "prefecture": "13"})
    assert response.status_code == 200
    text = visitor.text()
    assert "Level of concern: Strong signs" in text
    assert "Many different visitors, mostly men, come to one room for short visits." in text
    assert "Not free to leave or to move about" in text  # the indicator's domain
    assert "Tell your manager or security" in text  # the role's own advice
    assert "Never alert the person you suspect of controlling them" in text
    assert 'class="recommendations"' in text and "tel:" in text
    assert 'action="/en/help/begin/"' in text and 'name="prefecture" value="13"' in text
    assert 'href="/en/directory/nat-ihc/"' in text  # commercial sex: adverts may be online (no desk here)
    assert "not a determination that anyone is a victim" in text


def test_it_shows_each_missing_answer_as_not_answered(visitor, directory):
    visitor.post(HOTEL, {"item-many_short_visitors": "seen", "prefecture": ""})
    text = visitor.text()
    assert "Level of concern: Some signs" in text
    unanswered = [item for item in CATALOGUE.instruments["observe_hotel"].items if item.id != "many_short_visitors"]
    for item in unanswered:
        assert f"{item.text.get('en')} — <strong>not answered</strong>" in text


def test_it_puts_110_first_when_someone_is_in_danger_now(visitor, directory):
    visitor.post(HOTEL, {"item-call_for_help": "seen"})
    text = visitor.text()
    assert "Level of concern: Danger now" in text
    assert 'action="/en/report/"' not in text and 'href="/en/directory/nat-ihc/"' not in text
    assert "(this sign alone raised the level)" in text
    first = text.index('class="recommendations"')
    assert text.index("tel:110", first) < text.index('<li class="card', text.index('<li class="card', first) + 1)


def test_it_refers_a_child_to_child_services(visitor, directory):
    visitor.post("/en/screen/medical/minor_brief/", {"item-dates_for_money": "yes"})
    text = visitor.text()
    assert "Level of concern: Strong signs" in text
    assert "Never separate a child from the people who are helping them" in text
    assert "tel:189" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"item-not_an_item": "seen"}, "a question that is not part of this screen: “item-not_an_item”"),
        ({"item-guest_watched": "definitely"}, "The answer to “item-guest_watched” is not one of the choices"),
        ({"prefecture": "99"}, "The answer to “prefecture” is not one of the choices"),
        ({"level": "danger_now"}, "a field this page does not have: “level”"),
    ],
)
def test_it_refuses_a_tampered_form_and_scores_nothing(visitor, data, message):
    response = visitor.post(HOTEL, {"item-many_short_visitors": "seen", **data})
    assert response.status_code == 400
    assert message in visitor.text()
    assert "Nothing was scored or counted" in visitor.text()
    assert "Level of concern" not in visitor.text()
    # The valid answer is kept.
    assert re.search(r'name="item-many_short_visitors" value="seen" checked', visitor.text())
    assert not ScreeningCount.objects.exists()


def test_it_names_the_valid_values_of_an_impossible_answer(visitor):
    visitor.post(HOTEL, {"item-guest_watched": "definitely"})
    assert "Valid values: seen, not_seen, unsure." in visitor.text()


def test_it_counts_screenings_by_instrument_level_and_day(visitor, directory):
    for _ in range(2):
        visitor.post(HOTEL, {"item-call_for_help": "seen"})
    visitor.post(HOTEL, {})
    counts = set(ScreeningCount.objects.values_list("instrument", "level", "count"))
    assert counts == {("observe_hotel", "danger_now", 2), ("observe_hotel", "none_seen", 1)}


def table_rows() -> dict[str, list]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def test_it_stores_nothing_but_the_anonymous_count(visitor, directory):
    visitor.get(HOTEL)  # the first request of the day makes the middleware's daily secret
    before = table_rows()
    visitor.post(HOTEL, {"item-companion_holds_passport": "seen", "item-guest_watched": "unsure", "prefecture": "27"})
    after = table_rows()
    changed = {table for table in after if after[table] != before.get(table)}
    assert changed == {ScreeningCount._meta.db_table, RateCounter._meta.db_table}
    # The only other row is the counting limit, keyed by a hash under a secret that exists only in memory.
    [key] = RateCounter.objects.values_list("key", flat=True)
    assert re.fullmatch(r"ratelimit:screening-count:[0-9a-f]{32}", key)
    [row] = ScreeningCount.objects.values("instrument", "level", "count")
    assert row == {"instrument": "observe_hotel", "level": "some_signs", "count": 1}
    assert [field.name for field in ScreeningCount._meta.fields] == ["id", "instrument", "level", "day", "count"]


PAGES = ["/screen/", "/screen/hotel/observe_hotel/", "/learn/", "/learn/hotel/", "/learn/verify/"]


@pytest.mark.parametrize("language", ["ja", "tl", "th", "km", "vi", "zh-hans"])
@pytest.mark.parametrize("page", PAGES)
def test_it_serves_every_page_in_every_language_without_english_chrome(visitor, language, page):
    response = visitor.get(f"/{language}{page}")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in visitor.text()
    for english in ("Screen for signs of trafficking", "Training: recognise", "Check a certificate", "Not saying"):
        assert english not in visitor.text(), english


def test_it_counts_no_more_than_the_daily_limit_from_one_connection(visitor, directory, settings):
    from tomoshibi.screening.views.screen import COUNTED_SCREENINGS

    for _ in range(COUNTED_SCREENINGS[0] + 3):
        visitor.post(HOTEL, {"item-companion_holds_passport": "seen"})
    assert ScreeningCount.objects.get().count == COUNTED_SCREENINGS[0]
