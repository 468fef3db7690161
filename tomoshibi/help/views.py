"""The public help flow: one URL, one question per screen, answers in the session only.

Every answer is a POST to /<lang>/help/ answered by a 303 redirect back to the same URL (POST,
redirect, GET), also when the answer is refused: the error travels in the session. The address
never changes and never carries an answer. Browsers add a history entry for every form POST, even
to the same URL, so help/flow.js posts the answer in the background and then *replaces* the page:
with JavaScript the whole flow is one history entry, and Back leaves it. Without JavaScript each
step adds an entry with the same URL and a question as its title, never an answer.
"""

from dataclasses import replace

from django.conf import settings
from django.forms import MultipleChoiceField
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.vault.keyring import keyring_for

from . import engine, flow, places, posters, texts
from .forms import STEP_FORMS, UNKNOWN_PLACE, LocationForm
from .state import FlowState, forget, load, save


def back_here(request) -> HttpResponseRedirect:
    # 303: the browser fetches the same URL with GET, so a reload never re-posts an answer.
    return HttpResponseRedirect(request.path, status=303)


# Compressed: the worst answer page shrinks from about 34 KB to 6 KB for a phone on a bad connection.
# Django's GZip adds random padding against BREACH, and the CSRF token is masked afresh on every page.
@gzip_page
@require_http_methods(["GET", "POST"])
def help_flow(request):
    response = respond_to(request)
    keyring_for(request).attach(response)  # the key to the sealed answers, when made just now
    return response


def respond_to(request):
    if request.method == "POST":
        return answer_step(request, load(request))
    if "p" in request.GET:
        return remember_preset(request)
    return render_step(request, load(request))


def remember_preset(request):
    """/<lang>/help/?p=27 comes from a poster's QR code: keep the poster's prefecture, drop the query."""
    code = request.GET.get("p", "").strip().zfill(2)
    if code in engine.prefecture_codes():
        state = load(request)
        save(request, replace(state, preset=code))
    return back_here(request)


@require_POST
def begin_with_context(request):
    """Open the flow with another page's context preselected (a screening result), never its answers.

    The context comes by POST, so it never sits in an address; it replaces any earlier answers.
    The person still sees every question, with the context already chosen, and can change it.
    """
    answers = flow.answers_from_context(
        age=request.POST.get("age", ""),
        danger=request.POST.get("danger", ""),
        situations=tuple(request.POST.getlist("situations")),
    )
    prefecture = request.POST.get("prefecture", "")
    preset = prefecture if prefecture in engine.prefecture_codes() else ""
    save(request, FlowState(answers=answers, preset=preset))
    response = HttpResponseRedirect(reverse("help:flow"), status=303)
    keyring_for(request).attach(response)
    return response


def answer_step(request, state: FlowState):
    action = request.POST.get("action", "next")
    step = flow.valid_step(request.POST.get("step"))
    if action == "restart":
        forget(request)
    elif action == "back":
        save(request, state.moved_to(flow.previous_step(step, state.answers)))
    else:
        save(request, next_state(request, state, step, skip=action == "skip"))
    return back_here(request)


def next_state(request, state: FlowState, step: str, *, skip: bool) -> FlowState:
    """The state after an answer (or a skip); a refused answer stays on its step, to be shown with the error."""
    form_class = STEP_FORMS.get(step)
    if form_class is None or skip:
        answers = flow.record(state.answers, step, {})
        return state.moved_to(flow.next_step(step, answers), answers)
    form = form_class(request.POST, **form_kwargs(step))
    if not form.is_valid():
        return state.refused(step, posted_fields(request, form_class))
    answers = flow.record(state.answers, step, form.cleaned_data)
    return state.moved_to(flow.next_step(step, answers), answers)


def posted_fields(request, form_class) -> dict:
    """What was posted for this step's fields only, cut short: enough to show it again with its error.

    It waits in the session until shown, so the postal code keeps only the characters a postal
    code can have: words typed into that box are never stored.
    """
    kept = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, MultipleChoiceField):
            kept[name] = [value[:32] for value in request.POST.getlist(name)[:10]]
        elif name == "postal_code":
            typed = request.POST.get(name, "")
            kept[name] = flow.postal_code_characters(typed)[:20]
            if places.looks_like_a_place(typed) and places.prefecture_named(typed) is None:
                kept[UNKNOWN_PLACE] = True  # that a place was not found, never the words typed
        else:
            kept[name] = request.POST.get(name, "")[:32]
    return kept


