"""The words a person sees for each choice. Kept apart from flow.py, which has no Django."""

from django.utils.translation import gettext_lazy as _

STEP_TITLES = {
    "safety": _("Are you safe right now?"),
    "emergency": _("Call 110 now"),
    "location": _("Where are you?"),
    "age": _("How old are you?"),
    "situation": _("What is happening?"),
    "channel": _("How would you like to talk?"),
    "answer": _("Support for you"),
}

SAFETY_LABELS = {
    "yes": _("Yes, I am safe right now"),
    "no": _("No, I am not safe"),
    "unsure": _("I am not sure"),
}

AGE_LABELS = {
    "minor": _("Under 18"),
    "adult": _("18 or over"),
    "unknown": _("I prefer not to say"),
}

CARD_LABELS = {
    "sex_for_money": _("Someone forces or pressures you to have sex for money"),
    "debt": _("You have a debt you cannot pay off"),
    "documents": _("Someone took your passport or ID card"),
    "images": _("Someone threatens to share your photos or videos"),
    "contract": _("You were tricked into a modelling or adult-video contract"),
    "cannot_leave": _("You work, but you cannot leave or quit"),
    "visa": _("You are worried about your visa"),
    "other": _("Something else"),
}

# Children rarely call what happens to them "sex work": the cards say it the way they live it.
CARD_LABELS_FOR_MINORS = {
    **CARD_LABELS,
    "sex_for_money": _("An adult gives you money or gifts for sex or “dates”, or pushes you to do it"),
    "contract": _("Someone asked you to model or be filmed, and it turned sexual"),
}

CHANNEL_LABELS = {
    "phone": _("Phone call"),
    "chat": _("Chat on a website"),
    "line": _("LINE"),
    "email": _("E-mail"),
    "in_person": _("In person"),
}


def card_labels(age: str) -> dict:
    return CARD_LABELS_FOR_MINORS if age == "minor" else CARD_LABELS
