from django.conf import settings
from django.urls import translate_url

from .variants import written_language


def site(request):
    """Links to this same page in every supported language, for the switcher.

    The query string is left out: whatever a URL carries is never repeated in links.
    """
    path = request.path
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {
        # A variant (easy Japanese) is marked with the language it is written in, for screen readers.
        "html_lang": written_language(current),
        "language_links": [
            {"code": code, "lang": written_language(code), "url": translate_url(path, code), "current": code == current}
            for code, _name in settings.LANGUAGES
        ],
    }
