"""The person's side: choose an organisation, write, keep the receipt, come back with it.

No page here stores or logs who the person is. Texts are sealed before they
are written, and the receipt is shown once, after the conversation is committed.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.models import Organisation
from tomoshibi.core import ratelimit
from tomoshibi.core.hooks import referral_cards
from tomoshibi.core.variants import page_language
from tomoshibi.vault.crypto import format_receipt
from tomoshibi.vault.keyring import keyring_for

from .. import person_session
from ..actions import do_add_person_message, do_start_conversation
from ..choosing import choices_for
from ..forms import MessageForm, ReturnForm, StartForm, UnsentMessageForm
from ..models import AgeGroup, ConversationStatus, Danger, Situation
from ..ratelimit import NEW_CONVERSATIONS, RECEIPT_ATTEMPTS
from ..reading import thread_for_person
from ..receipts import find_conversation

# The hidden field of the form that takes a message written elsewhere to an organisation's form.
CARRIED = "carried"


def help_flow_query(request):
    """The help flow's answers as the referral engine's query; None if the person brought none.

    Read from the flow's sealed session, never from the URL: answers in a link stay in browser
    history and in copied links.
    """
    try:
        from tomoshibi.help import flow, state
    except ImportError:
        return None
    saved = state.load(request)
    if saved.answers == flow.Answers():
        return None
    # Only a place the person gave: a poster's or a screening's preset says where the poster hangs
    # or the worker stands, and must never hide an organisation the person could write to.
    return flow.referral_query(saved.answers, get_language())


def referral_context(request) -> dict:
    """The help flow's answers as the write form's initial flags, only those in the vocabulary."""
    query = help_flow_query(request)
    if query is None:
        return {}
    # The flow's answers and these choices share one vocabulary (tomoshibi.directory.codes), and the
    # flow validates every answer it reads back: each value has its choice here.
    context = {"situations": [Situation(value).value for value in query.situations]}
    context |= {"age_group": AgeGroup(query.age).value, "danger": Danger(query.danger).value}
    return context


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
    """(the conversation the receipt opens, or None; the status to answer with otherwise).

    Fair to people behind one shared address: see core.ratelimit.look_up_receipt.
    """
    if not form.is_valid():
        if not ratelimit.allow(request, "receipt", RECEIPT_ATTEMPTS):
            form.add_error(None, too_many_tries_message())
            return None, 429
        return None, 400
    digits = form.receipt_digits()
    found, refused = ratelimit.look_up_receipt(request, "receipt", RECEIPT_ATTEMPTS, digits, find_conversation)
    if refused:
        form.add_error(None, too_many_tries_message())
        return None, 429
    if found is None:
        form.add_error("receipt", _("This receipt does not open a conversation. Check the 16 digits and try again."))
    return found, 400


def too_many_tries_message() -> str:
    return _("Too many tries. Please wait %(minutes)d minutes, then try again.") % {
        "minutes": ratelimit.minutes(RECEIPT_ATTEMPTS)
    }


def enter_conversation(request, found, kept_body: str):
    """Open the conversation; a kept message is sent, or shown back if the conversation is closed."""
    conversation = found.conversation
    person_session.enter(request, conversation, found.private_key)
    if kept_body and conversation.status != ConversationStatus.OPEN:
        response = thread_page(request, conversation, found.private_key, unsent=kept_body, status=409)
    elif kept_body:
        do_add_person_message(conversation, body=kept_body)
        response = redirect(f"{reverse('consultations:thread')}?notice=sent")
    else:
        response = redirect("consultations:thread")
    keyring_for(request).attach(response)
    return response


@require_http_methods(["GET", "POST"])
def start(request):
    """The organisations to write to. A POST brings a message written elsewhere, never in a URL."""
    if request.method == "GET":
        return start_page(request)
    carried = request.POST.get("body", "")
    if not carried.strip():
        return redirect("consultations:start")
    return start_page(request, carried=carried)


def start_page(request, *, carried: str = "", notice: str = "", status: int = 200):
    """The list of organisations; a carried message waits above it in a form that goes to the chosen one."""
    page = {
        "choices": choices_for(help_flow_query(request), page_language()),
        "language": get_language(),
        "carried_form": UnsentMessageForm(initial={"body": carried}) if carried else None,
        "notice": notice,
    }
    return render(request, "consultations/start.html", page, status=status)


@require_http_methods(["GET", "POST"])
def write(request, organisation_slug):
    organisation = Organisation.objects.filter(slug=organisation_slug, accepts_web_consultations=True).first()
    if organisation is None:
        return organisation_gone(request)
    if request.method == "POST" and CARRIED in request.POST:
        form = StartForm(initial={**referral_context(request), "body": request.POST.get("body", "")})
        return write_page(request, organisation, form, carried=True)
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
    return write_page(request, organisation, form)


def write_page(request, organisation, form, *, carried: bool = False):
    status = 400 if form.errors else 200
    context = {"form": form, "organisation": organisation, "carried": carried}
    return render(request, "consultations/write.html", context, status=status)


def organisation_gone(request):
    """404. A message sent to an organisation that stopped taking them comes back with the others."""
    body = request.POST.get("body", "") if request.method == "POST" else ""
    if not body.strip():
        raise Http404
    return start_page(request, carried=body, notice="organisation_gone", status=404)


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
    recipients = open_conversations(conversation)
    if not recipients:
        unsent = request.POST.get("body", "")
        return thread_page(request, conversation, private_key, unsent=unsent, status=409 if unsent.strip() else 200)
    form = MessageForm(request.POST or None, recipients=recipients)
    if request.method == "POST" and form.is_valid():
        do_add_person_message(form.recipient(), body=form.cleaned_data["body"])
        return redirect(f"{request.path}?notice=sent")
    return thread_page(request, conversation, private_key, form=form, status=400 if form.errors else 200)


def open_conversations(conversation) -> list:
    """The open conversations this receipt opens (more than one once a referral was accepted)."""
    found = conversation.same_person().filter(status=ConversationStatus.OPEN).select_related("organisation")
    return list(found.order_by("created_at"))


def thread_page(request, conversation, private_key, *, form=None, unsent: str = "", status: int = 200):
    """The thread; a closed one has no form, and a message that came too late is shown back, never stored."""
    recipients = open_conversations(conversation)
    is_open = bool(recipients)
    context = {
        "conversation": conversation,
        "organisations": sorted(
            {c.organisation.name for c in conversation.same_person().select_related("organisation")}
        ),
        "entries": thread_for_person(conversation, private_key),
        "referral_cards": referral_cards(conversation, private_key),
        "has_receipt": person_session.issued_receipt(request, conversation) is not None,
        "form": form if form is not None else MessageForm(recipients=recipients),
        "is_open": is_open,
        "unsent_form": None if is_open or not unsent.strip() else UnsentMessageForm(initial={"body": unsent}),
        "notice": request.GET.get("notice", ""),
    }
    return render(request, "consultations/thread.html", context, status=status)


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
