from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tomoshibi.directory.forms import DirectoryFilterForm, ReferralForm
from tomoshibi.directory.models import Service
from tomoshibi.directory.reach import contact_now
from tomoshibi.directory.referral_engine import ReferralError, best_state, in_japan
from tomoshibi.directory.referrals import answer_for


@require_http_methods(["GET", "POST"])
def service_list(request):
    """Browse the active services by prefecture, kind, language and who they serve.

    The choices are posted and answered in place, like "find help": a filter such as "serves
    minors" would otherwise sit in the address and the browser history. An old link carrying
    filters is sent to the bare page.
    """
    if request.method == "GET" and request.GET:
        return HttpResponseRedirect(request.path)
    form = DirectoryFilterForm(request.POST or None)
    services = Service.objects.active().prefetch_related("contacts")  # LINE accounts open from the list
    no_centre_in = None
    if form.is_bound:
        services = form.filtered(services) if form.is_valid() else None
        no_centre_in = form.is_valid() and _without_centre(form.cleaned_data["prefecture"])
    status = 400 if services is None else 200
    context = {"form": form, "services": services, "no_centre_in": no_centre_in}
    return render(request, "directory/service_list.html", context, status=status)


def _without_centre(prefecture):
    """The prefecture code if it has no active one-stop centre listed, else None."""
    if prefecture and not Service.objects.active().filter(prefecture_code=prefecture, kind="one_stop_center").exists():
        return prefecture
    return None


@require_GET
def service_detail(request, service_id):
    """One service: contact details, hours, languages, who it serves, its source and last-checked date."""
    service = Service.objects.filter(pk=service_id).prefetch_related("contacts").first()
    if service is None:
        raise Http404
    engine_service = service.as_engine_service()
    now = in_japan(timezone.now())
    contacts = tuple(contact_now(contact, now) for contact in engine_service.reach)
    context = {
        "service": service,
        "engine_service": engine_service,
        "contacts": contacts,
        "open_now": best_state(contacts) if contacts else None,
    }
    return render(request, "directory/service_detail.html", context)


@require_http_methods(["GET", "POST"])
def refer(request):
    """Find help: the referral engine's inputs as a POST form, answered in the POST response itself.

    A person's answers must never reach a URL, so they are posted and never redirected. A GET
    only asks; an old link carrying answers is sent to the bare page, so neither the address bar
    nor the language links (which copy a GET's query string) keep them.
    """
    if request.method == "GET":
        if request.GET:
            return HttpResponseRedirect(request.path)
        return _render_refer(request, ReferralForm(), None)
    form = ReferralForm(request.POST)
    answer = None
    if form.is_valid():
        try:
            answer = answer_for(**form.referral_inputs(request.LANGUAGE_CODE))
        except ReferralError as error:
            form.add_referral_error(error)
    return _render_refer(request, form, answer)


def _render_refer(request, form, answer):
    context = {"form": form, "answer": answer, "recommendations": answer.recommendations if answer else None}
    return render(request, "directory/refer.html", context)
