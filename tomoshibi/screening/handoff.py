"""What a screening result hands to the help flow and the hotline: its context, never its answers.

Pure logic, no Django. The context is what the result page already shows (a child or not, danger
now, the kinds of situation, the prefecture chosen), so nothing new about the person travels.
"""

from __future__ import annotations

# The hotline's category for content linked to the signs seen, first match wins: a child's
# images or sale come first, then the adult forms of image-based abuse and exploitation.
CHILD_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("images", "csam"),
    ("fake_contract", "csam"),
    ("commercial_sex", "child_prostitution"),
)
ADULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("fake_contract", "coerced_pornography"),
    ("images", "ncii"),
    ("commercial_sex", "trafficking"),
)


def hotline_category(domains: tuple[str, ...], involves_minor: bool) -> str:
    """The report category to preselect on the hotline's form, or "" when none fits."""
    table = CHILD_CATEGORIES if involves_minor else ADULT_CATEGORIES
    return next((category for domain, category in table if domain in domains), "")
