"""The flow's pure logic: steps, the engine's vocabulary, and what survives a tampered session."""

from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.directory import referral_engine
from tomoshibi.help import flow

PREFECTURES = frozenset(referral_engine.PREFECTURE_CODES)


def answers(**values):
    return flow.Answers(**values)


def test_it_asks_the_engine_the_opposite_of_are_you_safe():
    assert flow.referral_query(answers(safe="no"), "en").danger == "yes"
    assert flow.referral_query(answers(safe="yes"), "en").danger == "no"
    assert flow.referral_query(answers(safe="unsure"), "en").danger == "unsure"
    assert flow.referral_query(answers(), "en").danger == "unsure"


def test_it_shows_the_110_screen_right_after_i_am_not_safe_and_only_then():
    assert flow.next_step("safety", answers(safe="no")) == "emergency"
    assert flow.next_step("emergency", answers(safe="no")) == "location"
    for safe in ("yes", "unsure", ""):
        assert flow.next_step("safety", answers(safe=safe)) == "location"


def test_it_goes_back_through_the_110_screen_only_if_it_was_shown():
    assert flow.previous_step("location", answers(safe="no")) == "emergency"
    assert flow.previous_step("location", answers(safe="yes")) == "safety"
    assert flow.previous_step("emergency", answers(safe="no")) == "safety"
    assert flow.previous_step("answer", answers()) == "channel"
    assert flow.previous_step("safety", answers()) == "safety"


def test_it_walks_the_questions_in_order_to_the_answer():
    step, order = "safety", []
    while step != "answer":
        order.append(step)
        step = flow.next_step(step, answers(safe="yes"))
    assert order == ["safety", "location", "age", "situation", "channel"]
    assert flow.next_step("answer", answers()) == "answer"


def test_it_maps_every_card_and_channel_to_the_engines_vocabulary():
    assert set(flow.CARD_CHOICES) == {
        "sex_for_money",
        "debt",
        "documents",
        "images",
        "contract",
        "cannot_leave",
        "visa",
        "other",
    }
    for tags in flow.CARD_SITUATIONS.values():
        assert tags and set(tags) <= set(referral_engine.SITUATIONS)
    assert set(flow.CHANNEL_CHOICES) == set(referral_engine.CHANNELS)
    assert set(flow.AGE_CHOICES) == set(referral_engine.AGES)
    assert set(flow.DANGER_FOR_SAFETY.values()) == set(referral_engine.DANGERS)


def test_it_names_each_situation_once_in_card_order():
    tags = flow.situations_for(("sex_for_money", "images", "debt"))
    assert tags == ("forced_sex_work", "sexual_violence", "image_abuse", "debt")


def test_it_prefers_the_place_the_person_gave_over_the_posters_preset():
    assert flow.referral_query(answers(), "en", preset_prefecture="27").prefecture == "27"
    assert flow.referral_query(answers(prefecture="13"), "en", preset_prefecture="27").prefecture == "13"
    query = flow.referral_query(answers(postal_code="1500001"), "en", preset_prefecture="27")
    assert (query.postal_code, query.prefecture) == ("1500001", None)


def test_it_reads_postal_codes_however_they_are_typed():
    for typed in ("150-0001", "１５０－０００１", "〒150 0001", " 1500001 "):
        assert flow.normalise_postal_code(typed) == "1500001"
    assert not flow.is_postal_code("150001")
    assert not flow.is_postal_code("١٥٠٠٠٠١")  # Arabic-Indic digits are digits, but not a Japanese postal code


def test_it_forgets_a_skipped_answer():
    given_answers = answers(safe="no", age="minor", cards=("debt",))
    assert flow.record(given_answers, "safety", {}).safe == ""
    assert flow.record(given_answers, "situation", {}).cards == ()
    assert flow.record(given_answers, "age", {"age": "adult"}).age == "adult"


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(["safe", "postal_code", "prefecture", "age", "cards", "channels"]), junk) | junk)
def test_it_keeps_only_known_values_from_a_tampered_session(data):
    restored = flow.Answers.from_session(data, PREFECTURES)
    assert restored.safe in ("", *flow.SAFETY_CHOICES)
    assert restored.age in ("", *flow.AGE_CHOICES)
    assert restored.prefecture in PREFECTURES | {""}
    assert restored.postal_code == "" or flow.is_postal_code(restored.postal_code)
    assert set(restored.cards) <= set(flow.CARD_CHOICES)
    assert set(restored.channels) <= set(flow.CHANNEL_CHOICES)
    assert flow.Answers.from_session(restored.to_session(), PREFECTURES) == restored


@given(st.sampled_from(flow.STEPS), st.sampled_from(flow.SAFETY_CHOICES))
def test_it_never_leaves_the_list_of_steps(step, safe):
    assert flow.next_step(step, answers(safe=safe)) in flow.STEPS
    assert flow.previous_step(step, answers(safe=safe)) in flow.STEPS


def test_it_turns_the_engines_situations_back_into_cards_by_their_main_tag():
    assert flow.cards_for(("forced_sex_work", "image_abuse")) == ("sex_for_money", "images")
    assert flow.cards_for(("sexual_violence",)) == ()  # a card is chosen for its main meaning only
    assert flow.cards_for(("other", "debt")) == ("debt",)
    assert flow.cards_for(("other",)) == ("other",)


def test_it_takes_only_danger_now_as_not_safe_from_a_context():
    assert flow.answers_from_context(age="minor", danger="yes", situations=()).safe == "no"
    assert flow.answers_from_context(age="minor", danger="unsure", situations=()).safe == ""
    assert flow.answers_from_context(age="old", danger="no", situations=("debt",)) == flow.Answers(cards=("debt",))
