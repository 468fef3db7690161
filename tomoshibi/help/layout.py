"""Line breaking for the phone-sized SVG poster. SVG text does not wrap by itself, so lines are
cut here, by estimating how wide each character is in a common sans-serif font.

The estimates err on the wide side so that a line never runs off the image. Break rules:
- Latin, Vietnamese, Filipino: between words.
- Japanese and Chinese: between any two characters, except that closing punctuation never
  starts a line and opening brackets never end one (kinsoku, simplified).
- Korean: between words (Hangul syllables are as wide as Han characters).
- Thai, Khmer and Burmese write no spaces between words; a line breaks at a space or a zero-width
  space, which the translations put between phrases. A phrase that is still too long is cut
  between characters, never before a combining vowel or tone mark, nor after a sign that joins
  the next consonant below (Khmer coeng, Burmese virama).
- Nepali (Devanagari) between words.
No Django here: checked with `mypy --strict`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

NO_LINE_START = set("、。，．,.)）」』】〉》!！?？:：;；ー々〜…・")
NO_LINE_END = set("(（「『【〈《")
ZERO_WIDTH_SPACE = "\u200b"
# Khmer's coeng and Burmese's virama join the next consonant below; Thai's leading vowels are written
# before theirs; Devanagari's virama joins the next consonant into a conjunct.
JOINS_NEXT = set("\u17d2\u0e40\u0e41\u0e42\u0e43\u0e44\u1039\u094d")


def char_width(ch: str) -> float:
    """Width of one character in em (font size = 1)."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if "\u0e00" <= ch <= "\u0e7f":
        return 0.62
    if "\u1780" <= ch <= "\u17ff":
        return 0.8
    if "\u1000" <= ch <= "\u109f":  # Myanmar letters are round and wide
        return 0.95
    if "\u0900" <= ch <= "\u097f":
        return 0.62
    if ch == " ":
        return 0.3
    if ch.isupper() or ch.isdigit() or ch in "#%@":
        return 0.68
    return 0.56


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch) for ch in text) * size


@dataclass
class Atom:
    """A piece of text that stays on one line, and whether a space came before it."""

    text: str
    space_before: bool = False


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _breaks_before(ch: str, previous: str) -> bool:
    """May a line break between `previous` and `ch` (no space between them)?"""
    if ch in NO_LINE_START or previous in NO_LINE_END:
        return False
    return _is_wide(ch) or _is_wide(previous)


def atoms(text: str) -> list[Atom]:
    """Cut text at the places where a line may break."""
    result: list[Atom] = []
    space = cut = False
    for ch in text:
        if ch in (" ", "\n", ZERO_WIDTH_SPACE):
            space, cut = space or ch != ZERO_WIDTH_SPACE, True
        elif result and not cut and not _breaks_before(ch, result[-1].text[-1]):
            result[-1].text += ch
        else:
            result.append(Atom(ch, space and bool(result)))
            space = cut = False
    return result


def _may_cut_before(ch: str, previous: str) -> bool:
    return not unicodedata.category(ch).startswith("M") and previous not in JOINS_NEXT


def _clusters(text: str) -> list[str]:
    """The text as written syllables: a letter with the marks after it and the letters joined to it."""
    clusters: list[str] = []
    for ch in text:
        if clusters and not _may_cut_before(ch, clusters[-1][-1]):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _cut(text: str, width: float, size: float) -> list[str]:
    """A piece too wide for a line, cut between written syllables (a whole one moves to the next line)."""
    pieces, current = [], ""
    for cluster in _clusters(text):
        if current and text_width(current + cluster, size) > width:
            pieces.append(current)
            current = ""
        current += cluster
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, size: float) -> list[str]:
    """The lines `text` takes at font size `size` in a box `width` wide (same units)."""
    lines: list[str] = []
    line = ""
    for atom in atoms(text):
        joiner = " " if atom.space_before and line else ""
        if not line or text_width(line + joiner + atom.text, size) <= width:
            line += joiner + atom.text
            continue
        lines.append(line)
        line = atom.text
    if line:
        lines.append(line)
    return [
        piece for line in lines for piece in (_cut(line, width, size) if text_width(line, size) > width else [line])
    ]
