"""The counsellor's side: the inbox, a conversation, replies, assignment, tags, cases.

Every page goes through an access helper (404 for "not yours"), every opening
is audited, and texts are decrypted with the organisation key this session holds.
"""

from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.access import (
    access_membership,
    key_or_locked_page,
    recent_confirmation_required,
    staff_required,
)
from tomoshibi.accounts.roles import Permission, can

from .. import actions, channels
from ..access import (
    INBOX_VIEWS,
    access_case,
    access_conversation,
    case_of,
    cases_of,
    inbox_conversations,
    referrals_waiting_for,
)
from ..forms import CLOSED_REPLY, AssignForm, CaseForm, NoteForm, ReplyForm, TagForm
from ..models import ConversationStatus
from ..reading import notes_for_staff, thread_for_staff, waiting_label


@staff_required
@require_GET
def inbox(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.READ_CONVERSATIONS)
    view = request.GET.get("view") if request.GET.get("view") in INBOX_VIEWS else "open"
    now = timezone.now()
    rows = [(c, waiting_label(c.waiting_since, now)) for c in inbox_conversations(membership, request.user, view)]
    context = {
        "membership": membership,
        "rows": rows,
        "view": view,
        "views": INBOX_VIEWS,
        "incoming_waiting": referrals_waiting_for(membership),
    }
    return render(request, "consultations/staff/inbox.html", context)


def assignable_members(membership, user, current_id):
    """Leads may assign anyone in the organisation; counsellors themselves (or leave it as it is)."""
    members = membership.organisation.memberships.select_related("user")
    if can(membership, Permission.ASSIGN_TO_OTHERS):
        return members
    return members.filter(Q(user=user) | Q(user_id=current_id))


def assign_form(membership, user, conversation, data=None):
    members = assignable_members(membership, user, conversation.assigned_to_id)
    return AssignForm(data, members=members, initial={"assignee": conversation.assigned_to_id})


def conversation_page(request, conversation, membership, private_key, status=200, **forms):
    """Decrypt and show the thread: every call is an opening, recorded in the audit log."""
    actions.do_open_conversation(conversation, acting_user=request.user)
    context = {
        "conversation": conversation,
        "membership": membership,
        "entries": channels.with_extras(conversation, thread_for_staff(conversation, private_key)),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "assign_form": forms.get("assign_form") or assign_form(membership, request.user, conversation),
        "tag_form": forms.get("tag_form") or TagForm(initial={"tags": conversation.tags}),
        "case": case_of(conversation),
        "can_delete": can(membership, Permission.DELETE_CONVERSATIONS),
        "notice": request.GET.get("notice", ""),
        "waiting": waiting_label(conversation.waiting_since, timezone.now()),
        "channel_notice": channels.notice_for(conversation),
    }
    return render(request, "consultations/staff/conversation.html", context, status=status)


def unlocked_conversation(request, conversation_id, permission=Permission.READ_CONVERSATIONS):
    """(conversation, membership, private key, None) or (..., a page saying the key is missing)."""
    conversation, membership = access_conversation(request.user, conversation_id, permission)
    private_key, locked_page = key_or_locked_page(request, membership)
    return conversation, membership, private_key, locked_page


@staff_required
@require_GET
def conversation(request, conversation_id):
    conversation, membership, private_key, locked_page = unlocked_conversation(request, conversation_id)
    return locked_page or conversation_page(request, conversation, membership, private_key)


def back_to(conversation, notice: str = ""):
    response = redirect("consultations:conversation", conversation_id=conversation.pk)
    if notice:
        response["Location"] += f"?notice={notice}"
    return response


@staff_required
@require_POST
def reply(request, conversation_id):
    conversation, membership, private_key, locked_page = unlocked_conversation(
        request, conversation_id, Permission.ANSWER_CONVERSATIONS
    )
    if locked_page:
        return locked_page
    form = ReplyForm(request.POST)
    if conversation.status != ConversationStatus.OPEN:
        form.add_error(None, CLOSED_REPLY)
    if not form.is_valid():
        return conversation_page(request, conversation, membership, private_key, status=400, reply_form=form)
    message = actions.do_reply(conversation, body=form.cleaned_data["body"], acting_user=request.user)
    delivered = channels.deliver(conversation, message, private_key=private_key, acting_user=request.user)
    return back_to(conversation, {None: "sent", True: "delivered", False: "undelivered"}[delivered])


@staff_required
@require_POST
def assign(request, conversation_id):
    conversation, membership, private_key, locked_page = unlocked_conversation(
        request, conversation_id, Permission.ANSWER_CONVERSATIONS
    )
    if locked_page:
        return locked_page
    form = assign_form(membership, request.user, conversation, data=request.POST)
    if not form.is_valid():
        return conversation_page(request, conversation, membership, private_key, status=400, assign_form=form)
    actions.do_assign_conversation(conversation, assignee=form.assignee_user(), acting_user=request.user)
    return back_to(conversation, "saved")


