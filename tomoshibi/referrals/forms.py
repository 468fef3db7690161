"""Forms of referrals: the counsellor's proposal, the person's answer, the receiver's decline."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoshibi.accounts.forms import REQUIRED
from tomoshibi.accounts.models import Organisation
from tomoshibi.consultations.models import MAX_MESSAGE_LENGTH
from tomoshibi.core.forms import choice_errors
from tomoshibi.directory.models import Service

from .models import DeclineReason, Kind, Reason

CONTACT_ONLY_ON_CHANNEL = _(
    "This person writes through another channel, where they cannot read a proposal yet. "
    "Give the contact only: it is sent to them as a reply."
)


def directory_choices(own_organisation) -> list[Service]:
    """Active directory services, those on the platform (other than one's own) first."""
    linked = set(
        Organisation.objects.exclude(pk=own_organisation.pk)
        .exclude(directory_service=None)
        .values_list("directory_service_id", flat=True)
    )
    services = list(Service.objects.active())
    for service in services:
        service.on_platform = service.pk in linked
    return sorted(services, key=lambda service: not service.on_platform)


def service_label(service) -> str:
    parts = [service.name_ja, f"({service.name_en})"]
    if service.phone:
        parts.append(f"☎ {service.phone}")
    if service.on_platform:
        parts.append(str(_("[on the platform]")))
    return " ".join(parts)


class ProposeForm(forms.Form):
    service = forms.ChoiceField(label=_("Service in the directory"))
    kind = forms.ChoiceField(
        label=_("What to do"),
        choices=Kind.choices,
        initial=Kind.SHARE,
        widget=forms.RadioSelect,
        error_messages=choice_errors(Kind.choices, required=REQUIRED),
    )
    reason = forms.ChoiceField(
        label=_("For"), choices=Reason.choices, error_messages=choice_errors(Reason.choices, required=REQUIRED)
    )
    summary = forms.CharField(
        label=_("Summary to share (the person reads it before deciding)"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, organisation, can_share: bool = True, **kwargs):
        """`can_share`: False for a conversation on a channel where the person cannot answer a proposal."""
        super().__init__(*args, **kwargs)
        self.can_share = can_share
        self.services = {service.pk: service for service in directory_choices(organisation)}
        self.fields["service"].choices = [("", "—")] + [(pk, service_label(s)) for pk, s in self.services.items()]
        self.fields["service"].error_messages = {
            "required": _("Choose a service from the directory."),
            "invalid_choice": _("Choose a service from the directory."),
        }

    def clean(self):
        data = super().clean()
        service = self.services.get(data.get("service"))
        data["service"] = service
        if service is None or data.get("kind") != Kind.SHARE:
            return data
        if not self.can_share:
            self.add_error("kind", CONTACT_ONLY_ON_CHANNEL)
            return data
        if not service.on_platform:
            self.add_error("kind", _("This service is not on the platform: give the person its contact instead."))
        if not data.get("summary"):
            self.add_error("summary", _("Write the summary the person will be asked to share."))
        return data


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("refuse", "refuse")])
    messages = forms.MultipleChoiceField(
        label=_("Also share these messages (only if you want)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, message_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["messages"].choices = list(message_choices)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why you cannot take the person on"),
        choices=DeclineReason.choices,
        error_messages=choice_errors(DeclineReason.choices, required=REQUIRED),
    )
