"""The worker's side of the webhook: one LINE event at a time, in the order LINE sent them.

The event's body was kept encrypted under the server-held key; here it is opened,
acted on (the text sealed to the organisation at once), and the stored body is
emptied. Only events from one person (a `user` source) are taken: the account is
for one-to-one consultations, not groups.
"""

import json
import logging

from django.conf import settings
from django.db import transaction
from linebot.v3.messaging import TextMessage
from linebot.v3.webhooks import (
    Event,
    FileMessageContent,
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UnsendEvent,
    UserSource,
)

from tomoshibi.consultations import channels
from tomoshibi.consultations.models import MAX_MESSAGE_LENGTH
from tomoshibi.core.variants import full_languages
from tomoshibi.vault.keys import decrypt_server_secret

from . import actions, client, texts
from .guess import guess_language
from .models import EVENT_PURPOSE, Kind, LineChannel, LineEvent, LineMessage

logger = logging.getLogger(__name__)
CONTENT_KINDS = {"image": Kind.IMAGE, "video": Kind.VIDEO, "audio": Kind.AUDIO, "file": Kind.FILE}


def platform_languages() -> set[str]:
    return {code for code, _name in full_languages()}


def handle_pending(event_ids: list[int]) -> int:
    """Handle these stored events in order; returns how many were handled now.

    One event that fails is left for the sweep (its body kept, encrypted) and the
    rest go on; only the count and the error's kind are logged, never content.
    """
    handled, failed = 0, []
    for pk in LineEvent.objects.filter(pk__in=event_ids).values_list("pk", flat=True):
        try:
            handled += handle_one(pk)
        except Exception as error:  # any failure: the next event must still be handled
            failed.append(type(error).__name__)
    if failed:
        logger.warning("LINE events left for a later try: %d (%s)", len(failed), ", ".join(sorted(set(failed))))
    return handled


def handle_one(pk: int) -> int:
    """Claim one event (a second worker waits, then finds it handled), act on it, empty it: 1 if handled now."""
    with transaction.atomic():
        stored = LineEvent.objects.select_for_update().filter(pk=pk, body_ciphertext__isnull=False).first()
        if stored is None:
            return 0  # handled already (a second worker, a retried task)
        data = json.loads(decrypt_server_secret(EVENT_PURPOSE, bytes(stored.body_ciphertext)))
        channel = LineChannel.objects.select_related("organisation").filter(organisation_id=stored.organisation_id)
        event = parsed(data)
        if channel.exists() and event is not None:
            handle_event(channel.get(), event)
        actions.mark_event_handled(stored)
    return 1


def parsed(data: dict):
    """The SDK's model of the event, or None for one it cannot read (a kind newer than the SDK)."""
    try:
        return Event.from_dict(data)
    except (ValueError, TypeError, KeyError):  # pydantic's ValidationError is a ValueError
        return None


def user_of(event) -> str | None:
    source = event.source
    return source.user_id if isinstance(source, UserSource) and source.user_id else None


def handle_event(channel, event) -> None:
    user_id = user_of(event)
    if user_id is None:
        return
    if isinstance(event, UnsendEvent):
        contact = actions.find_contact(channel.organisation, user_id)
        if contact is not None:
            actions.do_unsend_line_message(contact, event.unsend.message_id)
    elif isinstance(event, UnfollowEvent):
        contact = actions.find_contact(channel.organisation, user_id)
        if contact is not None:
            actions.do_record_block(contact)
    elif isinstance(event, FollowEvent):
        on_follow(channel, user_id, event.reply_token)
    elif isinstance(event, MessageEvent):
        on_message(channel, user_id, event)
    elif isinstance(event, PostbackEvent):
        on_postback(channel, user_id, event)


def on_follow(channel, user_id: str, reply_token: str) -> None:
    contact, _new = actions.do_find_or_start_contact(channel.organisation, user_id, language=settings.LANGUAGE_CODE)
    actions.do_record_follow(contact, reply_token=None)
    greet(channel, contact, reply_token)


