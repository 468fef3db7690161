"""What the person sees of referrals in their conversation, opened with their own key."""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import Truncator

from tomoshibi.consultations.reading import open_text

from .access import for_person
from .forms import AnswerForm
from .models import Referral, Status

SHOWN_TO_PERSON = (
    Status.PROPOSED,
    Status.CONSENTED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.REFUSED,
    Status.EXPIRED,
    Status.CONTACT_GIVEN,
)


@dataclass
class Card:
    referral: Referral
    summary: str | None = None
    form: AnswerForm | None = None
    contact: object = None
    is_open: bool = False
    messages: list = field(default_factory=list)


def message_choices(referral, private_key: bytes) -> list[tuple[str, str]]:
    """The messages of the conversation the proposal came from, as the person reads them."""
    if referral.from_conversation_id is None:
        return []
    choices = []
    for message in referral.from_conversation.messages.all():
        text, readable = open_text(private_key, message.sealed_for_person)
        if readable:
            when = formats.date_format(message.created_at, "Y-m-d H:i")
            choices.append((str(message.pk), f"{when} · {Truncator(text).chars(80)}"))
    return choices


def card_for(referral: Referral, private_key: bytes) -> Card:
    card = Card(referral=referral, contact=referral.service, is_open=referral.is_open_proposal)
    if card.is_open:
        card.summary = open_text(private_key, referral.summary_for_person)[0]
        card.form = AnswerForm(message_choices=message_choices(referral, private_key))
    return card


def cards_for(conversation, private_key: bytes) -> list[Card]:
    """Every referral of this person, newest first: open proposals with what they would share."""
    referrals = for_person(conversation).filter(status__in=SHOWN_TO_PERSON).select_related("from_conversation")
    return [card_for(referral, private_key) for referral in referrals]
