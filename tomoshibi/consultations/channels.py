"""Channels besides the web through which a person writes (LINE): registered by their apps.

A channel app registers itself in its AppConfig.ready(), so this app never imports it.
The inbox marks the channel's conversations; a counsellor's reply is delivered through
the channel while the counsellor's session holds the organisation key, and each message
can carry what the channel adds to it (an attachment, a failed delivery).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

# A button's data on a channel: ANSWER_PREFIX, the topic it answers, ":", the answer.
ANSWER_PREFIX = "answer:"


@dataclass(frozen=True)
class Channel:
    name: str
    label: object  # a lazy translation: the mark shown in the inbox
    # (conversation, message, private key, acting user) -> True if the person received it.
    deliver: Callable[..., bool]
    # (conversation, entries) -> {message id: what the thread shows beside it}
    extras: Callable[..., dict]
    # (conversation) -> a sentence about the person's side of the channel, or ""
    notice: Callable[..., str]
    # (conversation, message, question, choices [(label, data)], private key, acting user) -> True if
    # the person received the message and the question with a button per choice.
    ask: Callable[..., bool] | None = None
    # (conversation, private key, public key) -> the person's address on the channel, sealed to
    # that public key: how another organisation reaches the person in the same chat.
    sealed_address: Callable[..., bytes] | None = None
    # (source conversation, new conversation, sealed address) -> None: the new conversation (of
    # another organisation) writes to the person in the source's chat, and hears them there.
    hand_over: Callable[..., None] | None = None


CHANNELS: dict[str, Channel] = {}


def register(channel: Channel) -> None:
    CHANNELS[channel.name] = channel


def label_for(name: str) -> str:
    channel = CHANNELS.get(name)
    return str(channel.label) if channel else ""


def deliver(conversation, message, *, private_key: bytes, acting_user) -> bool | None:
    """None for a web conversation (the person reads with the receipt), else whether it went out."""
    channel = CHANNELS.get(conversation.channel)
    if channel is None:
        return None
    return channel.deliver(conversation, message, private_key=private_key, acting_user=acting_user)


def notice_for(conversation) -> str:
    channel = CHANNELS.get(conversation.channel)
    return channel.notice(conversation) if channel else ""


def with_extras(conversation, entries: list) -> list:
    channel = CHANNELS.get(conversation.channel)
    if channel is None:
        return entries
    extras = channel.extras(conversation, entries)
    return [replace(entry, extra=extras.get(entry.message_id)) for entry in entries]


def can_hand_over(conversation) -> bool:
    """Whether a person on this conversation's channel can answer a proposal there and be handed over in it."""
    channel = CHANNELS.get(conversation.channel)
    return channel is not None and None not in (channel.ask, channel.sealed_address, channel.hand_over)


def ask(conversation, message, *, question: str, choices, private_key: bytes, acting_user) -> bool:
    return CHANNELS[conversation.channel].ask(
        conversation, message, question=question, choices=choices, private_key=private_key, acting_user=acting_user
    )


def sealed_address(conversation, *, private_key: bytes, public_key: bytes) -> bytes:
    return CHANNELS[conversation.channel].sealed_address(conversation, private_key=private_key, public_key=public_key)


def hand_over(source, conversation, *, sealed: bytes) -> None:
    CHANNELS[source.channel].hand_over(source, conversation, sealed=sealed)


# What a person's button answers, by topic: (conversation the person writes in, answer) -> the
# text sent back to them in their language. Filled by the apps that ask (referrals).
ANSWERS: dict[str, Callable[..., str]] = {}


def register_answer(topic: str, handler: Callable[..., str]) -> None:
    ANSWERS[topic] = handler


def answer_data(topic: str, answer: str) -> str:
    return f"{ANSWER_PREFIX}{topic}:{answer}"


def take_answer(conversation, data: str) -> str:
    """Act on a button the person pressed; the text to send back, or "" when nothing asked it."""
    topic, _colon, answer = data.removeprefix(ANSWER_PREFIX).partition(":")
    handler = ANSWERS.get(topic)
    return handler(conversation, answer) if handler is not None and data.startswith(ANSWER_PREFIX) else ""
