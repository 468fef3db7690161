"""The person's answer to a proposal: agree (and choose messages to add) or say no."""

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from tomoshibi.consultations import person_session

from .. import actions
from ..access import person_referral
from ..forms import AnswerForm
from ..person import message_choices


@require_POST
def answer(request, referral_id):
    current = person_session.current(request)
    if current is None:
        return redirect("consultations:home")
    conversation, private_key = current
    referral = person_referral(conversation, referral_id)
    form = AnswerForm(request.POST, message_choices=message_choices(referral, private_key))
    if not form.is_valid():
        return back_to_thread("referral_invalid")
    try:
        notice = decide(referral, form.cleaned_data, private_key)
    except actions.ReferralRefused:
        notice = "referral_closed"
    return back_to_thread(notice)


def decide(referral, data, private_key: bytes) -> str:
    if data["decision"] == "refuse":
        actions.do_refuse_referral(referral)
        return "referral_refused"
    chosen = referral.from_conversation.messages.filter(pk__in=data["messages"]) if data["messages"] else []
    actions.do_consent_to_referral(referral, person_private_key=private_key, chosen_messages=chosen)
    return "referral_agreed"


def back_to_thread(notice: str):
    return redirect(f"{reverse('consultations:thread')}?notice={notice}")
