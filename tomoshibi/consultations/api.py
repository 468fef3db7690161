"""Staff API: list and read an organisation's consultations with a bearer token.

A token belongs to one member in one organisation (its scope); the
organisation in the path must be the token's, or the answer is 404. Reading a
conversation decrypts it with the token's own wrap of the organisation key and
is recorded in the audit log like an opening in the browser.
"""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import HttpBearer

from tomoshibi.accounts.access import access_api_token
from tomoshibi.core.api_errors import errors

from .access import api_conversations
from .actions import do_open_conversation
from .models import Conversation, ConversationStatus
from .reading import thread_for_staff


class StaffToken(HttpBearer):
    def authenticate(self, request, token):
        found = access_api_token(token)
        if found is None:
            return None
        request.api_token, request.api_private_key = found
        return found[0]


router = Router(auth=StaffToken())


class ConversationOut(Schema):
    id: UUID
    created_at: datetime
    language: str
    age_group: str
    danger: str
    situations: list[str]
    tags: list[str]
    status: str
    unread: bool
    waiting_since: datetime | None
    waiting_minutes: int | None
    assigned_to: str | None


class MessageOut(Schema):
    from_person: bool
    author: str
    created_at: datetime
    text: str


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]


def conversation_data(conversation: Conversation) -> dict:
    waiting = conversation.waiting_since
    return {
        "id": conversation.pk,
        "created_at": conversation.created_at,
        "language": conversation.language,
        "age_group": conversation.age_group,
        "danger": conversation.danger,
        "situations": conversation.situations,
        "tags": conversation.tags,
        "status": conversation.status,
        "unread": conversation.unread,
        "waiting_since": waiting,
        "waiting_minutes": int((timezone.now() - waiting).total_seconds() // 60) if waiting else None,
        "assigned_to": conversation.assigned_to.get_username() if conversation.assigned_to else None,
    }


@router.get(
    "/consultations/{organisation}/inbox",
    response={200: list[ConversationOut], **errors(401, 404)},
    summary="List the inbox",
)
def list_inbox(request, organisation: str, status: ConversationStatus = ConversationStatus.OPEN):
    """The organisation's conversations with this status, newest first. No message text."""
    conversations = api_conversations(request.api_token, organisation).filter(status=status)
    return [conversation_data(conversation) for conversation in conversations]


@router.get(
    "/consultations/{organisation}/conversations/{conversation_id}",
    response={200: ConversationDetailOut, **errors(401, 404)},
    summary="Read a conversation",
)
def read_conversation(request, organisation: str, conversation_id: UUID):
    """The conversation with its decrypted messages; the reading is recorded in the audit log."""
    conversation = api_conversations(request.api_token, organisation).filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404
    do_open_conversation(conversation, acting_user=request.api_token.membership.user, via_api=True)
    entries = thread_for_staff(conversation, request.api_private_key)
    messages = [
        {"from_person": e.from_person, "author": e.author, "created_at": e.created_at, "text": e.text} for e in entries
    ]
    return {**conversation_data(conversation), "messages": messages}
