"""A screening result hands its context to the help flow and the hotline: never its answers, never in an address."""

import re

import pytest

from tomoshibi.help.tests.sealed import saved_state
from tomoshibi.hotline.models import Report
from tomoshibi.screening.handoff import hotline_category
from tomoshibi.testing.personas import make_desk

pytestmark = pytest.mark.django_db

MEDICAL_MINOR = "/en/screen/medical/minor_brief/"
HOTEL = "/en/screen/hotel/observe_hotel/"
FORM = re.compile(r'<form method="post" action="(?P<action>[^"]+)">(?P<body>.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')


@pytest.mark.parametrize(
    ("domains", "minor", "category"),
    [
        (("images",), True, "csam"),
        (("commercial_sex", "images"), True, "csam"),
        (("commercial_sex",), True, "child_prostitution"),
        (("fake_contract",), True, "csam"),
        (("fake_contract", "images"), False, "coerced_pornography"),
        (("images",), False, "ncii"),
        (("commercial_sex",), False, "trafficking"),
        (("debt", "documents_held"), False, ""),
        ((), True, ""),
    ],
)
def test_it_picks_the_hotline_category_from_the_signs(domains, minor, category):
    assert hotline_category(domains, minor) == category


def handoff_form(text: str, action: str) -> dict:
    """The hidden fields of the result page's form that posts to `action`, as name -> values."""
    form = next(match for match in FORM.finditer(text) if match["action"] == action)
    fields: dict = {}
    for hidden in HIDDEN.finditer(form["body"]):
        if hidden["name"] != "csrfmiddlewaretoken":
            fields.setdefault(hidden["name"], []).append(hidden["value"])
    return fields


def test_the_result_hands_the_help_flow_its_context_and_not_the_answers(visitor, directory):
    answers = {"item-dates_for_money": "yes", "item-afraid_tonight": "yes", "item-ran_away": "no"}
    visitor.post(MEDICAL_MINOR, {**answers, "prefecture": "27"})
    fields = handoff_form(visitor.text(), "/en/help/begin/")
    assert fields["age"] == ["minor"] and fields["prefecture"] == ["27"] and fields["danger"] == ["yes"]
    assert "forced_sex_work" in fields["situations"]
    assert not [name for name in fields if name.startswith("item-")]  # no answer travels on
    assert "dates_for_money" not in str(fields) and "afraid_tonight" not in str(fields)


def test_the_help_flow_opens_with_the_context_chosen_and_nothing_in_the_address(visitor, directory):
    context = {"age": "minor", "danger": "yes", "prefecture": "27", "situations": ["forced_sex_work", "image_abuse"]}
    response = visitor.post("/en/help/begin/", context, from_url="/en/help/")
    assert response.status_code == 303 and response["Location"] == "/en/help/"
    answers = saved_state(visitor.client)["answers"]
    assert answers["safe"] == "no" and answers["age"] == "minor"
    assert answers["cards"] == ["sex_for_money", "images"]
    assert saved_state(visitor.client)["preset"] == "27"
    visitor.get("/en/help/")
    assert re.search(r'value="no"[^>]* checked', visitor.text())  # shown, for the person to confirm or change


def test_the_help_flow_ignores_context_it_does_not_know(visitor, directory):
    context = {"age": "elderly", "danger": "maybe", "prefecture": "99", "situations": ["<script>", "other"]}
    visitor.post("/en/help/begin/", context, from_url="/en/help/")
    state = saved_state(visitor.client)
    assert state["answers"]["age"] == "" and state["answers"]["safe"] == "" and state["preset"] == ""
    assert state["answers"]["cards"] == ["other"]


def test_the_help_flow_takes_context_only_by_post_with_the_csrf_token(visitor):
    assert visitor.get("/en/help/begin/", age="minor").status_code == 405
    refused = visitor.client.post("/en/help/begin/", {"age": "minor"})
    assert refused.status_code == 403
    assert saved_state(visitor.client) is None


def test_the_hotline_form_opens_with_the_suggested_category_and_files_nothing(visitor, directory):
    make_desk("ihc")
    visitor.post(MEDICAL_MINOR, {"item-sexual_images": "yes"})
    fields = handoff_form(visitor.text(), "/en/report/")
    assert fields == {"context": ["screening"], "category": ["csam"]}
    response = visitor.post("/en/report/", {"context": "screening", "category": "csam"}, from_url="/en/report/")
    assert response.status_code == 200
    assert re.search(r'name="category" value="csam"[^>]* checked', visitor.text())
    assert "errorlist" not in visitor.text()
    assert Report.objects.count() == 0


def test_the_hotline_form_ignores_an_unknown_category(visitor):
    make_desk("ihc")
    visitor.post("/en/report/", {"context": "screening", "category": "everything"}, from_url="/en/report/")
    assert visitor.page.status_code == 200 and " checked" not in visitor.text()
    assert Report.objects.count() == 0


def test_without_a_hotline_desk_the_result_points_to_the_national_hotline(visitor, directory):
    visitor.post(MEDICAL_MINOR, {"item-sexual_images": "yes"})
    assert 'action="/en/report/"' not in visitor.text()
    assert 'href="/en/directory/nat-ihc/"' in visitor.text()


def test_without_any_hotline_to_point_to_the_result_does_not_speak_of_one(visitor):
    visitor.post(MEDICAL_MINOR, {"item-sexual_images": "yes"})  # no desk here, and no directory loaded
    assert "report their addresses to the hotline" not in visitor.text()
