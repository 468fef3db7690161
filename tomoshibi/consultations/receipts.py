"""Receipts: issue one, and find its conversation without the receipt ever being stored.

Finding costs the same whether or not the receipt exists: every candidate
sharing the locator is checked with Argon2id (there is almost always at most
one), and when there is none a throwaway derivation of the same cost is made,
so neither the answer nor its timing tells a wrong receipt from a right one
with a wrong ending.
"""

from dataclasses import dataclass

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import new_kdf_params, receipt_lookup_key

from .models import Conversation

# Drawing a receipt whose locator is already in use is retried this many
# times, so that a locator almost never has more than one conversation.
FREE_LOCATOR_ATTEMPTS = 20


@dataclass(frozen=True)
class NewReceipt:
    receipt: str
    locator: str
    params: crypto.KdfParams
    keys: crypto.ReceiptKeys


def issue_receipt() -> NewReceipt:
    receipt, locator = draw_receipt()
    for _attempt in range(FREE_LOCATOR_ATTEMPTS):
        if not Conversation.objects.filter(locator=locator).exists():
            break
        receipt, locator = draw_receipt()
    params = new_kdf_params()
    return NewReceipt(receipt, locator, params, crypto.derive_receipt_keys(receipt, params))


def draw_receipt() -> tuple[str, str]:
    receipt = crypto.new_receipt()
    return receipt, crypto.receipt_locator(receipt, receipt_lookup_key())


@dataclass(frozen=True)
class FoundConversation:
    conversation: Conversation
    private_key: bytes


def find_conversation(receipt: str) -> FoundConversation | None:
    """The conversation this receipt opens and the person's private key, or None."""
    locator = crypto.receipt_locator(receipt, receipt_lookup_key())
    candidates = list(Conversation.objects.filter(locator=locator))
    if not candidates:
        crypto.derive_receipt_keys(receipt, new_kdf_params())  # same work as a real check
        return None
    found = None
    for conversation in candidates:  # no early exit: every candidate costs the same
        params = crypto.KdfParams.from_bytes(bytes(conversation.receipt_params))
        keys = crypto.derive_receipt_keys(receipt, params)
        if keys.matches(bytes(conversation.receipt_check)):
            found = FoundConversation(conversation, keys.key_pair.private_key)
    return found
