from django.conf import settings
from django.urls import translate_url


def site(request):
    """Links to this same page in every supported language, for the switcher.

    The query string is left out: whatever a URL carries is never repeated in links.
    """
    path = request.path
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return {
        "language_links": [
            {"code": code, "url": translate_url(path, code), "current": code == current}
            for code, _name in settings.LANGUAGES
        ],
    }
