"""What the person reads on LINE from the platform itself, in their language.

On follow and on a first message: who answers and when, that LINE (LY Corporation)
carries the messages, how to delete the chat and unsend, and 110 for danger. Out of
the organisation's hours: when it answers, and which 24-hour line serves now.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from linebot.v3.messaging import PostbackAction, QuickReply, QuickReplyItem, TextMessage

from tomoshibi.core.variants import full_languages
from tomoshibi.directory.hours import open_at
from tomoshibi.directory.models import Service
from tomoshibi.directory.referral_engine import in_japan

LANGUAGE_CHOICE = "language="
LANGUAGE_PAGE = "languages="
TALK = "talk"
# LINE shows at most 13 quick-reply buttons under a message (and refuses the message with more).
QUICK_REPLY_LIMIT = 13


def language_names(first: str = "") -> list[tuple[str, str]]:
    """Every language of the platform named in itself; `first` (the person's language) leads."""
    names = [(code, translation.get_language_info(code)["name_local"]) for code, _name in full_languages()]
    return sorted(names, key=lambda pair: pair[0] != first)


def language_pages(first: str = "") -> list[list[tuple[str, str]]]:
    """The languages in pages of buttons, each page keeping one button for the next when there are several."""
    names = language_names(first)
    if len(names) <= QUICK_REPLY_LIMIT:
        return [names]
    size = QUICK_REPLY_LIMIT - 1
    return [names[start : start + size] for start in range(0, len(names), size)]


def language_quick_reply(first: str = "", page: int = 0) -> QuickReply:
    """Buttons under the message: the languages of the platform, each named in itself, page by page."""
    pages = language_pages(first)
    page = page if 0 <= page < len(pages) else 0
    items = [
        QuickReplyItem(action=PostbackAction(label=name[:20], data=f"{LANGUAGE_CHOICE}{code}", displayText=name))
        for code, name in pages[page]
    ]
    if len(pages) > 1:
        label = f"🌐 {_('More languages')}"[:20]
        next_page = f"{LANGUAGE_PAGE}{(page + 1) % len(pages)}"
        items.append(QuickReplyItem(action=PostbackAction(label=label, data=next_page)))
    return QuickReply(items=items)


def language_page(language: str, page: int) -> list[TextMessage]:
    """The next page of language buttons, asked for by the person's "More languages" button."""
    with translation.override(language):
        return [TextMessage(text=choose_language_text(), quickReply=language_quick_reply(language, page))]


def organisation_hours(organisation) -> str:
    service = organisation.directory_service
    return service.hours if service and service.hours else ""


def is_closed_now(organisation) -> bool:
    """True only when the directory's hours say the organisation is closed now (unknown is not closed)."""
    service = organisation.directory_service
    if service is None:
        return False
    return open_at(service.as_engine_service().hours, in_japan(timezone.now())) is False


def line_open_now(language: str):
    """A national 24-hour phone line, in the person's language if one speaks it."""
    lines = Service.objects.active().filter(is_24h=True, prefecture_code="").exclude(phone="")
    return lines.speaking(language).first() or lines.first()


def service_name(service, language: str) -> str:
    return service.name_ja if language == "ja" else service.name_en


def welcome_text(organisation) -> str:
    hours = organisation_hours(organisation)
    who = (
        _("You are writing to %(organisation)s. Its counsellors read your messages and answer here (%(hours)s).")
        if hours
        else _("You are writing to %(organisation)s. Its counsellors read your messages and answer here.")
    )
    parts = [
        who % {"organisation": organisation.name, "hours": hours},
        _(
            "LINE (LY Corporation) carries these messages: it can see that you write to this account, and when. "
            "Counsellors see no name and no picture of you."
        ),
        _(
            "To remove this chat from your phone, delete it from the chat list. "
            "To take back a message, press and hold it and choose Unsend: it is deleted here too."
        ),
        _("In danger now: call 110 (police)."),
    ]
    return "\n\n".join(parts)


def closed_text(organisation, language: str) -> str:
    hours = organisation_hours(organisation)
    parts = [_("We are closed now. We answer %(hours)s; your message is kept for us.") % {"hours": hours}]
    line = line_open_now(language)
    if line is not None:
        name = service_name(line, language)
        parts.append(_("To talk to someone now: %(name)s, %(phone)s (24 hours).") % {"name": name, "phone": line.phone})
    parts.append(_("In danger now: call 110 (police)."))
    return "\n".join(parts)


def choose_language_text() -> str:
    return _("Choose your language:")


def talk_text(organisation) -> str:
    return _("Write your message here. A counsellor of %(organisation)s reads it and answers in this chat.") % {
        "organisation": organisation.name
    }


def greeting(organisation, language: str, *, closed: bool) -> list[TextMessage]:
    """The welcome (and, out of hours, when the organisation answers), with the language buttons."""
    with translation.override(language):
        messages = [TextMessage(text=welcome_text(organisation))]
        if closed:
            messages.append(TextMessage(text=closed_text(organisation, language)))
        messages.append(TextMessage(text=choose_language_text(), quickReply=language_quick_reply(language)))
    return messages


def closed_notice(organisation, language: str) -> list[TextMessage]:
    with translation.override(language):
        return [TextMessage(text=closed_text(organisation, language))]


def talk_notice(organisation, language: str) -> list[TextMessage]:
    with translation.override(language):
        return [TextMessage(text=talk_text(organisation))]