def on_message(channel, user_id: str, event: MessageEvent) -> None:
    content = event.message
    text = content.text if isinstance(content, TextMessageContent) else ""
    language = guess_language(text, platform_languages()) if text else settings.LANGUAGE_CODE
    contact, _new = actions.do_find_or_start_contact(channel.organisation, user_id, language=language)
    if actions.was_unsent(contact, content.id):
        return  # unsent before it arrived (LINE delivered the two out of order): never kept
    # The follow event greets before any text, in the default language: the first text
    # tells the person's language, and a greeting in another one is given again in it.
    greet_again = False
    if text and not contact.language_chosen and not has_written_text(contact):
        greet_again = contact.greeted and language != contact.language
        actions.do_set_contact_language(contact, language, chosen=False)
    kind, fetched = message_kind(content), None
    if kind in CONTENT_KINDS.values():
        fetched = fetch(channel, content)
    actions.do_receive_line_message(
        contact,
        body=text[:MAX_MESSAGE_LENGTH],
        kind=kind,
        line_message_id=content.id,
        reply_token=None,
        content=fetched,
    )
    if not contact.greeted or greet_again:
        greet(channel, contact, event.reply_token)
    elif texts.is_closed_now(channel.organisation):
        answer(channel, contact, event.reply_token, texts.closed_notice(channel.organisation, contact.language))
    else:
        keep_token(contact, event.reply_token)


def has_written_text(contact) -> bool:
    """Whether a text of this person has arrived in their conversation (the language was guessed then)."""
    return LineMessage.objects.filter(message__conversation=contact.conversation, kind=Kind.TEXT).exists()


def message_kind(content) -> str:
    if isinstance(content, TextMessageContent):
        return Kind.TEXT
    if isinstance(content, StickerMessageContent):
        return Kind.STICKER
    return CONTENT_KINDS.get(content.type, Kind.OTHER)


def fetch(channel, content) -> client.Content:
    limit = settings.LINE_MAX_CONTENT_BYTES
    if isinstance(content, FileMessageContent) and content.file_size > limit:
        return client.Content(None, "", content.file_size)  # too large: not even fetched
    provider = getattr(content, "content_provider", None)
    if provider is not None and provider.type != "line":
        return client.Content(None, "", 0)  # kept elsewhere by another app: not fetched
    return client.fetch_content(channel, content.id, limit)


def on_postback(channel, user_id: str, event: PostbackEvent) -> None:
    contact, _new = actions.do_find_or_start_contact(channel.organisation, user_id, language=settings.LANGUAGE_CODE)
    data = event.postback.data
    if data.startswith(texts.LANGUAGE_CHOICE) and data[len(texts.LANGUAGE_CHOICE) :] in platform_languages():
        actions.do_set_contact_language(contact, data[len(texts.LANGUAGE_CHOICE) :], chosen=True)
        link_menu(channel, contact, user_id)
        greet(channel, contact, event.reply_token, again=True)
    elif data.startswith(texts.LANGUAGE_PAGE) and data[len(texts.LANGUAGE_PAGE) :].isdigit():
        page = int(data[len(texts.LANGUAGE_PAGE) :])
        answer(channel, contact, event.reply_token, texts.language_page(contact.language, page))
    elif data == texts.TALK:
        answer(channel, contact, event.reply_token, texts.talk_notice(channel.organisation, contact.language))
    elif data.startswith(channels.ANSWER_PREFIX):
        # A button under a question the platform asked in this chat (a referral proposal).
        said = channels.take_answer(contact.conversation, data)
        if said:
            answer(channel, contact, event.reply_token, [TextMessage(text=said)])


def greet(channel, contact, reply_token: str | None, *, again: bool = False) -> None:
    """The welcome in the person's language, by the free reply token; marks the contact greeted."""
    closed = texts.is_closed_now(channel.organisation)
    messages = texts.greeting(channel.organisation, contact.language, closed=closed)
    if again:
        messages = messages[:-1]  # the language is chosen: no buttons again
    answer(channel, contact, reply_token, messages)
    actions.mark_greeted(contact)


def answer(channel, contact, reply_token: str | None, messages: list) -> None:
    if reply_token and not contact.blocked:
        client.reply(channel, reply_token, messages)


def keep_token(contact, reply_token: str | None) -> None:
    """An unused reply token: the counsellor's first answer within the minute goes out free."""
    if reply_token:
        actions.keep_reply_token(contact, reply_token)
        contact.save(update_fields=["reply_token_ciphertext", "reply_token_at"])


def link_menu(channel, contact, user_id: str) -> None:
    menu_id = channel.rich_menus.get(contact.language)
    if menu_id:
        client.link_menu(channel, user_id, menu_id)
