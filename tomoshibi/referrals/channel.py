"""Referrals of a person who writes on another channel (LINE): the proposal and its answer there.

The person reads the proposal in their chat, in their language, with a *yes* and a *no*
button; what they press comes back through the channel's worker (consultations.channels).
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tomoshibi.consultations.channels import answer_data

from . import actions
from .access import channel_proposal
from .models import Reason

TOPIC = "referral"
YES, NO = "yes", "no"


def proposal_text(referral, summary: str) -> str:
    """What would be shared, with whom, how the receiver would write, and that nothing leaves without a yes."""
    sender, target = referral.from_organisation.name, referral.target_name
    values = {"sender": sender, "target": target, "reason": Reason(referral.reason).label, "summary": summary}
    values["date"] = formats.date_format(referral.expires_at, "DATE_FORMAT")
    parts = [
        _("%(sender)s proposes to pass you on to %(target)s (%(reason)s).") % values,
        _("If you agree, %(sender)s gives them this summary, and nothing else:\n%(summary)s") % values,
        _(
            "Counsellors of %(target)s would then write to you here, in this chat, through the LINE account "
            "of %(sender)s: your LINE account is known only to this account, so they cannot reach you on "
            "their own. From then on, both %(sender)s and %(target)s read what you write in this chat."
        )
        % values,
        _("Nothing is shared unless you say yes. This proposal ends on %(date)s.") % values,
    ]
    if referral.service and referral.service.phone:
        parts.append(_("Their phone: %(phone)s") % {"phone": referral.service.phone})
    return "\n\n".join(parts)


def question(referral) -> tuple[str, list[tuple[str, str]]]:
    """The question under the proposal and its two buttons (labels of at most 20 characters)."""
    asked = _("Pass me on to %(target)s?") % {"target": referral.target_name}
    choices = [
        (
            pgettext("a button on LINE: 20 characters at most", "Yes, pass me on"),
            answer_data(TOPIC, f"{YES}:{referral.pk}"),
        ),
        (
            pgettext("a button on LINE: 20 characters at most", "No, thank you"),
            answer_data(TOPIC, f"{NO}:{referral.pk}"),
        ),
    ]
    return asked, choices


def answer_on_channel(conversation, answer: str) -> str:
    """The person's button, from the chat of `conversation`: only a proposal made in it can be answered."""
    decision, _colon, referral_id = answer.partition(":")
    referral = channel_proposal(conversation, referral_id)
    with translation.override(conversation.language):
        if referral is None or decision not in (YES, NO):
            return ""
        try:
            if decision == NO:
                actions.do_refuse_referral(referral)
                return _("Nothing was shared. You can go on writing to us here.")
            actions.do_consent_on_channel(referral)
        except actions.ReferralRefused:
            return _("This proposal is no longer open, and nothing was shared. Your counsellor can propose it again.")
        return _(
            "Thank you. %(target)s can now read the summary. When they take you on, their counsellors write "
            "to you in this chat, under their name."
        ) % {"target": referral.target_name}
