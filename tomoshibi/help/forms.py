"""One form per question. Every field is optional: an empty answer is a skipped question.

Django's own error messages are not translated into Filipino, so every message a person can
see is given here, through gettext.
"""

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from . import flow, places

# Set in a refused location answer kept to be shown again: a place name was typed and not found.
UNKNOWN_PLACE = "unknown_place"
PLACE_NOT_FOUND = _(
    "We could not find this place. Enter a postal code (7 digits), the name of your "
    "prefecture or city, or choose your prefecture from the list."
)
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
    """A postal code (or a place name typed in its box), or a prefecture from the list, or neither.

    `place_of` answers "which prefecture code is this postal code in?" (None: unknown code),
    so a code the directory cannot place is refused here, on this step, not three steps later.
    """

    postal_code = forms.CharField(
        required=False,
        max_length=32,
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
        self.named_prefecture: str | None = None

    def clean_postal_code(self) -> str:
        text = self.cleaned_data["postal_code"]
        if places.looks_like_a_place(text):
            return self.place_in_postal_code_box(text)
        code = flow.normalise_postal_code(text)
        if not code and not text.strip():
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

    def place_in_postal_code_box(self, text: str) -> str:
        """'Osaka' or '大阪' where a postal code is asked: understood as that prefecture, or explained."""
        self.named_prefecture = places.prefecture_named(text)
        if self.named_prefecture is None:
            raise forms.ValidationError(PLACE_NOT_FOUND, code=UNKNOWN_PLACE)
        return ""

    def clean(self):
        data = super().clean()
        if self.data.get(UNKNOWN_PLACE) is True:
            self.add_error("postal_code", forms.ValidationError(PLACE_NOT_FOUND, code=UNKNOWN_PLACE))
        if self.named_prefecture:
            if data.get("prefecture") and data["prefecture"] != self.named_prefecture:
                raise forms.ValidationError(
                    _("The place you typed is in another prefecture. Clear it or the prefecture."), code="conflict"
                )
            data["prefecture"] = self.named_prefecture
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
