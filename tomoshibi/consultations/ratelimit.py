"""The consultations' limits for anonymous pages (tries, seconds); counting is in core.ratelimit."""

RECEIPT_ATTEMPTS = (10, 15 * 60)
NEW_CONVERSATIONS = (5, 60 * 60)
