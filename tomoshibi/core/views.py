from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from .api_errors import error_response, is_api_path
from .hooks import reporting_links
from .variants import written_language


@require_GET
def home(request):
    return render(request, "core/home.html", {"reporting": reporting_links()})


@require_GET
def no_trace(request):
    return render(request, "core/no_trace.html")


@require_GET
def root_redirect(request):
    """Send `/` to the best language the browser asks for; Japanese otherwise.

    A variant (easy Japanese) is offered by a link, never negotiated: asked for, it gives its language.
    """
    language = written_language(translation.get_language_from_request(request, check_path=False))
    supported = {code for code, _name in settings.LANGUAGES}
    if language not in supported:
        language = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")


@require_GET
def quick_exit(request):
    """Forget this browser's session and leave for a neutral site."""
    request.session.flush()
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    for name in [settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME, *request.COOKIES]:
        response.delete_cookie(name)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


# Free-text fields of the site's forms: a message, a report's description or addresses, a case note.
WRITTEN_FIELDS = ("body", "description", "urls", "note")
WRITTEN_LIMIT = 20_000


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", {"unsent": unsent_writing(request)}, status=403)


def unsent_writing(request) -> list[str]:
    """What the person wrote in a form the check refused, to copy before it is lost.

    Shown only for a post the browser marks as sent from this site itself, so another site can
    never make this page show words of its choosing. Nothing of it is stored.
    """
    if request.method != "POST" or request.headers.get("Sec-Fetch-Site") != "same-origin":
        return []
    texts = (request.POST.get(name, "") for name in WRITTEN_FIELDS)
    return [text[:WRITTEN_LIMIT] for text in texts if text.strip()]


def bad_request(request, exception=None):
    if is_api_path(request.path):
        return error_response(400)
    return render(request, "core/400.html", status=400)


def page_not_found(request, exception=None):
    if is_api_path(request.path):
        return error_response(404)
    return render(request, "core/404.html", status=404)


def server_error(request):
    if is_api_path(request.path):
        return error_response(500)
    return render(request, "core/500.html", status=500)
