"""Forms with explicit, translated error messages (Django ships no Filipino translations).

The screening questions themselves are not a Django form: their fields come from the instrument
file and are checked by scoring.read_answers, which refuses anything the page cannot send.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory.vocabulary import PREFECTURES
from tomoshibi.screening import tokens
from tomoshibi.screening.content import SITUATION_CHOICES, Catalogue

SITUATION_LABELS = {
    "talk_adult": _("Talking with an adult"),
    "talk_minor": _("Talking with a child or young person under 18"),
    "observe": _("Observing: a checklist of signs for my role"),
}
assert set(SITUATION_LABELS) == set(SITUATION_CHOICES)


def choice_errors(what, valid) -> dict:
    return {
        "required": _("Choose %(what)s.") % {"what": what},
        "invalid_choice": _("“%(value)s” is not one of the choices. Valid choices: %(valid)s.")
        % {"value": "%(value)s", "valid": valid},
    }


class ChooseForm(forms.Form):
    """Step one of a screening: who you are and what you are doing."""

    def __init__(self, *args, catalogue: Catalogue, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(role.id, role.name.get(language)) for role in catalogue.roles.values()]
        situations = [(code, SITUATION_LABELS[code]) for code in SITUATION_CHOICES]
        self.fields["role"] = forms.ChoiceField(
            label=_("Your role"),
            choices=roles,
            widget=forms.RadioSelect,
            error_messages=choice_errors(_("your role"), ", ".join(name for _id, name in roles)),
        )
        self.fields["situation"] = forms.ChoiceField(
            label=_("What you are doing"),
            choices=situations,
            widget=forms.RadioSelect,
            error_messages=choice_errors(_("what you are doing"), ", ".join(str(name) for _c, name in situations)),
        )


def prefecture_choices() -> list[tuple[str, str]]:
    return [("", _("Not saying")), *PREFECTURES.items()]


INVALID_CODE = _(
    "This is not a valid organisation code. Check it with your organisation: it looks like ABCD-EFGH-JKLM."
)


class OrganisationCodeForm(forms.Form):
    """An organisation code: optional at the start of a module, required to see the counts."""

    code = forms.CharField(
        label=_("Organisation code"),
        max_length=40,
        required=False,
        help_text=_("Twelve letters and digits, such as ABCD-EFGH-JKLM. Your organisation gives it to you."),
        error_messages={"max_length": _("An organisation code has twelve letters and digits, such as ABCD-EFGH-JKLM.")},
    )

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = required
        self.fields["code"].error_messages["required"] = _("Enter your organisation code.")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code:
            return ""
        try:
            return tokens.normalise_organisation_code(code)
        except tokens.BadToken:
            raise forms.ValidationError(INVALID_CODE, code="invalid") from None


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=120,
        help_text=_("As printed on the certificate, for example cabin_crew-1-20250401-3-3-ABCDEFGHJKLMNPQR."),
        error_messages={
            "required": _("Enter the code printed on the certificate."),
            "max_length": _("A certificate code is shorter than this. Copy it exactly as printed."),
        },
    )
