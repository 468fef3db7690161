"""Receipts for conversations; the vault finds them without the receipt ever being stored."""

from dataclasses import dataclass

from tomoshibi.vault import receipts

from .models import Conversation


@dataclass(frozen=True)
class FoundConversation:
    conversation: Conversation
    private_key: bytes


def issue_receipt() -> receipts.NewReceipt:
    return receipts.issue_receipt(Conversation)


def find_conversation(receipt: str) -> FoundConversation | None:
    """The conversation this receipt opens and the person's private key, or None."""
    found = receipts.find_by_receipt(Conversation, receipt)
    return FoundConversation(found.record, found.keys.key_pair.private_key) if found else None
