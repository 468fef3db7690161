"""Opening sealed texts for whoever holds a private key: the person or their organisation."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tomoshibi.vault import crypto


@dataclass(frozen=True)
class Entry:
    from_person: bool
    author: str
    created_at: datetime
    text: str
    readable: bool = True
    message_id: int | None = None
    extra: object = None  # what a channel shows beside the message (consultations/channels.py)


def open_text(private_key: bytes, sealed) -> tuple[str, bool]:
    try:
        return crypto.unseal_text(private_key, bytes(sealed)), True
    except crypto.WrongKey:
        return _("This text cannot be opened with the key of this session."), False


def thread_for_person(conversation, private_key: bytes) -> list[Entry]:
    """The whole thread as the person sees it, with every organisation their receipt opens.

    Counsellors are not named; organisations are, so the person knows who writes.
    """
    from .models import Message

    conversations = conversation.same_person()
    several = conversations.values("organisation").distinct().count() > 1
    messages = Message.objects.filter(conversation__in=conversations).select_related("conversation__organisation")
    entries = []
    for message in messages.order_by("created_at", "id"):
        text, readable = open_text(private_key, message.sealed_for_person)
        author = person_side_author(message, several)
        entries.append(Entry(message.from_person, author, message.created_at, text, readable))
    return entries


def person_side_author(message, several: bool) -> str:
    organisation = message.conversation.organisation.name
    if not message.from_person:
        return organisation
    return _("You, to %(organisation)s") % {"organisation": organisation} if several else _("You")


def thread_for_staff(conversation, private_key: bytes) -> list[Entry]:
    entries = []
    for message in conversation.messages.select_related("author"):
        text, readable = open_text(private_key, message.sealed_for_organisation)
        author = _("The person") if message.from_person else staff_name(message.author)
        entries.append(Entry(message.from_person, author, message.created_at, text, readable, message.pk))
    return entries


def notes_for_staff(case, private_key: bytes) -> list[Entry]:
    entries = []
    for note in case.notes.select_related("author"):
        text, readable = open_text(private_key, note.sealed_for_organisation)
        entries.append(Entry(False, staff_name(note.author), note.created_at, text, readable))
    return entries


def staff_name(user) -> str:
    return user.get_username() if user is not None else _("a former staff member")


def waiting_label(since: datetime | None, now: datetime) -> str:
    """How long the person has waited for a reply, in the page's language."""
    if since is None:
        return ""
    minutes = max(int((now - since).total_seconds() // 60), 0)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
