from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import referral_engine, vocabulary
from tomoshibi.directory.csvformat import parse_list
from tomoshibi.directory.models import Service

INVALID_CHOICE = _("“%(value)s” is not one of the choices. Choose one from the list.")


def _choice_field(label, mapping, empty_label):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty_label), *mapping.items()],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


class DirectoryFilterForm(forms.Form):
    """Browse filters; every field optional, every error message translated."""

    prefecture = _choice_field(_("Prefecture"), vocabulary.PREFECTURES, _("All of Japan"))
    kind = _choice_field(_("Kind of service"), vocabulary.KIND_LABELS, _("All kinds"))
    language = _choice_field(_("Language"), vocabulary.LANGUAGE_NAMES, _("Any language"))
    serves = _choice_field(_("Who it helps"), vocabulary.SERVES_LABELS, _("Everyone"))

    def filtered(self, services):
        """Services matching the filters; with a prefecture, its own services and the national ones."""
        data = self.cleaned_data
        if data["prefecture"]:
            services = services.filter(Q(prefecture_code=data["prefecture"]) | Q(prefecture_code=""))
        if data["kind"]:
            services = services.filter(kind=data["kind"])
        if data["language"]:
            services = services.speaking(data["language"])
        if data["serves"]:
            services = services.serving(data["serves"])
        return services


class ServiceAdminForm(forms.ModelForm):
    """The maintainers' edit form: list fields must use the directory's vocabulary."""

    source_url = forms.URLField(
        label=_("source"),
        max_length=1000,
        assume_scheme="https",
        error_messages={"required": _("Every entry needs its source."), "invalid": _("Enter a full web address.")},
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "name_ja",
            "name_en",
            "kind",
            "prefecture_code",
            "status",
            "phone",
            "hours",
            "is_24h",
            "channels",
            "languages",
            "serves",
            "source_url",
            "position",
        ]

    def _clean_list(self, name, valid):
        values = parse_list(self.cleaned_data.get(name) or "")
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise forms.ValidationError(
                _("Unknown value: %(unknown)s. Valid values: %(valid)s."),
                params={"unknown": ", ".join(unknown), "valid": ", ".join(valid)},
            )
        return ";".join(values)

    def clean_channels(self):
        return self._clean_list("channels", referral_engine.SERVICE_CHANNELS)

    def clean_serves(self):
        return self._clean_list("serves", referral_engine.SERVES)

    def clean_languages(self):
        values = parse_list(self.cleaned_data.get("languages") or "")
        bad = [v for v in values if not (v.isascii() and v.isalpha() and v.islower() and 2 <= len(v) <= 3)]
        if bad:
            raise forms.ValidationError(
                _("Use two-letter language codes such as ja, en, tl, separated by ';'. Not valid: %(bad)s."),
                params={"bad": ", ".join(bad)},
            )
        return ";".join(values)


REQUIRED = _("Please choose one.")
POSTAL_CODE_UNKNOWN = _("We could not find the postal code “%(value)s”. Enter its 7 digits, such as 530-0001.")
POSTAL_CODE_CONFLICT = _("This postal code is in %(prefecture)s. Choose that prefecture, or leave one of them empty.")


def _radio_field(label, mapping, initial):
    return forms.ChoiceField(
        label=label,
        choices=list(mapping.items()),
        widget=forms.RadioSelect,
        initial=initial,
        error_messages={"required": REQUIRED, "invalid_choice": INVALID_CHOICE},
    )


class ReferralForm(forms.Form):
    """The engine's inputs as a POST form (answers never go in a URL); fields are named like the API's parameters."""

    postal_code = forms.CharField(
        label=_("Postal code (optional)"),
        required=False,
        max_length=12,
        help_text=_("7 digits, such as 530-0001. Or choose a prefecture below, or leave both empty."),
        error_messages={"max_length": _("A postal code has 7 digits, such as 530-0001.")},
    )
    prefecture = _choice_field(_("Prefecture (optional)"), vocabulary.PREFECTURES, _("Not saying"))
    age = _radio_field(_("How old are you?"), vocabulary.AGE_LABELS, "unknown")
    danger = _radio_field(_("Are you in danger right now?"), vocabulary.DANGER_LABELS, "unsure")
    situation = forms.MultipleChoiceField(
        label=_("What is happening? Choose any that fit."),
        required=False,
        choices=list(vocabulary.SITUATION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    lang = _choice_field(_("Your language"), vocabulary.LANGUAGE_NAMES, _("The language of this page"))
    gender = _choice_field(_("Gender (optional)"), vocabulary.GENDER_LABELS, _("Not saying"))
    channel = forms.MultipleChoiceField(
        label=_("How would you like to get in touch? (optional)"),
        required=False,
        choices=[(c, vocabulary.CHANNEL_LABELS[c]) for c in referral_engine.CHANNELS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def referral_inputs(self, page_language: str) -> dict:
        data = self.cleaned_data
        return {
            "postal_code": data["postal_code"],
            "prefecture": data["prefecture"],
            "age": data["age"],
            "gender": data["gender"],
            "language": data["lang"] or page_language,
            "situations": data["situation"],
            "danger": data["danger"],
            "channels": data["channel"],
        }

    def add_referral_error(self, error: referral_engine.ReferralError) -> None:
        """Show the engine's refusal on the field it names, in the page's language."""
        if error.field == "postal_code":
            self.add_error("postal_code", forms.ValidationError(POSTAL_CODE_UNKNOWN, params={"value": error.value}))
        elif error.field == "prefecture" and error.valid:
            prefecture = vocabulary.label(vocabulary.PREFECTURES, error.valid[0])
            self.add_error("prefecture", forms.ValidationError(POSTAL_CODE_CONFLICT, params={"prefecture": prefecture}))
        else:
            self.add_error(None, forms.ValidationError(INVALID_CHOICE, params={"value": error.value}))
