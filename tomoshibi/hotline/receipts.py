"""Receipts for reports; the vault finds them without the receipt ever being stored."""

from tomoshibi.vault import receipts

from .models import Report


def issue_receipt() -> receipts.NewReceipt:
    return receipts.issue_receipt(Report)


def find_report(receipt: str) -> Report | None:
    """The report a receipt (16 digits, as crypto.normalise_receipt gives it) stands for, or None."""
    found = receipts.find_by_receipt(Report, receipt)
    return found.record if found else None
