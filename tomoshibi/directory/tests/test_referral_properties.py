"""Properties of the referral engine over any input: hypothesis draws the situations and the directory."""

import dataclasses
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tomoshibi.directory.referral_engine import (
    AGES,
    CHANNELS,
    DANGERS,
    GENDERS,
    JST,
    PREFECTURE_CODES,
    SITUATIONS,
    ReferralRequest,
    recommend,
)
from tomoshibi.directory.tests.fixture import engine_services

DIRECTORY = engine_services()
START = datetime(2025, 1, 1, tzinfo=JST)

moments = st.integers(min_value=0, max_value=3 * 365 * 24 * 60).map(lambda minutes: START + timedelta(minutes=minutes))
requests = st.builds(
    ReferralRequest,
    prefecture=st.none() | st.sampled_from(PREFECTURE_CODES),
    age=st.sampled_from(AGES),
    gender=st.none() | st.sampled_from(GENDERS),
    language=st.sampled_from(["ja", "en", "tl", "th", "km", "vi", "zh", "pt", "ne", "ko"]),
    situations=st.frozensets(st.sampled_from(SITUATIONS)),
    danger=st.sampled_from(DANGERS),
    channels=st.frozensets(st.sampled_from(CHANNELS)),
    at=moments,
)
# Any active service but 110 may have closed: the directory changes, the guarantees must not.
closable = [s.id for s in DIRECTORY if s.id != "nat-police-110"]


def with_closed(closed_ids):
    return [dataclasses.replace(s, status="closed") if s.id in closed_ids else s for s in DIRECTORY]


@settings(max_examples=300, deadline=None)
@given(requests, st.frozensets(st.sampled_from(closable)))
def test_it_never_recommends_a_closed_service(request, closed_ids):
    services = with_closed(closed_ids)
    closed = {s.id for s in services if s.status != "active"}
    assert not closed & {r.service.id for r in recommend(services, request)}


@settings(max_examples=300, deadline=None)
@given(requests)
def test_it_gives_the_same_answer_to_the_same_question(request):
    first = recommend(DIRECTORY, request)
    again = recommend(list(reversed(DIRECTORY)), request)
    assert [(r.service.id, r.reasons, r.open_now) for r in first] == [
        (r.service.id, r.reasons, r.open_now) for r in again
    ]


@settings(max_examples=500, deadline=None)
@given(requests, st.frozensets(st.sampled_from(closable)))
def test_it_always_offers_a_way_to_get_help_now(request, closed_ids):
    found = recommend(with_closed(closed_ids), request)
    assert any(r.open_now for r in found)
    assert all(state.contact.reachable for r in found for state in r.contacts)


@settings(max_examples=200, deadline=None)
@given(requests)
def test_it_lists_each_service_once_with_a_reason(request):
    found = recommend(DIRECTORY, request)
    assert len({r.service.id for r in found}) == len(found)
    assert all(r.reasons for r in found)
