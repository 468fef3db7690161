"""Permission-checked reads of conversations and cases: "not found" and "not yours" are the same 404."""

from django.http import Http404

from tomoshibi.accounts.roles import Permission, can

from .models import Case, Conversation


def membership_for(user, organisation):
    return user.memberships.filter(organisation=organisation).select_related("organisation").first()


def access_conversation(user, conversation_id, permission: Permission = Permission.READ_CONVERSATIONS):
    """(conversation, membership) if the user's role in its organisation allows `permission`."""
    conversation = (
        Conversation.objects.visible_to(user)
        .select_related("organisation", "assigned_to")
        .filter(pk=conversation_id)
        .first()
    )
    membership = membership_for(user, conversation.organisation) if conversation else None
    if not can(membership, permission):
        raise Http404
    return conversation, membership


def access_case(user, case_id, permission: Permission = Permission.MANAGE_CASES):
    case = Case.objects.visible_to(user).select_related("organisation", "conversation").filter(pk=case_id).first()
    membership = membership_for(user, case.organisation) if case else None
    if not can(membership, permission):
        raise Http404
    return case, membership
