"""Forms of the person's side and the counsellor's side. Every error is our own translated text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoshibi.accounts.forms import REQUIRED
from tomoshibi.core.forms import choice_errors
from tomoshibi.vault.crypto import normalise_receipt

from .models import (
    MAX_MESSAGE_LENGTH,
    AgeGroup,
    CaseStatus,
    ClosureReason,
    Danger,
    Need,
    Outcome,
    ServiceProvided,
    Situation,
    Tag,
)

TOO_LONG = _(
    "Your message is too long: %(show_value)d characters, and the limit is %(limit_value)d. "
    "Shorten it, or send it in two parts."
)
EMPTY = _("Write a message before sending.")
CLOSED_REPLY = _("This conversation is closed. Reopen it to reply.")


def message_field(*, required: bool, label):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_MESSAGE_LENGTH,
        strip=True,
        error_messages={"required": EMPTY, "max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class StartForm(forms.Form):
    """The first message and the answers that travel with it (all in fixed vocabularies)."""

    body = message_field(required=False, label=_("Your message (you can also write later)"))
    age_group = forms.ChoiceField(
        label=_("Your age"),
        choices=AgeGroup.choices,
        initial=AgeGroup.UNKNOWN,
        widget=forms.RadioSelect,
        error_messages=choice_errors(AgeGroup.choices, required=REQUIRED),
    )
    danger = forms.ChoiceField(
        label=_("Are you in danger now?"),
        choices=Danger.choices,
        initial=Danger.UNSURE,
        widget=forms.RadioSelect,
        error_messages=choice_errors(Danger.choices, required=REQUIRED),
    )
    situations = forms.MultipleChoiceField(
        label=_("What is happening (optional)"),
        choices=Situation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(Situation.choices, required=REQUIRED),
    )


class MessageForm(forms.Form):
    body = message_field(required=True, label=_("Your message"))
    to = forms.ChoiceField(label=_("To"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, recipients=(), **kwargs):
        """`recipients`: the open conversations the person may write to; a choice only if several."""
        super().__init__(*args, **kwargs)
        self.recipients = {str(c.pk): c for c in recipients}
        if len(self.recipients) > 1:
            self.fields["to"].choices = [(pk, c.organisation.name) for pk, c in self.recipients.items()]
            self.fields["to"].required = True
            self.fields["to"].error_messages = choice_errors(self.fields["to"].choices, required=REQUIRED)
        else:
            del self.fields["to"]

    def recipient(self):
        """The conversation to write to: the one chosen, or the only open one."""
        chosen = self.cleaned_data.get("to")
        return self.recipients[chosen] if chosen else next(iter(self.recipients.values()))


class UnsentMessageForm(forms.Form):
    """A message that could not be sent, shown back to copy or to take to a new conversation.

    Only ever rendered, never validated or stored: it is the person's text, whatever its length.
    """

    body = forms.CharField(
        label=_("Your message (not sent)"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReceiptField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        if value and normalise_receipt(value) is None:
            raise forms.ValidationError(
                _("A receipt has 16 digits, for example 1234 5678 9012 3456. Check the number and try again.")
            )


class ReturnForm(forms.Form):
    receipt = ReceiptField(
        label=_("Your receipt number"),
        max_length=40,
        error_messages={"required": REQUIRED, "max_length": _("A receipt has 16 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    body = message_field(required=False, label=_("Your message (kept from before)"))

    def receipt_digits(self) -> str:
        return normalise_receipt(self.cleaned_data["receipt"]) or ""


class ReplyForm(forms.Form):
    body = message_field(required=True, label=_("Reply"))


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(
        label=_("Assigned counsellor"),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a member of your organisation.")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.user_id: m.user for m in members}
        choices = [("", _("Nobody"))] + [(user_id, user.get_username()) for user_id, user in self.members.items()]
        self.fields["assignee"].choices = choices

    def assignee_user(self):
        return self.members.get(self.cleaned_data.get("assignee"))


class TagForm(forms.Form):
    tags = forms.MultipleChoiceField(
        label=_("Tags"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(Tag.choices, required=REQUIRED),
    )


class CaseForm(AssignForm):
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(Need.choices, required=REQUIRED),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CaseStatus.choices,
        error_messages=choice_errors(CaseStatus.choices, required=REQUIRED),
    )
    services = forms.MultipleChoiceField(
        label=_("Services provided"),
        choices=ServiceProvided.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(ServiceProvided.choices, required=REQUIRED),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        choices=[("", "—"), *Outcome.choices],
        required=False,
        error_messages=choice_errors(Outcome.choices, required=REQUIRED),
    )
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
        error_messages=choice_errors(ClosureReason.choices, required=REQUIRED),
    )

    def clean(self):
        """A closed case says how it ended and why; an open one keeps neither."""
        data = super().clean()
        if data.get("status") == CaseStatus.CLOSED:
            for field in ("outcome", "closure_reason"):
                if not data.get(field):
                    self.add_error(field, _("Say this when closing the case."))
        else:
            data["outcome"], data["closure_reason"] = "", ""
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("New note (only your organisation can read it)"),
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={"required": _("Write the note before saving."), "max_length": TOO_LONG},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
