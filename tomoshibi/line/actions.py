"""State changes of the LINE channel. Each `do_` action records its audit event in its transaction;
the helpers without `do_` (storing events, marking them handled, the greeting mark, reply tokens,
counters) are bookkeeping of the channel itself, with nothing a person or counsellor decided.

A person's text is sealed to the organisation as it is stored, through the
consultations actions; the LINE user id is sealed too, and found by a keyed hash.
"""

import json

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tomoshibi.audit.events import PERSON, SYSTEM, record_event
from tomoshibi.consultations.actions import do_add_person_message, do_start_channel_conversation
from tomoshibi.consultations.models import ConversationStatus
from tomoshibi.vault import crypto
from tomoshibi.vault.keys import encrypt_server_secret

from . import identity
from .models import (
    EVENT_PURPOSE,
    REPLY_TOKEN_PURPOSE,
    SECRET_PURPOSE,
    TOKEN_PURPOSE,
    Delivery,
    Kind,
    LineAction,
    LineChannel,
    LineContact,
    LineEvent,
    LineMessage,
    LineRelay,
    LineUnsent,
)

CHANNEL = "line"


def do_connect_line(organisation, *, channel_secret: str, access_token: str, acting_user=None) -> LineChannel:
    """Store (or replace) the account's secret and token, encrypted under the server-held key."""
    with transaction.atomic():
        channel, created = LineChannel.objects.update_or_create(
            organisation=organisation,
            defaults={
                "secret_ciphertext": encrypt_server_secret(SECRET_PURPOSE, channel_secret.encode("utf-8")),
                "token_ciphertext": encrypt_server_secret(TOKEN_PURPOSE, access_token.encode("utf-8")),
                "connected_at": timezone.now(),
                "bad_signatures": 0,
            },
        )
        record_event(
            LineAction.CONNECTED, actor=acting_user, organisation=organisation, target=channel, new={"new": created}
        )
    return channel


def do_disconnect_line(organisation, *, acting_user=None) -> bool:
    """Forget the secret and token; conversations stay in the inbox. False if none was connected."""
    with transaction.atomic():
        channel = LineChannel.objects.filter(organisation=organisation).first()
        if channel is None:
            return False
        record_event(LineAction.DISCONNECTED, actor=acting_user, organisation=organisation, target=channel)
        channel.delete()
    return True


def do_record_menus(channel: LineChannel, menus: dict[str, str], *, acting_user=None) -> None:
    with transaction.atomic():
        channel.rich_menus = menus
        channel.save(update_fields=["rich_menus"])
        record_event(
            LineAction.MENU_INSTALLED,
            actor=acting_user,
            organisation=channel.organisation,
            target=channel,
            new={"languages": sorted(menus)},
        )


def count_bad_signature(channel: LineChannel | None) -> None:
    if channel is not None:
        LineChannel.objects.filter(pk=channel.pk).update(bad_signatures=F("bad_signatures") + 1)


def store_events(channel: LineChannel, events: list[dict]) -> list[int]:
    """Keep each new event encrypted for the worker; a redelivered one is skipped. Returns the new ids."""
    accepted = []
    for event in events:
        event_id = str(event.get("webhookEventId", ""))[:64]
        if not event_id:
            continue
        body = encrypt_server_secret(EVENT_PURPOSE, json.dumps(event).encode("utf-8"))
        try:
            with transaction.atomic():
                row = LineEvent.objects.create(
                    organisation=channel.organisation, webhook_event_id=event_id, body_ciphertext=body
                )
        except IntegrityError:
            continue  # already received: LINE redelivers when our answer was late
        accepted.append(row.pk)
    return accepted


def mark_event_handled(event: LineEvent) -> None:
    LineEvent.objects.filter(pk=event.pk).update(body_ciphertext=None, handled_at=timezone.now())


def keep_reply_token(contact: LineContact, reply_token: str | None) -> None:
    """Keep the latest reply token (free to use, valid briefly) for the first answer."""
    if reply_token:
        contact.reply_token_ciphertext = encrypt_server_secret(REPLY_TOKEN_PURPOSE, reply_token.encode("utf-8"))
        contact.reply_token_at = timezone.now()


