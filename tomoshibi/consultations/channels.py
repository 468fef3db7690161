"""Channels besides the web through which a person writes (LINE): registered by their apps.

A channel app registers itself in its AppConfig.ready(), so this app never imports it.
The inbox marks the channel's conversations; a counsellor's reply is delivered through
the channel while the counsellor's session holds the organisation key, and each message
can carry what the channel adds to it (an attachment, a failed delivery).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace


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
