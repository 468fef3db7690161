"""The public report form, the receipt form and the analysts' forms. Every error is our own translated text."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tomoshibi.accounts.forms import REQUIRED
from tomoshibi.core.forms import choice_errors
from tomoshibi.vault.crypto import normalise_receipt

from .canonical import MAX_URL_LENGTH, Refusal
from .intake import MAX_ADDRESSES, LineProblem, read_addresses
from .models import (
    ACTIONABLE_DECISIONS,
    MAX_DESCRIPTION_LENGTH,
    Category,
    Decision,
    LegalBasis,
    LetterLanguage,
    SeenOn,
)

# Room for every address at its longest, one per line.
MAX_URLS_TEXT = MAX_ADDRESSES * (MAX_URL_LENGTH + 2)
SHOWN_LINE_LENGTH = 60

LINE_PROBLEMS = {
    Refusal.TOO_LONG: _("Line %(line)d (%(text)s): this address is longer than %(limit)d characters."),
    Refusal.SCHEME_NOT_ALLOWED: _(
        "Line %(line)d (%(text)s): addresses starting with “%(scheme)s:” are not accepted. "
        "Give a web address starting with http://, https:// or ftp://, or with the site's name."
    ),
    Refusal.NO_HOST: _(
        "Line %(line)d (%(text)s): this is not a web address. "
        "An address names a site, such as example.com/page or https://example.com/page."
    ),
    Refusal.EMPTY: _("Line %(line)d is empty."),
}


def shortened(text: str) -> str:
    return text if len(text) <= SHOWN_LINE_LENGTH else text[: SHOWN_LINE_LENGTH - 1] + "…"


def line_problem_message(problem: LineProblem) -> str:
    values = {"line": problem.line, "text": shortened(problem.text), "scheme": problem.scheme, "limit": MAX_URL_LENGTH}
    return str(LINE_PROBLEMS[problem.reason]) % values


class ReportForm(forms.Form):
    urls = forms.CharField(
        label=_("Addresses (URLs) of the content"),
        help_text=format_lazy(
            _("One address per line, up to {limit}. Copy each one from the address bar or the app's “share” button."),
            limit=MAX_ADDRESSES,
        ),
        max_length=MAX_URLS_TEXT,
        error_messages={
            "required": _("Give the address (URL) of at least one page."),
            "max_length": _("This is too much text for %(limit_value)d addresses. Give one address per line."),
        },
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false", "inputmode": "url"}),
    )
    category = forms.ChoiceField(
        label=_("What is it?"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors(Category.choices),
    )
    seen_on = forms.ChoiceField(
        label=_("Where did you see it?"),
        choices=SeenOn.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors(SeenOn.choices),
    )
    description = forms.CharField(
        label=_("Anything the analysts should know (optional)"),
        help_text=_(
            "For example where on the page it is, or the password that a link asks for. Do not write your name."
        ),
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        error_messages={
            "max_length": _(
                "The description is too long: %(show_value)d characters, and the limit is %(limit_value)d. "
                "Shorten it; everything else you gave is kept."
            )
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    about_me = forms.BooleanField(
        label=_("This is about me: the content shows me or threatens me."),
        help_text=_("If you tick this, we also show you where to get help."),
        required=False,
    )

    def clean_urls(self):
        read = read_addresses(self.cleaned_data["urls"].splitlines())
        problems = [line_problem_message(problem) for problem in read.problems]
        if read.too_many:
            problems.insert(0, too_many_message(read.given))
        if read.none_given:
            problems.append(str(self.fields["urls"].error_messages["required"]))
        if problems:
            raise ValidationError(problems)
        return read.addresses


def too_many_message(given: int) -> str:
    message = _("You gave %(given)d addresses; one report takes at most %(limit)d. Send the others in a second report.")
    return str(message) % {"given": given, "limit": MAX_ADDRESSES}


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        help_text=_("The 16 digits shown when you sent the report."),
        max_length=40,
        error_messages={"required": REQUIRED, "max_length": _("A receipt has 16 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_receipt(self):
        receipt = normalise_receipt(self.cleaned_data["receipt"])
        if receipt is None:
            raise ValidationError(
                _("A receipt has 16 digits, for example 1234 5678 9012 3456. Check the number and try again.")
            )
        return receipt


class AssessForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors(Decision.choices),
    )
    legal_basis = forms.MultipleChoiceField(
        label=_("Legal basis"),
        help_text=_("The laws the content breaks. Needed when the decision is “illegal”."),
        choices=LegalBasis.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=choice_errors(LegalBasis.choices),
    )

    def clean(self):
        decision, basis = self.cleaned_data.get("decision"), self.cleaned_data.get("legal_basis")
        if decision == Decision.ILLEGAL and not basis:
            self.add_error("legal_basis", _("Choose at least one law the content breaks, or choose another decision."))
        if decision and decision not in ACTIONABLE_DECISIONS:
            self.cleaned_data["legal_basis"] = []
        return self.cleaned_data


def short_text(label, *, max_length: int, required: bool = True, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        error_messages={
            "required": REQUIRED,
            "max_length": _("This is too long: %(show_value)d characters, and the limit is %(limit_value)d."),
        },
    )


class NoticeForm(forms.Form):
    recipient = short_text(
        _("Recipient"), max_length=200, help_text=_("The hosting provider or site, and its abuse contact.")
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=LetterLanguage.choices,
        widget=forms.RadioSelect,
        initial=LetterLanguage.JAPANESE,
        error_messages=choice_errors(LetterLanguage.choices),
    )


class ForeignHotlineForm(forms.Form):
    hotline = short_text(
        _("Hotline abroad"),
        max_length=100,
        help_text=_("For example the INHOPE member hotline of the hosting country."),
    )
    reference = short_text(_("Their reference (optional)"), max_length=100, required=False)
