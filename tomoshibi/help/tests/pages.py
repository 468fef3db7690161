"""Every page of the help flow, rendered through the real views, for the i18n and size checks."""

from .conftest import Person

STEP_WALK = [
    ("safety", {"safe": "no"}),
    ("emergency", {}),
    ("location", {"postal_code": "999-9999"}),  # refused: the page with an error
    ("location", {"prefecture": "13"}),
    ("age", {"age": "minor"}),
    (
        "situation",
        {"cards": ["sex_for_money", "debt", "documents", "images", "contract", "cannot_leave", "visa", "other"]},
    ),
    ("channel", {"channels": ["phone", "chat", "line", "email", "in_person"]}),
]


def flow_pages(language):
    """(name, html, bytes sent) of every screen, as a child in danger who chose every card and channel sees them."""
    person = Person(language)
    person.open()
    pages = [("safety", person.text(), len(person.page.content))]
    for index, (step, data) in enumerate(STEP_WALK):
        person.post(step, **data)
        pages.append((f"{index + 1}-after-{step}", person.text(), len(person.page.content)))
    return pages


def other_pages(language):
    person = Person(language)
    adult = Person(language)
    adult.answer_all(safe="yes", age="adult", cards=["visa"])
    pages = [("answer-adult", adult.text())]
    for name, url in [("posters", ""), ("poster-a4", "27/a4/"), ("poster-phone", "27/phone.svg")]:
        person.open(f"/{language}/help/posters/{url}")
        pages.append((name, person.text()))
    return pages
