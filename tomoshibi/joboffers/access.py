"""Permission-checked reads of the monitors' side: "not found" and "not yours" give the same 404."""

from django.http import Http404

from tomoshibi.accounts.access import access_membership
from tomoshibi.accounts.roles import Permission

from .models import OfferCase


def access_monitor(user, organisation_slug: str):
    """The user's membership in this organisation if their role may check job offers; 404 otherwise."""
    return access_membership(user, organisation_slug, Permission.CHECK_JOB_OFFERS)


def offer_cases_of(membership):
    return OfferCase.objects.filter(organisation=membership.organisation)


def access_offer_case(user, organisation_slug: str, case_id: int) -> OfferCase:
    membership = access_monitor(user, organisation_slug)
    case = offer_cases_of(membership).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case
