"""Template helpers: wording from the data files in the page's language."""

from django import template
from django.utils import translation

from tomoshibi.screening.texts import Text

register = template.Library()


@register.filter
def localized(text: Text) -> str:
    """The data file's wording in the language of the page being rendered."""
    return text.get(translation.get_language() or "ja")
