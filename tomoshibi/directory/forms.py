from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import vocabulary

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
