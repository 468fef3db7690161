"""The person's side: choose an organisation, write, keep the receipt, come back with it.

No page here stores or logs who the person is. Texts are sealed before they
are written, and the receipt is shown once, after the conversation is committed.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.models import Organisation
from tomoshibi.core import ratelimit
from tomoshibi.vault.crypto import format_receipt
from tomoshibi.vault.keyring import keyring_for

from .. import person_session
from ..actions import do_add_person_message, do_start_conversation
from ..forms import MessageForm, ReturnForm, StartForm
from ..models import AgeGroup, ConversationStatus, Danger, Situation
from ..ratelimit import NEW_CONVERSATIONS, RECEIPT_ATTEMPTS
from ..reading import thread_for_person
from ..receipts import find_conversation


def help_flow_context(request) -> dict:
    """The help flow's answers, if the person came from it (kept in the same session)."""
    try:
        from tomoshibi.help import flow, state
    except ImportError:
        return {}
    answers = state.load(request).answers
    query = flow.referral_query(answers, get_language())
    return {"age_group": query.age, "danger": query.danger, "situations": list(query.situations)}


def referral_context(request) -> dict:
    """The help flow's answers kept in this session, only if in the vocabulary.

    Never read from the URL: answers in a link stay in browser history and in copied links.
    """
    given = help_flow_context(request)
    context = {}
    if given.get("age_group") in AgeGroup.values:
        context["age_group"] = given["age_group"]
    if given.get("danger") in Danger.values:
        context["danger"] = given["danger"]
    context["situations"] = [value for value in given.get("situations", []) if value in Situation.values]
    return context


def organisations_for(context: dict, language: str) -> list:
    """Organisations taking web consultations that help this age group; own language first."""
    organisations = Organisation.objects.filter(accepts_web_consultations=True)
    if context.get("age_group") == AgeGroup.MINOR:
        organisations = organisations.filter(serves_minors=True)
    elif context.get("age_group") == AgeGroup.ADULT:
        organisations = organisations.filter(serves_adults=True)
    return sorted(organisations, key=lambda o: (language not in o.languages, o.name))


@require_http_methods(["GET", "POST"])
def come_back(request):
    """Enter the receipt to read replies; a message kept from an ended session is sent with it."""
    form = ReturnForm(request.POST or None)
    status = 200
    if request.method == "POST":
        found, status = try_receipt(request, form)
        if found is not None:
            return enter_conversation(request, found, form.cleaned_data.get("body", ""))
    context = {"form": form, "notice": request.GET.get("notice", ""), "active": person_session.current(request)}
    return render(request, "consultations/come_back.html", context, status=status)


def try_receipt(request, form):
    """(the conversation the receipt opens, or None; the status to answer with otherwise)."""
    if not ratelimit.allow(request, "receipt", RECEIPT_ATTEMPTS):
        form.add_error(None, too_many_tries_message())
        return None, 429
    if not form.is_valid():
        return None, 400
    found = find_conversation(form.receipt_digits())
    if found is None:
        form.add_error("receipt", _("This receipt does not open a conversation. Check the 16 digits and try again."))
    return found, 400


def too_many_tries_message() -> str:
    return _("Too many tries. Please wait %(minutes)d minutes, then try again.") % {
        "minutes": ratelimit.minutes(RECEIPT_ATTEMPTS)
    }


def enter_conversation(request, found, kept_body: str):
    person_session.enter(request, found.conversation, found.private_key)
    sent = bool(kept_body) and found.conversation.status == ConversationStatus.OPEN
    if sent:
        do_add_person_message(found.conversation, body=kept_body)
    response = redirect("consultations:thread")
    if sent:
        response["Location"] += "?notice=sent"
    keyring_for(request).attach(response)
    return response


@require_GET
def start(request):
    context = referral_context(request)
    organisations = organisations_for(context, get_language())
    page = {"organisations": organisations, "language": get_language()}
    return render(request, "consultations/start.html", page)


@require_http_methods(["GET", "POST"])
def write(request, organisation_slug):
    organisation = get_object_or_404(Organisation, slug=organisation_slug, accepts_web_consultations=True)
    form = StartForm(request.POST or None, initial=referral_context(request))
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "start", NEW_CONVERSATIONS):
            form.add_error(
                None,
                _(
                    "Too many new conversations from this connection. "
                    "Please wait an hour, or come back to your earlier one with its receipt."
                ),
            )
        else:
            return issue_receipt_page(request, organisation, form.cleaned_data)
    status = 400 if form.errors else 200
    return render(request, "consultations/write.html", {"form": form, "organisation": organisation}, status=status)


def issue_receipt_page(request, organisation, data):
    """Commit first, then show the receipt: an acknowledged message is never lost.

    The receipt page comes after a redirect, so reloading it never opens a second conversation.
    """
    conversation, receipt, private_key = do_start_conversation(
        organisation,
        body=data["body"],
        language=get_language(),
        age_group=data["age_group"],
        danger=data["danger"],
        situations=data["situations"],
    )
    person_session.enter(request, conversation, private_key)
    person_session.remember_receipt(request, conversation, receipt)
    response = redirect("consultations:receipt")
    keyring_for(request).attach(response)
    return response


@require_GET
def receipt(request):
    """The receipt of the conversation this session opened; only for as long as the session lasts."""
    current = person_session.current(request)
    issued = person_session.issued_receipt(request, current[0]) if current else None
    if issued is None:
        return redirect("consultations:thread" if current else "consultations:home")
    conversation = current[0]
    context = {
        "receipt": format_receipt(issued),
        "organisation": conversation.organisation,
        "with_message": conversation.messages.exists(),
    }
    return render(request, "consultations/receipt.html", context)


@require_http_methods(["GET", "POST"])
def thread(request):
    current = person_session.current(request)
    if current is None:
        return session_ended(request)
    conversation, private_key = current
    form = MessageForm(request.POST or None)
    is_open = conversation.status == ConversationStatus.OPEN
    if request.method == "POST" and is_open and form.is_valid():
        do_add_person_message(conversation, body=form.cleaned_data["body"])
        return redirect(f"{request.path}?notice=sent")
    context = {
        "conversation": conversation,
        "entries": thread_for_person(conversation, private_key),
        "has_receipt": person_session.issued_receipt(request, conversation) is not None,
        "form": form,
        "is_open": is_open,
        "notice": request.GET.get("notice", ""),
    }
    return render(request, "consultations/thread.html", context, status=400 if form.errors else 200)


def session_ended(request):
    """No conversation in this session: ask for the receipt, keeping any message being sent."""
    body = request.POST.get("body", "") if request.method == "POST" else ""
    if not body.strip():
        notice = "expired" if person_session.was_active(request) else ""
        person_session.leave(request)
        return redirect(f"{reverse_come_back()}?notice={notice}" if notice else reverse_come_back())
    form = ReturnForm(initial={"body": body})
    context = {"form": form, "notice": "expired_with_message", "active": None}
    return render(request, "consultations/come_back.html", context, status=401)


def reverse_come_back() -> str:
    return reverse("consultations:home")


@require_POST
def leave(request):
    person_session.leave(request)
    return redirect(f"{reverse_come_back()}?notice=left")