def find_contact(organisation, user_id: str) -> LineContact | None:
    """The contact of this LINE user, hashed again with the current server key if found by a retired one."""
    hashes = identity.user_hashes(organisation, user_id)
    found = LineContact.objects.select_related("conversation", "organisation")
    contact = found.filter(organisation=organisation, user_hash__in=hashes).first()
    if contact is not None and contact.user_hash != hashes[0]:
        contact.user_hash = hashes[0]
        contact.save(update_fields=["user_hash"])
    return contact


def do_find_or_start_contact(organisation, user_id: str, *, language: str) -> tuple[LineContact, bool]:
    """The contact and its open conversation (a new one when the last was closed); True if new."""
    contact = find_contact(organisation, user_id)
    with transaction.atomic():
        if contact is None:
            conversation = do_start_channel_conversation(organisation, channel=CHANNEL, language=language)
            contact = LineContact.objects.create(
                organisation=organisation,
                user_hash=identity.user_hash(organisation, user_id),
                sealed_user_id=identity.seal_user_id(organisation, user_id),
                conversation=conversation,
                language=language,
            )
            return contact, True
        if contact.conversation.status == ConversationStatus.CLOSED:
            contact.conversation = do_start_channel_conversation(
                organisation, channel=CHANNEL, language=contact.language
            )
            contact.save(update_fields=["conversation"])
    return contact, False


def do_receive_line_message(
    contact: LineContact, *, body: str, kind: str, line_message_id: str, reply_token: str | None, content=None
) -> LineMessage:
    """A message from the person: sealed to the organisation on arrival, with its attachment sealed too.

    An organisation the person was passed on to in this chat (a relay) gets its own copy,
    sealed to its own key: the person agreed that both read what they write here.
    """
    line_id_hash = identity.message_hash(contact.organisation, line_message_id)
    with transaction.atomic():
        line_message = store_person_message(contact.conversation, body, kind, line_id_hash, content)
        for relay in contact.relays.select_related("conversation__organisation"):
            store_person_message(relay.conversation, body, kind, line_id_hash, content)
        contact.blocked = False
        keep_reply_token(contact, reply_token)
        contact.save(update_fields=["blocked", "reply_token_ciphertext", "reply_token_at"])
    return line_message


def store_person_message(conversation, body: str, kind: str, line_id_hash: str, content) -> LineMessage:
    message = do_add_person_message(conversation, body=body)
    public_key = bytes(conversation.organisation.public_key)
    return LineMessage.objects.create(
        message=message,
        line_id_hash=line_id_hash,
        kind=kind,
        content_type=content.content_type if content else "",
        sealed_content=crypto.seal(public_key, content.data) if content and content.data else None,
        content_size=content.size if content else 0,
    )


def do_hand_over_line_chat(source, conversation, *, sealed: bytes) -> LineRelay | None:
    """The receiving organisation's conversation goes on in the person's chat with the sender's account.

    None when the chat has moved on from the source conversation (closed, and the person wrote
    again): the receiver's replies are then marked as not sent, for it to call the sender.
    """
    contact = LineContact.objects.select_related("organisation").filter(conversation=source).first()
    if contact is None:
        return None
    with transaction.atomic():
        relay = LineRelay.objects.create(contact=contact, conversation=conversation, sealed_user_id=sealed)
        for organisation, target in ((contact.organisation, source), (conversation.organisation, conversation)):
            record_event(
                LineAction.HANDED_OVER,
                actor_name=SYSTEM,
                organisation=organisation,
                target=target,
                new={"from": contact.organisation.slug, "to": conversation.organisation.slug},
            )
    return relay


