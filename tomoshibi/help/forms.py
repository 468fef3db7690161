"""One form per question. Every field is optional: an empty answer is a skipped question.

Django's own error messages are not translated into Filipino, so every message a person can
see is given here, through gettext.
"""

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from . import flow

CHOOSE_SHOWN = _("Choose one of the options shown, or skip this question.")


def choice_field(choices, *, multiple=False):
    field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
    widget = forms.CheckboxSelectMultiple if multiple else forms.RadioSelect
    return field_class(
        choices=choices,
        required=False,
        widget=widget,
        error_messages={"invalid_choice": CHOOSE_SHOWN, "invalid_list": CHOOSE_SHOWN},
    )


class SafetyForm(forms.Form):
    safe = choice_field([(value, value) for value in flow.SAFETY_CHOICES])


class AgeForm(forms.Form):
    age = choice_field([(value, value) for value in flow.AGE_CHOICES])


class SituationForm(forms.Form):
    cards = choice_field([(value, value) for value in flow.CARD_CHOICES], multiple=True)


class ChannelForm(forms.Form):
    channels = choice_field([(value, value) for value in flow.CHANNEL_CHOICES], multiple=True)


class LocationForm(forms.Form):
    """A postal code, or a prefecture from the list, or neither.

    `place_of` answers "which prefecture code is this postal code in?" (None: unknown code),
    so a code the directory cannot place is refused here, on this step, not three steps later.
    """

    postal_code = forms.CharField(
        required=False,
        max_length=16,
        error_messages={"max_length": _("A postal code has 7 digits, for example 150-0001.")},
    )
    prefecture = forms.ChoiceField(
        required=False,
        choices=(),
        error_messages={"invalid_choice": _("Choose your prefecture from the list, or skip this question.")},
    )

    def __init__(self, *args, prefectures: list[tuple[str, str]], place_of: Callable[[str], str | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].choices = [("", _("Choose a prefecture")), *prefectures]
        self.place_of = place_of
        self.postal_code_prefecture: str | None = None

    def clean_postal_code(self) -> str:
        code = flow.normalise_postal_code(self.cleaned_data["postal_code"])
        if not code and not self.cleaned_data["postal_code"].strip():
            return ""
        if not flow.is_postal_code(code):
            raise forms.ValidationError(_("A postal code has 7 digits, for example 150-0001."), code="format")
        self.postal_code_prefecture = self.place_of(code)
        if self.postal_code_prefecture is None:
            raise forms.ValidationError(
                _(
                    "We could not find the postal code %(code)s. Check the 7 digits, "
                    "or choose your prefecture from the list instead."
                ),
                code="unknown",
                params={"code": code},
            )
        return code

    def clean(self):
        data = super().clean()
        chosen, placed = data.get("prefecture"), self.postal_code_prefecture
        if data.get("postal_code") and chosen and placed and chosen != placed:
            raise forms.ValidationError(
                _("This postal code is in another prefecture. Clear the postal code or the prefecture."),
                code="conflict",
            )
        return data


STEP_FORMS = {
    "safety": SafetyForm,
    "location": LocationForm,
    "age": AgeForm,
    "situation": SituationForm,
    "channel": ChannelForm,
}
