"""Scoring rules, by table, for every instrument; and the refusal of tampered forms.

These tests use the real instrument files, so changing a threshold or an escalating item in a file
without updating its table here fails.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.scoring import FormProblem, Level, ScoringRule, read_answers, score
from tomoshibi.screening.texts import Text

NONE, SOME, STRONG, DANGER = Level.NONE_SEEN, Level.SOME_SIGNS, Level.STRONG_SIGNS, Level.DANGER_NOW


def instrument(instrument_id):
    return default_catalogue().instruments[instrument_id]


def yes_to(instrument_id, *item_ids):
    counting = next(o.id for o in instrument(instrument_id).options if o.counts)
    return dict.fromkeys(item_ids, counting)


# (instrument, answers, expected level): thresholds, "not sure", escalations and their combinations.
TABLE = [
    ("adult_brief", {}, NONE),
    ("adult_brief", {"could_not_leave": "no", "threatened": "unsure"}, NONE),
    ("adult_brief", yes_to("adult_brief", "could_not_leave"), SOME),
    ("adult_brief", yes_to("adult_brief", "documents_kept", "pay_withheld"), STRONG),
    ("adult_brief", yes_to("adult_brief", "made_to_do_sexual_work"), STRONG),
    ("adult_brief", yes_to("adult_brief", "afraid_to_go_back"), DANGER),
    ("adult_brief", yes_to("adult_brief", "debt_to_work_off", "afraid_to_go_back"), DANGER),
    ("minor_brief", {}, NONE),
    ("minor_brief", {"ran_away": "unsure", "alcohol_drugs": "no"}, NONE),
    ("minor_brief", yes_to("minor_brief", "ran_away"), SOME),
    ("minor_brief", yes_to("minor_brief", "ran_away", "police_contact"), STRONG),
    ("minor_brief", yes_to("minor_brief", "dates_for_money"), STRONG),
    ("minor_brief", yes_to("minor_brief", "jk_business"), STRONG),
    ("minor_brief", yes_to("minor_brief", "sexual_images"), STRONG),
    ("minor_brief", yes_to("minor_brief", "afraid_tonight"), DANGER),
    ("observe_cabin_crew", {}, NONE),
    ("observe_cabin_crew", yes_to("observe_cabin_crew", "vague_destination", "scripted_story"), SOME),
    (
        "observe_cabin_crew",
        yes_to("observe_cabin_crew", "vague_destination", "scripted_story", "fearful_watchful"),
        STRONG,
    ),
    ("observe_cabin_crew", yes_to("observe_cabin_crew", "child_with_unrelated_adult"), STRONG),
    ("observe_cabin_crew", yes_to("observe_cabin_crew", "signals_for_help"), DANGER),
    ("observe_police_immigration", {"pay_withheld": "not_seen"}, NONE),
    ("observe_police_immigration", yes_to("observe_police_immigration", "documents_held_by_other"), SOME),
    (
        "observe_police_immigration",
        yes_to("observe_police_immigration", "documents_held_by_other", "debt_to_work_off", "visa_and_work_mismatch"),
        STRONG,
    ),
    ("observe_police_immigration", yes_to("observe_police_immigration", "minor_in_sex_business"), STRONG),
    ("observe_police_immigration", yes_to("observe_police_immigration", "threat_now"), DANGER),
    ("observe_school", {"older_partner": "unsure"}, NONE),
    ("observe_school", yes_to("observe_school", "absences_running_away", "new_money_or_gifts"), SOME),
    (
        "observe_school",
        yes_to("observe_school", "absences_running_away", "new_money_or_gifts", "older_partner"),
        STRONG,
    ),
    ("observe_school", yes_to("observe_school", "papakatsu_or_dating_for_money"), STRONG),
    ("observe_school", yes_to("observe_school", "jk_business_work"), STRONG),
    ("observe_school", yes_to("observe_school", "images_threat"), STRONG),
    ("observe_school", yes_to("observe_school", "modelling_contract", "host_club_debt"), SOME),
    ("observe_school", yes_to("observe_school", "nowhere_safe_tonight"), DANGER),
    ("observe_medical", {}, NONE),
    ("observe_medical", yes_to("observe_medical", "companion_controls_visit"), SOME),
    (
        "observe_medical",
        yes_to("observe_medical", "companion_controls_visit", "no_own_documents", "exhaustion_malnutrition"),
        STRONG,
    ),
    ("observe_medical", yes_to("observe_medical", "minor_sexual_exploitation"), STRONG),
    ("observe_medical", yes_to("observe_medical", "afraid_to_leave_with_companion"), DANGER),
    ("observe_hotel", {}, NONE),
    ("observe_hotel", yes_to("observe_hotel", "many_short_visitors", "cash_and_no_cleaning"), SOME),
    (
        "observe_hotel",
        yes_to("observe_hotel", "many_short_visitors", "cash_and_no_cleaning", "companion_holds_passport"),
        STRONG,
    ),
    ("observe_hotel", yes_to("observe_hotel", "young_person_with_adult"), STRONG),
    ("observe_hotel", yes_to("observe_hotel", "call_for_help"), DANGER),
]


@pytest.mark.parametrize(("instrument_id", "answers", "expected"), TABLE)
def test_it_scores_each_instrument_by_its_rule(instrument_id, answers, expected):
    assert score(instrument(instrument_id), answers).level == expected


def test_it_has_a_table_row_for_every_instrument_and_every_escalating_item():
    catalogue = default_catalogue()
    assert {row[0] for row in TABLE} == set(catalogue.instruments)
    for instrument_id, found in catalogue.instruments.items():
        escalating = {item.id for item in found.items if item.escalates_to is not None}
        tested_alone = {next(iter(a)) for i, a, _level in TABLE if i == instrument_id and len(a) == 1}
        assert escalating <= tested_alone, f"{instrument_id}: no table row for {escalating - tested_alone}"


RULE = ScoringRule(kind="count", some_signs_at=1, strong_signs_at=3, explanation=Text({"en": "x"}))


@pytest.mark.parametrize(("points", "expected"), [(0, NONE), (1, SOME), (2, SOME), (3, STRONG), (9, STRONG)])
def test_it_turns_points_into_levels_at_the_thresholds(points, expected):
    assert RULE.level_for(points) == expected


def test_it_lists_the_indicators_that_raised_the_level_and_those_not_answered():
    result = score(instrument("adult_brief"), {**yes_to("adult_brief", "documents_kept"), "threatened": "no"})
    assert [item.id for item in result.raised] == ["documents_kept"]
    assert result.domains == ("documents_held",)
    assert "threatened" not in [item.id for item in result.not_answered]
    assert len(result.not_answered) == len(instrument("adult_brief").items) - 2


def test_it_names_the_item_that_escalated_the_level():
    result = score(instrument("adult_brief"), yes_to("adult_brief", "could_not_leave", "afraid_to_go_back"))
    assert [item.id for item in result.escalated_by] == ["afraid_to_go_back"]


def test_it_marks_a_child_involved_from_the_instrument_or_the_item():
    assert score(instrument("minor_brief"), {}).involves_minor
    assert not score(instrument("observe_hotel"), {}).involves_minor
    assert score(instrument("observe_hotel"), yes_to("observe_hotel", "young_person_with_adult")).involves_minor


@given(st.data())
def test_it_never_lowers_the_level_when_one_more_sign_is_present(data):
    found = instrument(data.draw(st.sampled_from(sorted(default_catalogue().instruments))))
    counting = next(o.id for o in found.options if o.counts)
    item_ids = [item.id for item in found.items]
    answers = {
        item_id: data.draw(st.sampled_from(found.option_ids))
        for item_id in data.draw(st.lists(st.sampled_from(item_ids), unique=True))
    }
    extra = data.draw(st.sampled_from(item_ids))
    assert score(found, {**answers, extra: counting}).level >= score(found, answers).level


# --- tampered forms ------------------------------------------------------------------------------


def fields(**values):
    return {name.replace("__", "-"): [value] if isinstance(value, str) else value for name, value in values.items()}


def test_it_reads_answered_items_and_skips_empty_ones():
    found = instrument("adult_brief")
    answers = read_answers(found, fields(item__threatened="yes", item__could_not_leave=""))
    assert answers == {"threatened": "yes"}


@pytest.mark.parametrize(
    ("posted", "kind", "field_name"),
    [
        (fields(item__no_such_item="yes"), FormProblem.UNKNOWN_ITEM, "item-no_such_item"),
        (fields(item__threatened="maybe"), FormProblem.IMPOSSIBLE_VALUE, "item-threatened"),
        (fields(item__threatened=["yes", "no"]), FormProblem.REPEATED_FIELD, "item-threatened"),
        (fields(score="99"), FormProblem.UNKNOWN_FIELD, "score"),
    ],
)
def test_it_refuses_a_form_the_page_cannot_send(posted, kind, field_name):
    with pytest.raises(FormProblem) as raised:
        read_answers(instrument("adult_brief"), posted)
    assert (raised.value.kind, raised.value.field_name) == (kind, field_name)
    assert raised.value.allowed


def test_it_ignores_the_fields_the_page_itself_adds():
    posted = fields(csrfmiddlewaretoken="t", prefecture="13", item__threatened="no")
    assert read_answers(instrument("adult_brief"), posted, frozenset({"csrfmiddlewaretoken", "prefecture"})) == {
        "threatened": "no"
    }
