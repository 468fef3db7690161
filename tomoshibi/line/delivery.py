"""Counsellors' replies on LINE, sent while the counsellor's session holds the organisation key.

The LINE SDK is imported inside the functions that send: importing it takes about a second of
CPU, and this module is loaded by every process that starts Django (the app registers its
channel), most of which never send to LINE.

The LINE user id is sealed to the organisation, so only such a session can open it to
send: the reply goes out in the request, by the free reply token while it is still
valid, otherwise by push. A failure (blocked, monthly limit, LINE unreachable) is kept
on the message, shown in the thread, and can be tried again.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import decrypt_server_secret

from . import actions, identity
from .models import REPLY_TOKEN_PURPOSE, Delivery, Failure, Kind, LineMessage, LineRelay

# LINE accepts a reply token for about a minute; older ones go by push.
REPLY_TOKEN_LIFETIME = timedelta(seconds=50)
# Namespace of the push retry keys: a fixed name, not a secret.
RETRY_KEY_NAMESPACE = uuid.UUID("5b0e2c1a-7d4f-4e8b-9a36-1c2d3e4f5a6b")


def retry_key(message) -> str:
    """The same X-Line-Retry-Key on every attempt at one reply, so LINE never delivers it twice."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, f"reply-{message.pk}"))


def fresh_reply_token(contact) -> str | None:
    if contact.reply_token_ciphertext is None or contact.reply_token_at is None:
        return None
    if timezone.now() - contact.reply_token_at > REPLY_TOKEN_LIFETIME:
        return None
    return decrypt_server_secret(REPLY_TOKEN_PURPOSE, bytes(contact.reply_token_ciphertext)).decode("utf-8")


def contact_of(conversation):
    return conversation.line_contacts.select_related("organisation").first()


@dataclass(frozen=True)
class Reach:
    """How a conversation's messages reach the person: the contact, its account, the user id sealed to
    the conversation's organisation, and (for a relay) the name that tells the person who writes."""

    contact: object
    channel: object
    sealed_user_id: bytes
    writer: str = ""


def reach_of(conversation) -> Reach | None:
    """The conversation's own contact, or the chat of the organisation that passed the person on."""
    contact = contact_of(conversation)
    if contact is not None:
        return Reach(contact, getattr(conversation.organisation, "line_channel", None), bytes(contact.sealed_user_id))
    relay = LineRelay.objects.select_related("contact__organisation").filter(conversation=conversation).first()
    if relay is None:
        return None
    channel = getattr(relay.contact.organisation, "line_channel", None)
    return Reach(relay.contact, channel, bytes(relay.sealed_user_id), conversation.organisation.name)


def send(conversation, message, messages: list, private_key: bytes):
    """By the free reply token while it is valid (the chat's own conversation only), else by push: a client.Sent."""
    from . import client

    reach = reach_of(conversation)
    if reach is None or reach.channel is None:
        return client.Sent(False, Failure.DISCONNECTED)
    if reach.contact.blocked:
        return client.Sent(False, Failure.BLOCKED)
    token = None if reach.writer else fresh_reply_token(reach.contact)
    if token is not None:
        actions.spend_reply_token(reach.contact)
        sent = client.reply(reach.channel, token, messages)
        if sent.ok:
            return sent
    user_id = crypto.unseal_text(private_key, reach.sealed_user_id)
    return client.push(reach.channel, user_id, messages, retry_key(message))


def as_written(conversation, text: str) -> list:
    """The text as the person reads it; in a relayed chat, under the name of the organisation writing."""
    from linebot.v3.messaging import TextMessage

    reach = reach_of(conversation)
    return [TextMessage(text=f"[{reach.writer}]\n{text}" if reach and reach.writer else text)]


def deliver_reply(conversation, message, *, private_key: bytes, acting_user, retry: bool = False) -> bool:
    """Send a counsellor's reply (already stored, sealed) to the person on LINE; True if it went out."""
    text = crypto.unseal_text(private_key, bytes(message.sealed_for_organisation))
    sent = send(conversation, message, as_written(conversation, text), private_key)
    actions.do_record_delivery(message, sent=sent, acting_user=acting_user, retry=retry)
    return sent.ok


def ask(conversation, message, *, question: str, choices, private_key: bytes, acting_user) -> bool:
    """A stored message, then a question with one button per choice (LINE's confirm template keeps
    them under the message however much is written after it)."""
    from linebot.v3.messaging import ConfirmTemplate, PostbackAction, TemplateMessage

    text = crypto.unseal_text(private_key, bytes(message.sealed_for_organisation))
    buttons = [PostbackAction(label=label[:20], data=data, displayText=label) for label, data in choices]
    confirm = TemplateMessage(altText=question[:400], template=ConfirmTemplate(text=question[:240], actions=buttons))
    sent = send(conversation, message, [*as_written(conversation, text), confirm], private_key)
    actions.do_record_delivery(message, sent=sent, acting_user=acting_user)
    return sent.ok


def sealed_address(conversation, *, private_key: bytes, public_key: bytes) -> bytes:
    """The person's user id, opened with this organisation's key and sealed to another's."""
    return crypto.seal(public_key, identity.open_user_id(contact_of(conversation), private_key))


@dataclass(frozen=True)
class Extra:
    """What the thread shows beside a LINE message."""

    template: str
    kind: str
    kind_label: str
    attachment_url: str = ""
    content_size: int = 0
    failed: bool = False
    failure_label: str = ""
    retry_url: str = ""


def extra_for(line_message: LineMessage, *, has_content: bool) -> Extra:
    failed = line_message.delivery == Delivery.FAILED
    return Extra(
        template="line/_message_extra.html",
        kind=line_message.kind,
        kind_label=str(Kind(line_message.kind).label),
        attachment_url=reverse("line:attachment", args=[line_message.pk]) if has_content else "",
        content_size=line_message.content_size,
        failed=failed,
        failure_label=str(Failure(line_message.failure).label) if line_message.failure else "",
        retry_url=reverse("line:retry", args=[line_message.pk]) if failed else "",
    )


def thread_extras(conversation, entries) -> dict:
    """{message id: Extra} for the thread; the sealed attachments themselves stay in the database."""
    rows = (
        LineMessage.objects.filter(message_id__in=[entry.message_id for entry in entries])
        .annotate(has_content=ExpressionWrapper(Q(sealed_content__isnull=False), output_field=BooleanField()))
        .defer("sealed_content")
    )
    return {row.message_id: extra_for(row, has_content=row.has_content) for row in rows}


def conversation_notice(conversation) -> str:
    reach = reach_of(conversation)
    if reach is not None and reach.contact.blocked:
        return _("The person blocked this LINE account: replies cannot reach them until they add it again.")
    if reach is None or reach.channel is None:
        return _("The LINE account is disconnected: replies cannot be sent until it is connected again.")
    if reach.writer:
        return _(
            "The person was passed on to you on LINE: your replies reach them in their chat with %(sender)s's "
            "account, under your name, and what they write there is read by both organisations."
        ) % {"sender": reach.contact.organisation.name}
    return ""
