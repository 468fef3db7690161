"""Permission-checked reads of the LINE channel: "not found" and "not yours" are the same 404."""

from django.http import Http404

from tomoshibi.accounts.roles import Permission, can
from tomoshibi.consultations.access import membership_for

from .models import LineChannel, LineMessage


def access_line_message(user, line_message_id, permission: Permission = Permission.READ_CONVERSATIONS):
    """(line message, membership) if the user's role in its organisation allows `permission`."""
    line_message = (
        LineMessage.objects.select_related("message__conversation__organisation")
        .filter(pk=line_message_id, message__conversation__organisation__memberships__user=user)
        .first()
    )
    organisation = line_message.message.conversation.organisation if line_message else None
    membership = membership_for(user, organisation) if organisation else None
    if not can(membership, permission):
        raise Http404
    return line_message, membership


def channel_for(organisation_slug: str) -> LineChannel | None:
    """The channel LINE calls at this organisation's webhook (LINE's signature is checked next)."""
    return LineChannel.objects.select_related("organisation").filter(organisation__slug=organisation_slug).first()


def channel_of(organisation) -> LineChannel | None:
    """The channel of an organisation whose membership the caller checked."""
    return LineChannel.objects.filter(organisation=organisation).first()