def form_kwargs(step: str) -> dict:
    if step != "location":
        return {}
    return {"prefectures": engine.prefecture_choices(get_language()), "place_of": engine.prefecture_of_postal_code}


def form_for(state: FlowState):
    """The step's form: the refused answer with its errors, or the answer given so far."""
    form_class = STEP_FORMS.get(state.step)
    if form_class is None:
        return None
    if state.pending:
        form = form_class(state.pending, **form_kwargs(state.step))
        form.is_valid()
        return form
    answers = state.answers
    initial = {
        "safe": answers.safe,
        "postal_code": answers.postal_code,
        "prefecture": answers.prefecture or (state.preset if not answers.postal_code else ""),
        "age": answers.age,
        "cards": list(answers.cards),
        "channels": list(answers.channels),
    }
    return form_class(initial=initial, **form_kwargs(state.step))


def render_step(request, state: FlowState):
    if state.step == "answer":
        return render_answer(request, state)
    form = form_for(state)
    if state.pending:
        save(request, state.moved_to(state.step))  # the error is shown once
    if isinstance(form, LocationForm) and state.location_error:
        form.add_error(None, engine.LOCATION_ERROR)
    context = {
        "step": state.step,
        "title": texts.STEP_TITLES[state.step],
        "number": flow.question_number(state.step),
        "total": len(flow.QUESTIONS),
        "form": form,
        "choices": step_choices(state.step, form, state.answers),
        "minor": state.answers.age == "minor",
    }
    return render(request, f"help/step_{state.step}.html", context)


def step_choices(step: str, form, answers: flow.Answers) -> list[dict]:
    """(value, label, checked) for the radio buttons or cards of this step."""
    labels = {
        "safety": ("safe", texts.SAFETY_LABELS),
        "age": ("age", texts.AGE_LABELS),
        "situation": ("cards", texts.card_labels(answers.age)),
        "channel": ("channels", texts.CHANNEL_LABELS),
    }.get(step)
    if labels is None:
        return []
    name, by_value = labels
    current = form[name].value() if form is not None else None
    chosen = set(current) if isinstance(current, list) else {current}
    return [{"value": value, "label": label, "checked": value in chosen} for value, label in by_value.items()]


def render_answer(request, state: FlowState):
    query = flow.referral_query(state.answers, get_language(), state.preset)
    try:
        answer = engine.recommend(query)
    except engine.ReferralError:
        save(request, replace(state.moved_to("location"), location_error=True))
        return back_here(request)
    recommendations = answer.recommendations
    context = {
        "step": "answer",
        "title": texts.STEP_TITLES["answer"],
        "recommendations": recommendations,
        "right_now": answer.right_now,
        "minor": query.age == "minor",
        "adult": query.age == "adult",
        "call_110_first": query.danger != "no" and not engine.starts_with_police(recommendations),
        "consultation_url": consultation_url(),
    }
    return render(request, "help/answer.html", context)


def consultation_url() -> str:
    """The anonymous consultation's first page, if that part of the platform is installed."""
    try:
        return reverse("consultations:start")
    except NoReverseMatch:
        return ""


@gzip_page
@require_GET
def poster_list(request):
    language = get_language()
    areas = [{"code": area, "name": posters.area_name(area, language)} for area in posters.area_codes()]
    return render(request, "help/posters.html", {"areas": areas, "language_name": language_name(language)})


def language_name(language: str) -> str:
    return str(dict(settings.LANGUAGES)[language])


def known_area(area: str) -> str:
    if area not in posters.area_codes():
        raise Http404
    return area


@gzip_page
@require_GET
def poster_a4(request, area):
    return HttpResponse(posters.poster(get_language(), known_area(area)).a4_html())


@gzip_page
@require_GET
def poster_phone(request, area):
    svg = posters.poster(get_language(), known_area(area)).phone_svg()
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="tomoshibi-{get_language()}-{area}.svg"'
    return response