def do_unsend_line_message(contact: LineContact, line_message_id: str) -> bool:
    """The person unsent a message: it is deleted, as LINE users expect (and the relays' copies). False
    if it has not arrived yet: then a tombstone (the id's keyed hash) drops it when it comes."""
    organisation = contact.organisation
    hashes = identity.message_hashes(organisation, line_message_id)
    conversations = [contact.conversation_id, *contact.relays.values_list("conversation_id", flat=True)]
    found = LineMessage.objects.filter(line_id_hash__in=hashes, message__conversation__in=conversations)
    with transaction.atomic():
        record_event(LineAction.UNSENT, actor_name=PERSON, organisation=organisation, target=contact.conversation)
        messages = [line_message.message for line_message in found.select_related("message")]
        if not messages:
            LineUnsent.objects.create(contact=contact, line_id_hash=hashes[0])
            return False
        for message in messages:
            message.delete()
    return True


def was_unsent(contact: LineContact, line_message_id: str) -> bool:
    """Whether this person unsent the message before it arrived."""
    hashes = identity.message_hashes(contact.organisation, line_message_id)
    return LineUnsent.objects.filter(contact=contact, line_id_hash__in=hashes).exists()


def do_record_follow(contact: LineContact, *, reply_token: str | None) -> None:
    with transaction.atomic():
        contact.blocked = False
        keep_reply_token(contact, reply_token)
        contact.save(update_fields=["blocked", "reply_token_ciphertext", "reply_token_at"])
        record_event(
            LineAction.FOLLOWED, actor_name=PERSON, organisation=contact.organisation, target=contact.conversation
        )


def do_record_block(contact: LineContact) -> None:
    """The person blocked the account: the conversation says so and replies stop."""
    with transaction.atomic():
        contact.blocked = True
        contact.reply_token_ciphertext, contact.reply_token_at = None, None
        contact.save(update_fields=["blocked", "reply_token_ciphertext", "reply_token_at"])
        record_event(
            LineAction.BLOCKED, actor_name=PERSON, organisation=contact.organisation, target=contact.conversation
        )


def do_set_contact_language(contact: LineContact, language: str, *, chosen: bool) -> None:
    """The person's language, chosen by a button (the person) or guessed from the first text (the system)."""
    old = contact.language
    with transaction.atomic():
        contact.language, contact.language_chosen = language, contact.language_chosen or chosen
        contact.save(update_fields=["language", "language_chosen"])
        conversation = contact.conversation
        conversation.language = language
        conversation.save(update_fields=["language"])
        record_event(
            LineAction.LANGUAGE_SET,
            actor_name=PERSON if chosen else SYSTEM,
            organisation=contact.organisation,
            target=conversation,
            old={"language": old},
            new={"language": language, "chosen": chosen},
        )


def mark_greeted(contact: LineContact) -> None:
    contact.greeted = True
    contact.save(update_fields=["greeted"])


def spend_reply_token(contact: LineContact) -> None:
    contact.reply_token_ciphertext, contact.reply_token_at = None, None
    contact.save(update_fields=["reply_token_ciphertext", "reply_token_at"])


def do_record_delivery(message, *, sent, acting_user, retry: bool = False) -> LineMessage:
    """How a counsellor's reply fared on LINE; a failure is shown on the message, to try again."""
    with transaction.atomic():
        line_message, _created = LineMessage.objects.get_or_create(message=message, defaults={"kind": Kind.REPLY})
        line_message.delivery = Delivery.SENT if sent.ok else Delivery.FAILED
        line_message.failure = "" if sent.ok else sent.failure
        line_message.attempts += 1
        line_message.save(update_fields=["delivery", "failure", "attempts"])
        if retry:
            record_event(
                LineAction.RESENT,
                actor=acting_user,
                organisation=message.conversation.organisation,
                target=message.conversation,
                new={"message": message.pk, "sent": sent.ok, "failure": line_message.failure},
            )
    return line_message


def do_open_attachment(line_message: LineMessage, *, acting_user) -> None:
    conversation = line_message.message.conversation
    with transaction.atomic():
        record_event(
            LineAction.ATTACHMENT_OPENED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
            new={"message": line_message.message_id},
        )
