"""Template helpers: wording from the data files in the page's language."""

from django import template

from tomoshibi.core.variants import page_language
from tomoshibi.screening.texts import Text

register = template.Library()


@register.filter
def localized(text: Text) -> str:
    """The data file's wording in the language of the page being rendered."""
    return text.get(page_language())
