"""Template helpers for directory entries: names, vocabulary labels and reason sentences."""

from django import template
from django.utils.html import format_html

from tomoshibi.core.variants import page_language
from tomoshibi.directory import vocabulary
from tomoshibi.directory.referrals import DEFAULT_LIMIT as RECOMMENDATIONS_SHOWN  # the rest wait behind "More"
from tomoshibi.directory.referrals import opening_text

register = template.Library()


@register.simple_tag
def service_name(service):
    """The Japanese name; on pages in other languages, the English name beside it."""
    if page_language() == "ja":
        return format_html('<span lang="ja">{}</span>', service.name_ja)
    return format_html(
        '<span lang="ja">{}</span> <span class="name-en" lang="en">({})</span>', service.name_ja, service.name_en
    )


FILTERS = {
    "reason_text": vocabulary.REASON_TEXT,
    "prefecture_name": vocabulary.PREFECTURES,
    "kind_label": vocabulary.KIND_LABELS,
    "serves_label": vocabulary.SERVES_LABELS,
    "channel_label": vocabulary.CHANNEL_LABELS,
    "language_name": vocabulary.LANGUAGE_NAMES,
}


def _label_filter(mapping):
    return lambda code: vocabulary.label(mapping, code) if code else ""


for _name, _mapping in FILTERS.items():
    register.filter(_name, _label_filter(_mapping))


@register.filter
def worker_reason_text(code):
    """A reason addressed to a worker acting for the person, where it differs from the person's own."""
    return vocabulary.REASON_TEXT_FOR_WORKERS.get(code) or vocabulary.label(vocabulary.REASON_TEXT, code)


@register.filter
def first_few(recommendations):
    return list(recommendations or ())[:RECOMMENDATIONS_SHOWN]


@register.filter
def the_rest(recommendations):
    return list(recommendations or ())[RECOMMENDATIONS_SHOWN:]


@register.filter
def contact_status(state):
    """'Open now', 'Closed now. Opens 08:30 (in 2 h 10 min).', ... in the page's language."""
    return opening_text(state)


@register.filter
def dictsort_codes(codes):
    return sorted(codes)


@register.simple_tag
def contact_notes(contact):
    """The contact's note in Japanese on Japanese pages, in English elsewhere (Japanese when only that exists),
    marked with its language: the directory's notes exist only in these two."""
    japanese_page = page_language() == "ja"
    note, language = (contact.notes_ja, "ja") if japanese_page or not contact.notes_en else (contact.notes_en, "en")
    if not note:
        return ""
    return note if language == page_language() else format_html('<span lang="{}">{}</span>', language, note)
