"""Furigana for easy Japanese: the translators' notation ｛漢字｜かんじ｝ turned into <ruby> or plain text.

Pure: no Django. A page is rendered (and so escaped) first, then converted here, so the notation
can never carry markup: a base or a reading may hold no '<', '>', '&', quote or space, and a reading
only hiragana. In HTML text the notation becomes <ruby>漢字<rt>かんじ</rt></ruby>; inside a tag (an
attribute such as aria-label) and inside <title>, <option>, <script>, <style> and <textarea>, where
markup is not allowed or would change what a person typed, it becomes the plain base.
"""

import re

OPEN, BAR, CLOSE = "｛", "｜", "｝"

HIRAGANA = "ぁ-ゖゝゞー"
KANJI = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
# What a base or a reading may never hold: notation marks, markup, quotes and spaces.
UNSAFE = OPEN + BAR + CLOSE + "<>&\"'\\s"
NOTATION = re.compile(f"{OPEN}(?P<base>[^{UNSAFE}]+){BAR}(?P<reading>[{HIRAGANA}]+){CLOSE}")
ANY_KANJI = re.compile(f"[{KANJI}]")

# Elements whose text is never given markup: the browser shows it as plain text or not at all.
PLAIN_TEXT_ELEMENTS = ("title", "option", "script", "style", "textarea")
TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
ELEMENT_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def ruby(text: str) -> str:
    """Escaped text with the notation as <ruby> elements."""
    return NOTATION.sub(lambda m: f"<ruby>{m['base']}<rt>{m['reading']}</rt></ruby>", text)


def plain(text: str) -> str:
    """The text with the notation reduced to its base, for attributes and plain-text places."""
    return NOTATION.sub(lambda m: m["base"], text)


def html(page: str) -> str:
    """A rendered, escaped HTML page with ruby in its text and plain bases in its tags and plain-text elements."""
    if OPEN not in page:
        return page
    parts = TAG_OR_TEXT.split(page)
    inside: str | None = None  # the plain-text element we are in, if any
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a comment
            parts[index] = plain(part)
            inside = _element_after(part, inside)
        elif part:
            parts[index] = plain(part) if inside else ruby(part)
    return "".join(parts)


def _element_after(tag: str, inside: str | None) -> str | None:
    match = ELEMENT_NAME.match(tag)
    if match is None:
        return inside
    closing, name = match[1] == "/", match[2].lower()
    if inside:
        return None if closing and name == inside else inside
    return name if not closing and name in PLAIN_TEXT_ELEMENTS else None


def problems(text: str) -> list[str]:
    """What is wrong with a translation's notation; empty when every kanji carries a well-formed reading."""
    found = []
    rest = NOTATION.sub("", text)
    if any(mark in rest for mark in (OPEN, BAR, CLOSE)):
        found.append("malformed furigana: each ｛base｜reading｝ needs a base and a reading in hiragana")
    for match in NOTATION.finditer(text):
        if not ANY_KANJI.search(match["base"]):
            found.append(f"furigana on a base with no kanji: {match[0]}")
    bare = sorted(set(ANY_KANJI.findall(rest)))
    if bare:
        found.append(f"kanji without a reading: {''.join(bare)}")
    return found
