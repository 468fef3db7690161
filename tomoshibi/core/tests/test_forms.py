import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.forms import choice_errors, joined_labels

COLOURS = [("red", "Red"), ("blue", "Blue")]


class SampleForm(forms.Form):
    """One field of each kind core/_field.html draws."""

    name = forms.CharField(help_text="As you want to be called.")
    colour = forms.ChoiceField(choices=COLOURS, widget=forms.RadioSelect, error_messages=choice_errors(COLOURS))
    agree = forms.BooleanField(help_text="You can change your mind.")


def field_html(form, name: str) -> str:
    return render_to_string("core/_field.html", {"field": form[name]})


def described_by(html: str, tag: str) -> list[str]:
    found = re.search(rf'<{tag}\b[^>]*aria-describedby="([^"]+)"', html)
    return found.group(1).split() if found else []


def test_choice_lists_in_error_messages_follow_the_language_of_each_request():
    message = format_lazy("{values}", values=joined_labels([("ja", _("Japanese")), ("en", _("English"))]))
    with translation.override("ja"):
        assert str(message) == "日本語 / 英語"
    with translation.override("en"):
        assert str(message) == "Japanese / English"


def test_the_field_template_ties_help_and_errors_to_each_kind_of_field():
    form = SampleForm({"name": "", "colour": "green"})
    assert not form.is_valid()
    for name, tag in (("name", "input"), ("colour", "fieldset"), ("agree", "input")):
        html = field_html(form, name)
        ids = described_by(html, tag)
        assert ids and all(f'id="{one}"' in html for one in ids), (name, html)
        assert f"id_{name}_errors" in ids
    assert described_by(field_html(form, "name"), "input") == ["id_name_helptext", "id_name_errors"]
    assert 'aria-invalid="true"' in field_html(form, "name")


def test_a_valid_field_points_only_to_its_help():
    form = SampleForm({"name": "Mai", "colour": "red", "agree": "on"})
    assert form.is_valid()
    assert described_by(field_html(form, "name"), "input") == ["id_name_helptext"]
    assert described_by(field_html(form, "colour"), "fieldset") == []


def test_a_refused_choice_names_the_valid_ones():
    form = SampleForm({"name": "Mai", "colour": "green", "agree": "on"})
    with translation.override("en"):
        assert form.errors["colour"] == ["Choose one of: Red / Blue."]
