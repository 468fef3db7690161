"""Training pages: scenarios with immediate feedback, a summary and a verifiable certificate.

Without JavaScript: each answer is a POST answered by a redirect to its feedback page (POST,
redirect, GET). Progress travels in a signed field `s` (tokens.TrainingState), so nothing about a
learner is stored; finishing a module adds one to (organisation code hash, module, day).
"""

import functools

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tomoshibi.core import ratelimit
from tomoshibi.screening import tokens
from tomoshibi.screening.actions import do_count_completion
from tomoshibi.screening.content import default_catalogue
from tomoshibi.screening.forms import OrganisationCodeForm, VerifyForm
from tomoshibi.screening.training import Module, ProgressError, check_progress, is_complete, summarise

ANSWER_FIELDS = frozenset({"csrfmiddlewaretoken", "s", "choice"})

COUNTED_COMPLETIONS = (20, 24 * 60 * 60)  # completions counted per connection per day


def module_or_404(module_id: str) -> Module:
    module = default_catalogue().modules.get(module_id)
    if module is None:
        raise Http404
    return module


def see_other(url: str) -> HttpResponseRedirect:
    # 303: the browser fetches the next page with GET, so a reload never posts the answer again.
    return HttpResponseRedirect(url, status=303)


def step_url(name: str, module: Module, state: tokens.TrainingState, number: int | None = None) -> str:
    kwargs = {"module_id": module.id} | ({"number": number} if number is not None else {})
    return f"{reverse(f'screening:{name}', kwargs=kwargs)}?{urlencode({'s': state.dumps()})}"


@require_GET
def learn_index(request):
    catalogue = default_catalogue()
    modules = [(module, catalogue.roles[module.role]) for module in catalogue.modules.values()]
    return render(request, "screening/learn_index.html", {"modules": modules})


@require_http_methods(["GET", "POST"])
def module_start(request, module_id: str):
    module = module_or_404(module_id)
    form = OrganisationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        organisation = tokens.organisation_hash(code) if code else ""
        state = tokens.TrainingState(module.id, module.version, organisation)
        return see_other(step_url("question", module, state, 1))
    status = 400 if form.is_bound else 200
    return render(request, "screening/module_start.html", {"module": module, "form": form}, status=status)


def load_progress(request, module: Module) -> tokens.TrainingState:
    """The learner's signed progress for this module; ProgressError if it is missing, stale or forged."""
    try:
        state = tokens.load_state(request.POST.get("s") or request.GET.get("s", ""))
    except tokens.BadToken as error:
        raise ProgressError(str(error)) from error
    if (state.module, state.version) != (module.id, module.version):
        raise ProgressError("progress belongs to another module or version")
    check_progress(module, state.choices)
    return state


def start_again(request, module: Module):
    """Progress that cannot be read (expired, from an older version of the module, or tampered with)."""
    return render(request, "screening/start_again.html", {"module": module}, status=400)


def with_progress(view):
    """Give the view the module and the learner's progress, or ask the learner to start again."""

    @functools.wraps(view)
    def wrapped(request, module_id: str, **kwargs):
        module = module_or_404(module_id)
        try:
            state = load_progress(request, module)
        except ProgressError:
            return start_again(request, module)
        return view(request, module, state, **kwargs)

    return wrapped


@require_http_methods(["GET", "POST"])
@with_progress
def question(request, module: Module, state: tokens.TrainingState, number: int):
    if number != len(state.choices) + 1 or number > len(module.scenarios):
        return redirect_to_progress(module, state)
    if request.method == "GET":
        return render_question(request, module, state, number)
    return answer(request, module, state, number)


def answer(request, module: Module, state: tokens.TrainingState, number: int):
    scenario = module.scenario(number - 1)
    choice = request.POST.get("choice", "")
    unknown = set(request.POST) - ANSWER_FIELDS
    if unknown or (choice and scenario.choice(choice) is None):
        valid = ", ".join(c.id for c in scenario.choices)
        problem = _("This answer is not one of the choices. Valid choices: %(valid)s. Nothing was recorded.")
        return render_question(request, module, state, number, error=problem % {"valid": valid})
    if not choice:
        return render_question(request, module, state, number, error=_("Choose one answer."))
    new_state = state.with_choice(choice)
    counted = is_complete(module, new_state.choices) and ratelimit.allow(request, "training-count", COUNTED_COMPLETIONS)
    if counted:
        do_count_completion(module.id, new_state.organisation, acting_user=None)
    return see_other(step_url("feedback", module, new_state, number))


def render_question(request, module: Module, state, number: int, *, error: str = ""):
    context = {
        "module": module,
        "scenario": module.scenario(number - 1),
        "number": number,
        "total": len(module.scenarios),
        "state": state.dumps(),
        "error": error,
    }
    return render(request, "screening/question.html", context, status=400 if error else 200)


def redirect_to_progress(module: Module, state: tokens.TrainingState):
    """Back, forward or a stale link: go to where this learner really is."""
    if is_complete(module, state.choices):
        return redirect(step_url("summary", module, state))
    return redirect(step_url("question", module, state, len(state.choices) + 1))


@require_GET
@with_progress
def feedback(request, module: Module, state: tokens.TrainingState, number: int):
    if not 1 <= number <= len(state.choices):
        return redirect_to_progress(module, state)
    scenario = module.scenario(number - 1)
    chosen = scenario.choice(state.choices[number - 1])
    catalogue = default_catalogue()
    context = {
        "module": module,
        "scenario": scenario,
        "number": number,
        "total": len(module.scenarios),
        "chosen": chosen,
        "domains": [catalogue.domains[d] for d in scenario.domains],
        "next_url": next_step_url(module, state, number),
    }
    return render(request, "screening/feedback.html", context)


def next_step_url(module: Module, state: tokens.TrainingState, number: int) -> str:
    if number < len(module.scenarios):
        return step_url("question", module, state, number + 1)
    return step_url("summary", module, state)


@require_GET
@with_progress
def summary(request, module: Module, state: tokens.TrainingState):
    if not is_complete(module, state.choices):
        return redirect_to_progress(module, state)
    result = summarise(module, state.choices)
    certificate = tokens.Certificate(module.id, module.version, timezone.localdate(), result.correct, result.total)
    catalogue = default_catalogue()
    context = {
        "module": module,
        "summary": result,
        "domains": [catalogue.domains[d] for d in result.domains],
        "certificate_code": certificate.code,
    }
    return render(request, "screening/summary.html", context)


@require_GET
def certificate(request, code: str):
    try:
        found = tokens.read_certificate(code)
    except tokens.BadToken:
        return render(request, "screening/verify.html", {"form": VerifyForm(), "invalid": True}, status=404)
    context = {
        "certificate": found,
        "module": default_catalogue().modules.get(found.module),
        "verify_url": request.build_absolute_uri(reverse("screening:verify")),
    }
    return render(request, "screening/certificate.html", context)


@require_GET
def verify(request):
    form = VerifyForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            found = tokens.read_certificate(form.cleaned_data["code"])
            context |= {"certificate": found, "module": default_catalogue().modules.get(found.module)}
        except tokens.BadToken:
            context["invalid"] = True
    status = 400 if form.is_bound and ("certificate" not in context) else 200
    return render(request, "screening/verify.html", context, status=status)
