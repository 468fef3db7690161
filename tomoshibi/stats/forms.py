"""Forms of estimation rounds: opening one, and sending an encoded list to it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tomoshibi.accounts.models import Organisation

from .encodings import MAX_BYTES, Refused, read_encoded_list

REFUSALS = {
    "too_large": _("The file is larger than %(megabytes)s MB: is it really an encoded list?"),
    "not_json": _("The file is not an encoded list: send the .clk.json file the encoder made, not the CSV."),
    "not_encoded_list": _("The file is not an encoded list made by “tomoshibi linkage encode” or by this page."),
    "other_schema": _(
        "The list was encoded with another version of the encoding than this platform's. "
        "Update Tomoshibi on the computer that encoded it, or encode it in this page, and send it again."
    ),
    "other_length": _("The encodings are not %(bits)s bits long, as every list of the round must be."),
    "damaged": _("The file is damaged: its line numbers and encodings do not match. Encode the list again."),
    "empty": _("The list holds no one. Check the CSV file and encode it again."),
    "too_many": _("A list may hold at most %(most)s people."),
    "bad_filter": _("Encoding number %(number)s is not a filter of %(bits)s bits. Encode the list again."),
}


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    definition = forms.CharField(
        label=_("Who counts"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written so that every organisation counts the same people: who, where, which kind of harm."),
    )
    period_from = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label=_("Deadline for lists"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Lists are taken until the end of this day (Japan time)."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two."),
    )

    def __init__(self, *args, coordinating: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # The coordinating organisation never sends a list: its key opens every list of the round.
        self.fields["participants"].queryset = Organisation.objects.exclude(pk=coordinating.pk).order_by("name")

    def clean_participants(self):
        chosen = self.cleaned_data["participants"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two organisations: an estimate needs two lists or more."))
        return chosen

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("period_from"), data.get("period_to"), data.get("deadline")
        if start and end and end < start:
            self.add_error("period_to", _("The period ends before it starts."))
        if deadline and deadline < timezone.localdate():
            self.add_error("deadline", _("The deadline has already passed."))
        return data


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline for lists"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline has already passed."))
        return deadline


class ListForm(forms.Form):
    encodings = forms.FileField(
        label=_("Encoded list (.clk.json)"),
        help_text=_("The file “tomoshibi linkage encode” wrote."),
        # Offer only JSON files in the picker: the CSV file beside it holds names and must never be sent.
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_encodings(self):
        upload = self.cleaned_data["encodings"]
        try:
            return read_encoded_list(upload.read(MAX_BYTES + 1))
        except Refused as refused:
            raise forms.ValidationError(REFUSALS[refused.code] % refused.values) from None
