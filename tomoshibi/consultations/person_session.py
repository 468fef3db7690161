"""The person's way back into their conversation within one browser session.

After a receipt is entered (or issued), the session holds the conversation's
id and, in the vault keyring, the person's private key: encrypted under a key
in a separate cookie, never in clear. It ends when idle, on "Leave", or with
the quick exit.
"""

import time

from django.conf import settings

from tomoshibi.vault.keyring import keyring_for

from .models import Conversation

FIELD = "consultation"


def idle_seconds() -> int:
    return int(getattr(settings, "CONSULTATION_IDLE_MINUTES", 30)) * 60


def keyring_name(conversation_id) -> str:
    return f"person:{conversation_id}"


def receipt_name(conversation_id) -> str:
    return f"receipt:{conversation_id}"


def remember_receipt(request, conversation: Conversation, receipt: str) -> None:
    """Keep the new receipt (encrypted, like the key) so the page after the redirect can show it."""
    keyring_for(request).put(receipt_name(conversation.pk), receipt.encode("ascii"))


def issued_receipt(request, conversation: Conversation) -> str | None:
    receipt = keyring_for(request).get(receipt_name(conversation.pk))
    return receipt.decode("ascii") if receipt else None


def enter(request, conversation: Conversation, private_key: bytes) -> None:
    request.session.cycle_key()
    keyring_for(request).put(keyring_name(conversation.pk), private_key)
    request.session[FIELD] = {"id": str(conversation.pk), "seen": time.time()}


def current(request) -> tuple[Conversation, bytes] | None:
    """This session's conversation and the person's private key; None if absent or idle too long."""
    state = request.session.get(FIELD)
    if not state or time.time() - state.get("seen", 0) > idle_seconds():
        return None
    private_key = keyring_for(request).get(keyring_name(state["id"]))
    conversation = Conversation.objects.select_related("organisation").filter(pk=state["id"]).first()
    if private_key is None or conversation is None:
        return None
    request.session[FIELD] = {**state, "seen": time.time()}
    return conversation, private_key


def was_active(request) -> bool:
    return FIELD in request.session


def leave(request) -> None:
    state = request.session.pop(FIELD, None)
    if state:
        keyring_for(request).remove(keyring_name(state["id"]))
        keyring_for(request).remove(receipt_name(state["id"]))
