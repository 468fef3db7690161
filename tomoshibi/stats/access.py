"""Permission-checked reads of estimation rounds: "not found" and "not yours" are the same 404.

A round is the coordinating organisation's: its coordinators see everything of it. A participating
organisation's admins see the round, their own list's state and, once the round is closed, the
published figures; never another participant's list, nor the figures before they are published.
"""

from django.http import Http404

from tomoshibi.accounts.access import access_membership, memberships_of
from tomoshibi.accounts.roles import Permission, can

from .models import Participation, Round, RoundStatus


def coordinator_memberships(user):
    return [membership for membership in memberships_of(user) if can(membership, Permission.COORDINATE_ROUNDS)]


def admin_memberships(user):
    return [membership for membership in memberships_of(user) if can(membership, Permission.TAKE_PART_IN_ROUNDS)]


def access_coordinator(user, organisation_slug: str):
    """The user's coordinator membership in this organisation; 404 otherwise."""
    return access_membership(user, organisation_slug, Permission.COORDINATE_ROUNDS)


def access_round_to_coordinate(user, round_id):
    """(round, coordinator membership) for a coordinator of the round's coordinating organisation."""
    found = Round.objects.select_related("coordinating_organisation").filter(pk=round_id).first()
    if found is None:
        raise Http404
    membership = access_membership(user, found.coordinating_organisation.slug, Permission.COORDINATE_ROUNDS)
    return found, membership


def access_participation(user, round_id, organisation_slug: str):
    """(participation, admin membership) for an admin of an organisation taking part in the round."""
    membership = access_membership(user, organisation_slug, Permission.TAKE_PART_IN_ROUNDS)
    participation = (
        Participation.objects.select_related("round__coordinating_organisation", "organisation")
        .filter(round_id=round_id, organisation=membership.organisation)
        .first()
    )
    if participation is None:
        raise Http404
    return participation, membership


def rounds_coordinated_by(user):
    organisations = [membership.organisation_id for membership in coordinator_memberships(user)]
    return Round.objects.filter(coordinating_organisation__in=organisations).select_related("coordinating_organisation")


def participations_of(user):
    """The participations of every organisation the user is an admin of, newest round first."""
    organisations = [membership.organisation_id for membership in admin_memberships(user)]
    found = Participation.objects.filter(organisation__in=organisations)
    return found.select_related("round__coordinating_organisation", "organisation").order_by("-round__created_at")


def participants_of(round_):
    return list(Participation.objects.filter(round=round_).select_related("organisation"))


def published_rounds():
    """Closed rounds, whose figures (with small cells hidden) anyone may read."""
    return Round.objects.filter(status=RoundStatus.CLOSED).order_by("-closed_at")
