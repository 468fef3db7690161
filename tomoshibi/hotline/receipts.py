"""Receipts for reports: issue one, and find its report without the receipt ever being stored.

The vault's receipt functions do the cryptography (see docs/vault.md): the report keeps
a keyed locator of the receipt's first digits and an Argon2id check value of the
whole receipt. Finding costs one derivation per candidate, and one throwaway
derivation when there is none, so a wrong receipt answers as slowly as a right one.
"""

from dataclasses import dataclass

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import new_kdf_params, receipt_lookup_key

from .models import Report

# Drawing a receipt whose locator is already in use is retried this many times,
# so that a locator almost never has more than one report.
FREE_LOCATOR_ATTEMPTS = 20


@dataclass(frozen=True)
class NewReceipt:
    receipt: str
    locator: str
    params: crypto.KdfParams
    check: bytes


def issue_receipt() -> NewReceipt:
    receipt, locator = draw_receipt()
    for _attempt in range(FREE_LOCATOR_ATTEMPTS):
        if not Report.objects.filter(locator=locator).exists():
            break
        receipt, locator = draw_receipt()
    params = new_kdf_params()
    return NewReceipt(receipt, locator, params, crypto.derive_receipt_keys(receipt, params).check)


def draw_receipt() -> tuple[str, str]:
    receipt = crypto.new_receipt()
    return receipt, crypto.receipt_locator(receipt, receipt_lookup_key())


def find_report(receipt: str) -> Report | None:
    """The report a receipt (16 digits, as crypto.normalise_receipt gives it) stands for, or None."""
    candidates = list(Report.objects.filter(locator=crypto.receipt_locator(receipt, receipt_lookup_key())))
    if not candidates:
        crypto.derive_receipt_keys(receipt, new_kdf_params())  # the same work as a real check
        return None
    found = None
    for report in candidates:  # no early exit: every candidate costs the same
        params = crypto.KdfParams.from_bytes(bytes(report.receipt_params))
        if crypto.derive_receipt_keys(receipt, params).matches(bytes(report.receipt_check)):
            found = report
    return found
