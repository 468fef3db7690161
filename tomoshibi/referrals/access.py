"""Permission-checked reads of referrals: "not found" and "not yours" are the same 404.

The sending organisation sees its referrals in every state. The receiving organisation
sees one only once the person has agreed to it: a proposal the person has not answered,
refused or let expire never reaches it.
"""

import uuid

from django.db.models import Q
from django.http import Http404

from tomoshibi.accounts.access import memberships_of
from tomoshibi.accounts.roles import Permission, can

from .models import Kind, Referral, Status

SEEN_BY_RECEIVER = (Status.CONSENTED, Status.ACCEPTED, Status.DECLINED)


def visible_to(user):
    organisations = memberships_of(user).values("organisation")
    received = Q(to_organisation__in=organisations, kind=Kind.SHARE, status__in=SEEN_BY_RECEIVER)
    return Referral.objects.filter(Q(from_organisation__in=organisations) | received)


def access_referral(user, referral_id, permission: Permission = Permission.READ_CONVERSATIONS):
    """(referral, membership, is_receiver) if the user's role in its sending or receiving organisation allows it."""
    referral = (
        visible_to(user)
        .select_related("from_organisation", "to_organisation", "service", "from_conversation", "to_conversation")
        .filter(pk=referral_id)
        .first()
    )
    membership = None
    if referral is not None:
        membership = memberships_of(user).filter(organisation__in=sides_seeing(referral)).first()
    if not can(membership, permission):
        raise Http404
    is_receiver = membership.organisation_id == referral.to_organisation_id
    return referral, membership, is_receiver


def sides_seeing(referral) -> list[int]:
    """The organisations that may see this referral now: the receiver only once the person agreed."""
    if referral.kind == Kind.SHARE and referral.status in SEEN_BY_RECEIVER:
        return [referral.from_organisation_id, referral.to_organisation_id]
    return [referral.from_organisation_id]


def for_person(conversation):
    """The referrals of every conversation this person's receipt opens (none without a person key)."""
    if not conversation.person_public_key:
        return Referral.objects.none()
    return Referral.objects.filter(person_public_key=conversation.person_public_key).select_related(
        "to_organisation", "from_organisation", "service"
    )


def person_referral(conversation, referral_id) -> Referral:
    referral = for_person(conversation).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


def referrals_of(organisation) -> tuple:
    """(incoming, outgoing) referrals of an organisation whose membership the caller checked:
    incoming only once the person agreed."""
    related = ("from_organisation", "to_organisation")
    incoming = Referral.objects.incoming(organisation).select_related(*related)
    return incoming, Referral.objects.filter(from_organisation=organisation).select_related(*related)


def waiting_for(organisation) -> int:
    """Referrals the person agreed to that this organisation has not answered yet (its inbox's count)."""
    return Referral.objects.incoming(organisation).filter(status=Status.CONSENTED).count()


def channel_proposal(conversation, referral_id: str) -> Referral | None:
    """A proposal made in this conversation on another channel, answered from its chat; None if not one."""
    try:
        referral_uuid = uuid.UUID(referral_id)
    except ValueError:
        return None
    found = Referral.objects.select_related("from_organisation", "to_organisation", "service")
    return found.filter(pk=referral_uuid, from_conversation=conversation, kind=Kind.SHARE).first()