@staff_required
@require_POST
def tag(request, conversation_id):
    conversation, membership = access_conversation(request.user, conversation_id, Permission.ANSWER_CONVERSATIONS)
    form = TagForm(request.POST)
    if form.is_valid():
        actions.do_tag_conversation(conversation, tags=form.cleaned_data["tags"], acting_user=request.user)
    return back_to(conversation, "saved" if form.is_valid() else "")


@staff_required
@require_POST
def close(request, conversation_id):
    conversation, _membership = access_conversation(request.user, conversation_id, Permission.ANSWER_CONVERSATIONS)
    if conversation.status == ConversationStatus.OPEN:
        actions.do_close_conversation(conversation, acting_user=request.user)
    return back_to(conversation, "closed")


@staff_required
@require_POST
def reopen(request, conversation_id):
    conversation, _membership = access_conversation(request.user, conversation_id, Permission.ANSWER_CONVERSATIONS)
    if conversation.status == ConversationStatus.CLOSED:
        actions.do_reopen_conversation(conversation, acting_user=request.user)
    return back_to(conversation, "reopened")


@staff_required
@recent_confirmation_required
@require_http_methods(["GET", "POST"])
def delete(request, conversation_id):
    conversation, membership = access_conversation(request.user, conversation_id, Permission.DELETE_CONVERSATIONS)
    if request.method == "GET":
        return render(request, "consultations/staff/delete.html", {"conversation": conversation})
    actions.do_delete_conversation(conversation, acting_user=request.user)
    return redirect("consultations:inbox", organisation_slug=membership.organisation.slug)


@staff_required
@require_POST
def create_case(request, conversation_id):
    conversation, _membership = access_conversation(request.user, conversation_id, Permission.MANAGE_CASES)
    case = actions.do_create_case(conversation, acting_user=request.user)
    return redirect("consultations:case", case_id=case.pk)


@staff_required
@require_GET
def cases(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_CASES)
    context = {"membership": membership, "cases": cases_of(membership)}
    return render(request, "consultations/staff/cases.html", context)


def case_form(membership, user, case, data=None):
    members = assignable_members(membership, user, case.assigned_to_id)
    initial = {
        "assignee": case.assigned_to_id,
        "needs": case.needs,
        "status": case.status,
        "services": case.services,
        "outcome": case.outcome,
        "closure_reason": case.closure_reason,
    }
    return CaseForm(data, members=members, initial=initial)


def case_page(request, case, membership, private_key, status=200, **forms):
    actions.do_open_case(case, acting_user=request.user)
    context = {
        "case": case,
        "membership": membership,
        "notes": notes_for_staff(case, private_key),
        "case_form": forms.get("case_form") or case_form(membership, request.user, case),
        "note_form": forms.get("note_form") or NoteForm(),
        "notice": request.GET.get("notice", ""),
    }
    return render(request, "consultations/staff/case.html", context, status=status)


def unlocked_case(request, case_id):
    case, membership = access_case(request.user, case_id)
    private_key, locked_page = key_or_locked_page(request, membership)
    return case, membership, private_key, locked_page


@staff_required
@require_GET
def case(request, case_id):
    case, membership, private_key, locked_page = unlocked_case(request, case_id)
    return locked_page or case_page(request, case, membership, private_key)


def back_to_case(case, notice: str):
    response = redirect("consultations:case", case_id=case.pk)
    response["Location"] += f"?notice={notice}"
    return response


@staff_required
@require_POST
def update_case(request, case_id):
    case, membership, private_key, locked_page = unlocked_case(request, case_id)
    if locked_page:
        return locked_page
    form = case_form(membership, request.user, case, data=request.POST)
    if not form.is_valid():
        return case_page(request, case, membership, private_key, status=400, case_form=form)
    data = form.cleaned_data
    actions.do_update_case(
        case,
        needs=data["needs"],
        services=data["services"],
        status=data["status"],
        outcome=data["outcome"],
        closure_reason=data["closure_reason"],
        assigned_to=form.assignee_user(),
        acting_user=request.user,
    )
    return back_to_case(case, "saved")


@staff_required
@require_POST
def add_note(request, case_id):
    case, membership, private_key, locked_page = unlocked_case(request, case_id)
    if locked_page:
        return locked_page
    form = NoteForm(request.POST)
    if not form.is_valid():
        return case_page(request, case, membership, private_key, status=400, note_form=form)
    actions.do_add_case_note(case, body=form.cleaned_data["note"], acting_user=request.user)
    return back_to_case(case, "noted")
