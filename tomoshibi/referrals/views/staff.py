"""The counsellor's side of referrals: propose from a conversation, the referrals list, answer one, figures.

Every page goes through an access helper (404 for "not yours"), and every decryption of a
summary is recorded in the audit log of the organisation that reads it.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.accounts.access import access_membership, key_or_locked_page, staff_required
from tomoshibi.accounts.roles import Permission
from tomoshibi.consultations import channels
from tomoshibi.consultations.access import access_conversation
from tomoshibi.consultations.actions import do_reply
from tomoshibi.consultations.models import WEB_CHANNEL, ConversationStatus
from tomoshibi.consultations.reading import open_text

from .. import actions, figures
from ..access import access_referral, referrals_of
from ..channel import proposal_text, question
from ..forms import DeclineForm, ProposeForm
from ..models import Kind, Referral, Status


@staff_required
@require_http_methods(["GET", "POST"])
def propose(request, conversation_id):
    """Choose a service from the directory, then propose sharing a summary or give the contact only."""
    conversation, membership = access_conversation(request.user, conversation_id, Permission.ANSWER_CONVERSATIONS)
    if conversation.status != ConversationStatus.OPEN:
        return redirect("consultations:conversation", conversation_id=conversation.pk)
    on_web = conversation.channel == WEB_CHANNEL
    can_share = on_web or channels.can_hand_over(conversation)
    form = ProposeForm(request.POST or None, organisation=membership.organisation, can_share=can_share)
    if request.method == "POST" and form.is_valid():
        if not on_web:
            return send_on_channel(request, conversation, membership, form.cleaned_data)
        referral = make_referral(conversation, form.cleaned_data, request.user)
        return redirect("referrals:detail", referral_id=referral.pk)
    context = {"conversation": conversation, "membership": membership, "form": form, "on_web": on_web}
    context["can_share"] = can_share
    return render(request, "referrals/staff/propose.html", context, status=400 if form.errors else 200)


def send_on_channel(request, conversation, membership, data):
    """On another channel (LINE) the proposal, or the contact, goes to the person as a reply delivered there."""
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    if data["kind"] == Kind.SHARE:
        delivered = propose_on_channel(request, conversation, data, private_key)
    else:
        referral = actions.do_give_contact(
            conversation, service=data["service"], reason=data["reason"], acting_user=request.user
        )
        message = do_reply(conversation, body=contact_text(referral), acting_user=request.user)
        delivered = channels.deliver(conversation, message, private_key=private_key, acting_user=request.user)
    notice = "delivered" if delivered else "undelivered"
    return redirect(f"{reverse('consultations:conversation', args=[conversation.pk])}?notice={notice}")


def propose_on_channel(request, conversation, data, private_key: bytes) -> bool:
    referral = actions.do_propose_on_channel(
        conversation,
        service=data["service"],
        reason=data["reason"],
        summary=data["summary"],
        acting_user=request.user,
        private_key=private_key,
    )
    with translation.override(referral.language):
        message = do_reply(conversation, body=proposal_text(referral, data["summary"]), acting_user=request.user)
        asked, choices = question(referral)
    return channels.ask(
        conversation, message, question=asked, choices=choices, private_key=private_key, acting_user=request.user
    )


def contact_text(referral) -> str:
    """The service's contact in the person's language, as a message: nothing about them was shared."""
    service = referral.service
    with translation.override(referral.language):
        lines = [_("A service you can contact: %(target)s") % {"target": referral.target_name}]
        if service.phone:
            lines.append(_("Phone: %(phone)s") % {"phone": service.phone})
        if service.hours:
            lines.append(_("Hours: %(hours)s") % {"hours": service.hours})
        sender = referral.from_organisation.name
        lines.append(
            _("%(sender)s shared nothing about you with them. Contact them yourself when you are ready.")
            % {"sender": sender}
        )
    return "\n".join(lines)


def make_referral(conversation, data, user) -> Referral:
    if data["kind"] == Kind.SHARE:
        return actions.do_propose_referral(
            conversation, service=data["service"], reason=data["reason"], summary=data["summary"], acting_user=user
        )
    return actions.do_give_contact(conversation, service=data["service"], reason=data["reason"], acting_user=user)


@staff_required
@require_GET
def referrals(request, organisation_slug):
    """Incoming referrals (only those the person agreed to) and the ones this organisation made."""
    membership = access_membership(request.user, organisation_slug, Permission.READ_CONVERSATIONS)
    incoming, outgoing = referrals_of(membership.organisation)
    context = {"membership": membership, "incoming": incoming, "outgoing": outgoing}
    return render(request, "referrals/staff/list.html", context)


def shared_for(referral, membership, private_key, is_receiver):
    """What this side may read: the receiver what the person agreed to share, the sender its own summary."""
    if is_receiver:
        shared = actions.read_shared(referral, private_key)
        return shared["summary"], shared["messages"]
    if referral.summary_for_sender is None:
        return None, []
    return open_text(private_key, referral.summary_for_sender)[0], []


def detail_page(request, referral, membership, is_receiver, private_key, *, decline_form=None, status=200):
    summary, messages = shared_for(referral, membership, private_key, is_receiver)
    if summary is not None:
        actions.do_open_referral(referral, organisation=membership.organisation, acting_user=request.user)
    context = {
        "referral": referral,
        "membership": membership,
        "is_receiver": is_receiver,
        "summary": summary,
        "messages": messages,
        "decline_form": decline_form or DeclineForm(),
        "can_answer": is_receiver and referral.status == Status.CONSENTED,
        "notice": request.GET.get("notice", ""),
    }
    return render(request, "referrals/staff/detail.html", context, status=status)


def unlocked_referral(request, referral_id):
    referral, membership, is_receiver = access_referral(request.user, referral_id)
    private_key, locked_page = key_or_locked_page(request, membership)
    return referral, membership, is_receiver, private_key, locked_page


@staff_required
@require_GET
def detail(request, referral_id):
    referral, membership, is_receiver, private_key, locked_page = unlocked_referral(request, referral_id)
    return locked_page or detail_page(request, referral, membership, is_receiver, private_key)


def receiver_only(request, referral_id):
    referral, membership, is_receiver = access_referral(request.user, referral_id, Permission.ANSWER_CONVERSATIONS)
    if not is_receiver:
        raise Http404
    return referral, membership


@staff_required
@require_POST
def accept(request, referral_id):
    referral, _membership = receiver_only(request, referral_id)
    try:
        referral = actions.do_accept_referral(referral, acting_user=request.user)
    except actions.ReferralRefused:
        return redirect_with(referral, "already_answered")
    return redirect("consultations:conversation", conversation_id=referral.to_conversation_id)


@staff_required
@require_POST
def decline(request, referral_id):
    referral, membership = receiver_only(request, referral_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        private_key, locked_page = key_or_locked_page(request, membership)
        return locked_page or detail_page(
            request, referral, membership, True, private_key, decline_form=form, status=400
        )
    try:
        actions.do_decline_referral(referral, reason=form.cleaned_data["reason"], acting_user=request.user)
    except actions.ReferralRefused:
        return redirect_with(referral, "already_answered")
    return redirect_with(referral, "declined")


def redirect_with(referral, notice: str):
    response = redirect("referrals:detail", referral_id=referral.pk)
    response["Location"] += f"?notice={notice}"
    return response


@staff_required
@require_GET
def organisation_figures(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.READ_CONVERSATIONS)
    context = {
        "membership": membership,
        "columns": figures.column_labels(),
        "sections": [
            (_("Referrals made"), figures.made_by(membership.organisation)),
            (_("Referrals received (after the person agreed)"), figures.received_by(membership.organisation)),
        ],
    }
    return render(request, "referrals/staff/figures.html", context)


@staff_required
@require_GET
def platform_figures(request):
    """Figures over every organisation, for platform admins: counts only, small ones suppressed."""
    profile = getattr(request.user, "staff_profile", None)
    if profile is None or not profile.is_platform_admin:
        raise Http404
    context = {
        "membership": None,
        "columns": figures.column_labels(),
        "sections": [(_("All referrals on the platform"), figures.platform())],
    }
    return render(request, "referrals/staff/figures.html", context)
