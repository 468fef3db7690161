"""Language variants (easy Japanese): served like a language, written in another.

`settings.LANGUAGE_VARIANTS` maps a variant's code to the language it is written in. The variant
has its own URL prefix and catalogues; everything that depends on what a person *reads* (the html
lang attribute, which organisations speak their language, Japanese names of services) uses the
written language, and lists of languages to choose from elsewhere (staff settings, LINE, posters,
the API) leave variants out.
"""

from django.conf import settings
from django.template.backends.django import DjangoTemplates, Template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import furigana

FURIGANA_VARIANTS = ("ja-easy",)  # variants whose catalogues write readings as ｛漢字｜かんじ｝


def written_language(code: str | None) -> str:
    """The language a page in `code` is written in: 'ja-easy' -> 'ja'; any other code unchanged."""
    code = code or settings.LANGUAGE_CODE
    return settings.LANGUAGE_VARIANTS.get(code, code)


def page_language() -> str:
    """The written language of the active page language."""
    return written_language(get_language())


def full_languages() -> list[tuple[str, str]]:
    """settings.LANGUAGES without the variants: the languages offered outside the public pages."""
    return [(code, name) for code, name in settings.LANGUAGES if code not in settings.LANGUAGE_VARIANTS]


def with_furigana(rendered: str, template_name: str | None) -> str:
    """Ruby in HTML (a .html template, or one from a string), plain bases in any other file (.txt, .svg),
    on a furigana variant's page; untouched otherwise."""
    if get_language() not in FURIGANA_VARIANTS or furigana.OPEN not in rendered:
        return rendered
    is_html = not template_name or template_name.endswith(".html")
    # Safe: the page was escaped when rendered, and the conversion adds only <ruby> and <rt> around
    # text that can hold no markup (furigana.NOTATION admits no '<', '>', '&' or quote).
    return mark_safe(furigana.html(rendered) if is_html else furigana.plain(rendered))  # noqa: S308


class FuriganaTemplate(Template):
    def render(self, context=None, request=None):
        return with_furigana(super().render(context, request), self.origin.template_name)


class FuriganaTemplates(DjangoTemplates):
    """Django's template backend; each page is rendered (and escaped) first, then given its furigana."""

    def from_string(self, template_code):
        return FuriganaTemplate(super().from_string(template_code).template, self)

    def get_template(self, template_name):
        return FuriganaTemplate(super().get_template(template_name).template, self)
