"""Training, certificates and organisation counts, through the Django test client."""

import re
from html import unescape

import pytest

from tomoshibi.core.models import RateCounter
from tomoshibi.screening import tokens
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.models import TrainingCompletion
from tomoshibi.screening.tests.test_screen_pages import table_rows

pytestmark = pytest.mark.django_db

HOTEL = default_catalogue().modules["hotel"]
STATE = re.compile(r'name="s" value="([^"]+)"')


class Learner:
    """Walks a module as a browser would: POST an answer, follow the 303 to its feedback page."""

    def __init__(self, visitor, module=HOTEL, language="en"):
        self.visitor, self.module, self.base = visitor, module, f"/{language}/learn/{module.id}/"

    def start(self, code=""):
        response = self.visitor.post(self.base, {"code": code})
        if response.status_code == 303:
            self.visitor.get(response["Location"])
        return response

    def answer(self, choice, number):
        state = STATE.search(self.visitor.text()).group(1)
        url = f"{self.base}{number}/"
        response = self.visitor.post(url, {"s": state, "choice": choice}, from_url=f"{url}?s={state}")
        if response.status_code == 303:
            self.visitor.get(response["Location"])
        return response

    def next(self):
        link = re.search(r'<a class="button" href="([^"]+)">(Next situation|See your summary)', self.visitor.text())
        return self.visitor.get(unescape(link.group(1)))

    def complete(self, choose_best=True, code=""):
        self.start(code)
        for number, scenario in enumerate(self.module.scenarios, 1):
            choice = next(c for c in scenario.choices if c.correct == choose_best)
            self.answer(choice.id, number)
            self.next()
        return self.visitor.page


def test_it_lists_a_module_for_every_role(visitor):
    visitor.get("/en/learn/")
    for module in default_catalogue().modules.values():
        assert module.title.get("en") in visitor.text()


def test_it_gives_immediate_feedback_naming_the_indicator_and_why(visitor):
    learner = Learner(visitor)
    learner.start()
    assert HOTEL.scenarios[0].situation.get("en") in visitor.text()
    response = learner.answer("friends", 1)
    assert response.status_code == 303
    text = visitor.text()
    assert "Not quite." in text
    assert "Best answer: Signs of sexual exploitation controlled by the man who booked." in text
    assert HOTEL.scenarios[0].explanation.get("en") in text
    assert "Controlled by another person" in text  # the indicator domain present


def test_it_completes_a_module_with_a_summary_and_a_verifiable_certificate(visitor):
    learner = Learner(visitor)
    page = learner.complete()
    assert "3 of 3 answers were the best answer." in page.content.decode()
    code = re.search(r'href="/en/learn/certificate/([^/]+)/"', visitor.text()).group(1)
    visitor.get(f"/en/learn/certificate/{code}/")
    assert "Certificate of completion" in visitor.text() and HOTEL.title.get("en") in visitor.text()
    assert code in visitor.text()
    visitor.get("/en/learn/verify/", code=code)
    assert "This certificate is valid." in visitor.text()
    assert "with 3 of 3 best answers" in visitor.text()


def test_it_refuses_a_certificate_code_that_does_not_verify(visitor):
    code = tokens.Certificate("hotel", "1", tokens.date(2025, 1, 1), 1, 3).code.replace("-1-3-", "-3-3-")
    assert visitor.get("/en/learn/verify/", code=code).status_code == 400
    assert "This code does not match any certificate." in visitor.text()
    assert visitor.get(f"/en/learn/certificate/{code}/").status_code == 404


def test_it_asks_again_when_no_answer_is_chosen(visitor):
    learner = Learner(visitor)
    learner.start()
    response = learner.answer("", 1)
    assert response.status_code == 400
    assert "Choose one answer." in visitor.text()
    assert HOTEL.scenarios[0].question.get("en") in visitor.text()


def test_it_refuses_an_answer_that_is_not_a_choice(visitor):
    learner = Learner(visitor)
    learner.start()
    response = learner.answer("all_of_them", 1)
    assert response.status_code == 400
    assert "This answer is not one of the choices. Valid choices: friends, exploitation, not_our_business." in (
        visitor.text()
    )


def test_it_asks_to_start_again_when_progress_is_forged(visitor):
    forged = tokens.TrainingState("hotel", "1", "", ("exploitation", "note_and_tell", "danger_call")).dumps()
    assert visitor.get("/en/learn/hotel/summary/", s=forged[:-3] + "abc").status_code == 400
    assert "Please start this module again" in visitor.text()
    other_module = tokens.TrainingState("school", "1").dumps()
    assert visitor.get("/en/learn/hotel/1/", s=other_module).status_code == 400


def test_it_sends_a_stale_link_to_where_the_learner_really_is(visitor):
    state = tokens.TrainingState("hotel", "1", "", ("exploitation",)).dumps()
    response = visitor.get("/en/learn/hotel/3/", s=state)
    assert response.status_code == 302 and "/en/learn/hotel/2/" in response["Location"]


def test_it_counts_completions_per_organisation_and_shows_them_only_with_the_code(visitor):
    code = tokens.new_organisation_code()
    Learner(visitor).complete(code=code.lower())
    Learner(visitor).complete(choose_best=False, code=code)
    Learner(visitor).complete()
    assert set(TrainingCompletion.objects.values_list("organisation", "module", "count")) == {
        (tokens.organisation_hash(code), "hotel", 2),
        ("", "hotel", 1),
    }
    visitor.post("/en/learn/organisations/", {"action": "counts", "code": code})
    assert re.search(rf"{HOTEL.title.get('en')}</th><td class=\"count\">2</td>", visitor.text())


def test_it_refuses_a_mistyped_organisation_code_and_keeps_it(visitor):
    response = Learner(visitor).start("ABCD-EFGH-JKLM")
    assert response.status_code == 400
    assert "This is not a valid organisation code." in visitor.text()
    assert 'value="ABCD-EFGH-JKLM"' in visitor.text()
    response = visitor.post("/en/learn/organisations/", {"action": "counts", "code": ""})
    assert response.status_code == 400 and "Enter your organisation code." in visitor.text()


def test_it_gives_a_new_organisation_code_without_storing_it(visitor):
    visitor.get("/en/learn/organisations/")  # the first request of the day makes the middleware's daily secret
    before = table_rows()
    visitor.post("/en/learn/organisations/", {"action": "new"})
    code = re.search(r'class="code big-code">([A-Z2-7-]+)<', visitor.text()).group(1)
    assert tokens.normalise_organisation_code(code) == code
    assert table_rows() == before


def test_it_stores_nothing_but_the_completion_count(visitor):
    learner = Learner(visitor)
    learner.start()
    before = table_rows()
    for number, scenario in enumerate(HOTEL.scenarios, 1):
        learner.answer(scenario.choices[0].id, number)
        learner.next()
    changed = {table for table, rows in table_rows().items() if rows != before.get(table)}
    # Besides the count, only the counting limit, keyed by a hash under a secret that exists only in memory.
    assert changed == {TrainingCompletion._meta.db_table, RateCounter._meta.db_table}
