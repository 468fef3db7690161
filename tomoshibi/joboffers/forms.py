"""The public check: the offer's text and a few optional questions about it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.forms import choice_errors
from tomoshibi.directory.vocabulary import PREFECTURES

from .actions import MAX_NOTE_CHARACTERS
from .checker import MAX_OFFER_CHARACTERS, Answers, OfferRefused

FEE_PAYER_CHOICES = [
    ("", _("Not answered")),
    ("worker", _("I pay them (or my family does)")),
    ("deducted", _("The employer pays first and takes it from my pay later")),
    ("employer", _("The employer pays")),
    ("unknown", _("I do not know")),
]
PASSPORT_CHOICES = [
    ("", _("Not answered")),
    ("self", _("I keep them myself")),
    ("employer", _("The employer, the agent or the school keeps them")),
    ("unknown", _("I do not know")),
]
VISA_CHOICES = [
    ("", _("Not answered")),
    ("technical_intern", _("Technical intern training")),
    ("specified_skilled", _("Specified skilled worker")),
    ("student", _("Student")),
    ("short_stay", _("Short stay or tourist visa")),
    ("entertainer", _("Entertainer")),
    ("working_holiday", _("Working holiday")),
    ("resident", _("Spouse, long-term or permanent resident")),
    ("japanese", _("I am Japanese: no visa needed")),
    ("none", _("No visa, or it has run out")),
    ("unknown", _("I do not know")),
]
UNDER_18_CHOICES = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]


def prefecture_choices():
    return [("", _("Not answered")), *PREFECTURES.items()]


class OfferForm(forms.Form):
    text = forms.CharField(
        label=_("The offer"),
        help_text=_("Paste the text of the post, message or contract. Nothing you paste is stored."),
        max_length=MAX_OFFER_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Paste the text of the offer first."),
            "max_length": _("This is too long: at most %(limit_value)d characters. Paste the main part of the offer."),
        },
    )
    fees_payer = forms.ChoiceField(
        label=_("Who pays the travel and the fees?"),
        choices=FEE_PAYER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages=choice_errors(FEE_PAYER_CHOICES),
    )
    fee_amount = forms.CharField(
        label=_("How much are the fees? (optional)"),
        help_text=_("For example 6,000 USD or 500,000 yen."),
        max_length=200,
        required=False,
    )
    passport_keeper = forms.ChoiceField(
        label=_("Who will keep your passport and residence card?"),
        choices=PASSPORT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages=choice_errors(PASSPORT_CHOICES),
    )
    visa = forms.ChoiceField(
        label=_("Which visa will you have for this work?"),
        choices=VISA_CHOICES,
        required=False,
        error_messages=choice_errors(VISA_CHOICES),
    )
    wage = forms.CharField(
        label=_("What pay did they promise, and for how many hours? (optional)"),
        help_text=_("For example 180,000 yen a month, or 1,100 yen an hour."),
        max_length=200,
        required=False,
    )
    under_18 = forms.ChoiceField(
        label=_("Are you under 18?"),
        choices=UNDER_18_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages=choice_errors(UNDER_18_CHOICES),
    )
    prefecture = forms.ChoiceField(
        label=_("Where in Japan is the work? (optional)"),
        choices=prefecture_choices,
        required=False,
        help_text=_("Used for the minimum wage there and for help nearby. It is not stored."),
        error_messages=choice_errors(prefecture_choices()),
    )

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            fees_payer=data["fees_payer"],
            fee_amount=data["fee_amount"].strip(),
            passport_keeper=data["passport_keeper"],
            visa=data["visa"],
            wage=data["wage"].strip(),
            under_18=data["under_18"],
            prefecture=data["prefecture"],
        )


MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class BatchForm(forms.Form):
    """Offers to check at once: a file (one offer as text, or JSON lines of {"id", "text"}) or pasted text."""

    file = forms.FileField(
        label=_("A file of offers"),
        help_text=_(
            'Plain text (one offer), or one JSON object per line: {"id": "...", "text": "..."}. At most 500 offers.'
        ),
        required=False,
    )
    text = forms.CharField(
        label=_("Or paste the offers here"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste at least one offer."))
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 2 MB. Split it into smaller files."))
        return data

    def content(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["text"]
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise OfferRefused("file", str(_("The file is not UTF-8 text: save it as UTF-8 and try again."))) from error


class SaveCaseForm(forms.Form):
    text = forms.CharField(max_length=MAX_OFFER_CHARACTERS)
    note = forms.CharField(max_length=MAX_NOTE_CHARACTERS, required=False)

    def problem(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)
