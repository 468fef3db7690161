"""Receipts for any record a person follows anonymously (a conversation, a report).

The record keeps a keyed locator of the receipt's first digits (`locator`), the
Argon2id parameters (`receipt_params`) and check value (`receipt_check`), never
the receipt. Finding costs the same whether or not the receipt exists: every
candidate sharing the locator is checked with Argon2id (there is almost always
at most one), and when there is none a throwaway derivation of the same cost is
made, so neither the answer nor its timing tells a wrong receipt from a right one.
"""

from dataclasses import dataclass

from django.db import models

from . import crypto
from .keys import new_kdf_params, receipt_lookup_key

# Drawing a receipt whose locator is already in use is retried this many
# times, so that a locator almost never stands for more than one record.
FREE_LOCATOR_ATTEMPTS = 20


@dataclass(frozen=True)
class NewReceipt:
    receipt: str
    locator: str
    params: crypto.KdfParams
    keys: crypto.ReceiptKeys


@dataclass(frozen=True)
class Found:
    record: models.Model
    keys: crypto.ReceiptKeys


def draw_receipt() -> tuple[str, str]:
    receipt = crypto.new_receipt()
    return receipt, crypto.receipt_locator(receipt, receipt_lookup_key())


def issue_receipt(model: type[models.Model]) -> NewReceipt:
    """A new receipt whose locator no `model` record uses yet, with its derived keys."""
    receipt, locator = draw_receipt()
    for _attempt in range(FREE_LOCATOR_ATTEMPTS):
        if not model.objects.filter(locator=locator).exists():
            break
        receipt, locator = draw_receipt()
    params = new_kdf_params()
    return NewReceipt(receipt, locator, params, crypto.derive_receipt_keys(receipt, params))


def find_by_receipt(model: type[models.Model], receipt: str) -> Found | None:
    """The `model` record this receipt opens, with the keys derived from it, or None."""
    candidates = list(model.objects.filter(locator=crypto.receipt_locator(receipt, receipt_lookup_key())))
    if not candidates:
        crypto.derive_receipt_keys(receipt, new_kdf_params())  # the same work as a real check
        return None
    found = None
    derived: dict[bytes, crypto.ReceiptKeys] = {}
    for record in candidates:  # no early exit: every candidate costs the same
        # Records opened by one receipt (a person's conversations at several organisations)
        # share its parameters: one derivation serves them all.
        params = bytes(record.receipt_params)
        if params not in derived:
            derived[params] = crypto.derive_receipt_keys(receipt, crypto.KdfParams.from_bytes(params))
        if derived[params].matches(bytes(record.receipt_check)):
            found = Found(record, derived[params])
    return found
