"""Permission-checked reads of conversations and cases: "not found" and "not yours" are the same 404."""

from django.http import Http404

from tomoshibi.accounts.roles import Permission, can
from tomoshibi.core.hooks import referrals_waiting

from .models import Case, Conversation, ConversationStatus

INBOX_VIEWS = ("open", "mine", "closed")


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


def conversations_of(organisation):
    """Every conversation of an organisation, for a caller that has checked the membership."""
    return Conversation.objects.filter(organisation=organisation).select_related("assigned_to")


def inbox_conversations(membership, user, view: str) -> list:
    """The inbox of `membership`'s organisation in one of INBOX_VIEWS, in the order counsellors work it."""
    conversations = conversations_of(membership.organisation)
    if view == "closed":
        return list(conversations.filter(status=ConversationStatus.CLOSED).order_by("-closed_at"))
    conversations = conversations.filter(status=ConversationStatus.OPEN)
    if view == "mine":
        conversations = conversations.filter(assigned_to=user)
    # Danger first, then whoever has waited longest.
    return sorted(
        conversations, key=lambda c: (c.danger != "yes", c.waiting_since is None, c.waiting_since or c.created_at)
    )


def referrals_waiting_for(membership) -> int | None:
    """Referrals the person agreed to that wait for `membership`'s organisation (None: no referrals app)."""
    return referrals_waiting(membership.organisation)


def case_of(conversation) -> Case | None:
    """The case opened from a conversation the caller already holds, if any."""
    return Case.objects.filter(conversation=conversation).first()


def cases_of(membership):
    """The cases of `membership`'s organisation, open ones first."""
    cases = Case.objects.filter(organisation=membership.organisation).select_related("assigned_to")
    return cases.order_by("status", "-created_at")


def api_conversations(api_token, organisation_slug: str):
    """The conversations an API token may read: its own organisation's, named in the path, or a 404."""
    organisation = api_token.membership.organisation
    if organisation.slug != organisation_slug:
        raise Http404
    return conversations_of(organisation)
