"""Every page of the URL table has a rule, so none escapes the isolation and identity-leak tests.

- A staff page that names an organisation's record (an argument in its URL) is in an isolation
  matrix: its namespace is one of a matrix's NAMESPACES, and the matrix has a rule (ARGUMENTS) for
  each of its arguments. The matrices are generated from the same table.
- A staff page without arguments shows only the visitor's own things: it is listed in OWN_PAGES.
- A page anyone may post to is a form a person sends without an account: the identity-leak test
  posts it (test_identity_posts.ANONYMOUS_FORMS, or a test of its own there listed in
  FORMS_POSTED_BELOW), or NOT_PERSONS_FORMS says why not.

How to cover a new URL: docs/architecture.md, "Covering a new URL".
"""

import importlib

from django.urls import resolve
from django.utils import translation

from tomoshibi.testing.urltable import anonymous_forms, routes

from .test_identity_posts import ANONYMOUS_FORMS, FORMS_POSTED_BELOW, NEXT_PAGE

# The isolation matrices (test modules with NAMESPACES and ARGUMENTS).
MATRICES = [
    "tomoshibi.consultations.tests.test_isolation",
    "tomoshibi.hotline.tests.test_isolation",
    "tomoshibi.line.tests.test_isolation",
    "tomoshibi.joboffers.tests.test_isolation",
    "tomoshibi.stats.tests.test_isolation",
]
# Staff pages that name no record: what they show is chosen by who is signed in.
OWN_PAGES = {
    "accounts:home": "the visitor's own organisations",
    "accounts:confirm": "the visitor's own password and code, again",
    "accounts:password": "the visitor's own password",
    "hotline:desks": "the desks the visitor works at",
    "referrals:platform_figures": "the platform's referral figures, for platform admins; they name no organisation",
    "stats:rounds": "the rounds the visitor coordinates and those their own organisations take part in",
}
# Anonymous forms the identity-leak test does not post, and why.
NOT_PERSONS_FORMS = {
    "accounts:login": "the staff sign-in: staff are not anonymous (lockout and sessions: accounts' tests)",
    "accounts:logout": "ends a staff session; it reads nothing posted",
    "accounts:accept_invitation": "a staff member joining with an invitation (accounts' tests)",
}


def matrices() -> list:
    return [importlib.import_module(name) for name in MATRICES]


def test_every_staff_page_that_names_a_record_is_in_an_isolation_matrix():
    by_namespace = {namespace: matrix for matrix in matrices() for namespace in matrix.NAMESPACES}
    missing = []
    for route in routes():
        if not route.staff or not route.arguments:
            continue
        matrix = by_namespace.get(route.name.split(":")[0])
        without_rule = [argument for argument in route.arguments if matrix is None or argument not in matrix.ARGUMENTS]
        if without_rule:
            missing.append(f"{route.name} ({route.route}): no rule for {without_rule}")
    assert not missing, "\n".join(missing)


def test_every_staff_page_without_a_record_is_listed_as_the_visitor_s_own():
    own = {route.name for route in routes() if route.staff and not route.arguments}
    assert own == set(OWN_PAGES)


def test_every_anonymous_form_is_posted_by_the_identity_leak_test():
    with translation.override("en"):
        posted = {target if page == NEXT_PAGE else resolve(target).view_name for page, target, _data in ANONYMOUS_FORMS}
    posted |= FORMS_POSTED_BELOW
    forms = {route.name for route in anonymous_forms()}
    assert forms - set(NOT_PERSONS_FORMS) <= posted, sorted(forms - set(NOT_PERSONS_FORMS) - posted)
    assert not set(NOT_PERSONS_FORMS) & posted
    assert set(NOT_PERSONS_FORMS) <= forms  # no stale excuse


def test_the_table_sees_staff_pages_and_forms():
    names = {route.name: route for route in routes()}
    assert names["consultations:inbox"].staff and not names["consultations:write"].staff
    assert names["consultations:reply"].methods == {"POST"} and names["help:posters"].methods == {"GET"}
