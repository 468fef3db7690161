"""Staff forms. Every error message is our own translated text (Django has none for Filipino)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.variants import full_languages
from tomoshibi.vault import crypto

from .models import MAX_RETENTION_DAYS, Role
from .totp import code_matches_key

REQUIRED = _("This field is required.")
TOO_LONG = _("This is too long: use at most %(limit_value)d characters.")
PASSWORD_MAX = 200


def text_errors(**extra):
    return {"required": REQUIRED, "max_length": TOO_LONG, **extra}


def password_field(label, autocomplete: str, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=PASSWORD_MAX,
        strip=False,
        error_messages=text_errors(),
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def code_field():
    return forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits; it changes every 30 seconds."),
        max_length=12,
        error_messages=text_errors(),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}),
    )


def email_field(label):
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages=text_errors(invalid=_("Enter an e-mail address such as name@example.org.")),
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )


PASSWORD_PROBLEMS = {
    "password_too_short": _("This password is too short: use at least %(min_length)d characters."),
    "password_too_common": _("This password is too common: choose one that others are unlikely to use."),
    "password_entirely_numeric": _("This password is only digits: add letters or other characters."),
    "password_too_similar": _("This password is too close to your e-mail address."),
}


def password_problems(password: str, user=None) -> list[str]:
    """Django's password validators, with messages in the page's language."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [translated_problem(item) for item in error.error_list]
    return []


def translated_problem(item: ValidationError) -> str:
    template = PASSWORD_PROBLEMS.get(item.code)
    if template is None:
        return " ".join(item.messages)
    return str(template) % (item.params or {})


class SignInForm(forms.Form):
    email = email_field(_("E-mail address"))
    password = password_field(_("Password"), "current-password")
    code = code_field()


class ConfirmForm(forms.Form):
    password = password_field(_("Password"), "current-password")
    code = code_field()


class NewPasswordMixin:
    """Two new-password fields that must match and pass the validators."""

    def clean_new_passwords(self, user=None):
        first, second = self.cleaned_data.get("new_password"), self.cleaned_data.get("new_password_again")
        if first and second and first != second:
            self.add_error("new_password_again", _("The two passwords are not the same."))
        elif first:
            for problem in password_problems(first, user):
                self.add_error("new_password", problem)


PASSPHRASE_HINT = _("A passphrase of four or more unrelated words is easy to remember and hard to guess.")


class AcceptInvitationForm(NewPasswordMixin, forms.Form):
    new_password = password_field(_("Choose a password"), "new-password", PASSPHRASE_HINT)
    new_password_again = password_field(_("The same password again"), "new-password")
    code = code_field()

    def __init__(self, *args, totp_key: str, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.totp_key, self.invitation = totp_key, invitation

    def clean(self):
        # An unsaved user, so the validators know the e-mail and organisation before the account exists.
        email = self.invitation.email
        newcomer = get_user_model()(username=email, email=email)
        newcomer.joining_organisations = [self.invitation.organisation]
        self.clean_new_passwords(user=newcomer)
        code = self.cleaned_data.get("code")
        if code and not code_matches_key(self.totp_key, code):
            self.add_error(
                "code", _("This code does not match. Check the app shows Tomoshibi and try the newest code.")
            )
        return self.cleaned_data


class ChangePasswordForm(NewPasswordMixin, forms.Form):
    current_password = password_field(_("Current password"), "current-password")
    new_password = password_field(_("New password"), "new-password", PASSPHRASE_HINT)
    new_password_again = password_field(_("The same new password again"), "new-password")

    def __init__(self, *args, user, check_own_password, **kwargs):
        """`check_own_password(password, wrong_message)`: "" if right, else the error (counted as sign-ins are)."""
        super().__init__(*args, **kwargs)
        self.user, self.check_own_password = user, check_own_password

    def clean(self):
        current = self.cleaned_data.get("current_password")
        problem = current and self.check_own_password(current, _("This is not your current password."))
        if problem:
            self.add_error("current_password", problem)
        self.clean_new_passwords(user=self.user)
        return self.cleaned_data


def role_field():
    return forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"required": REQUIRED, "invalid_choice": _("Choose one of the roles listed.")},
    )


class InviteForm(forms.Form):
    email = email_field(_("E-mail address of the new staff member"))
    role = role_field()


class RoleForm(forms.Form):
    role = role_field()


class RecoverForm(forms.Form):
    recovery_key = forms.CharField(
        label=_("Recovery key"),
        help_text=_("52 letters and digits, as printed when the organisation was created. Dashes and spaces are fine."),
        max_length=120,
        error_messages=text_errors(),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = password_field(_("Your password"), "current-password")

    def clean_recovery_key(self):
        value = self.cleaned_data["recovery_key"]
        try:
            crypto.recovery_wrapping_key(value)
        except crypto.InvalidRecoveryKey as error:
            raise ValidationError(
                _("This is not a recovery key: it has 52 letters A to Z and digits 2 to 7.")
            ) from error
        return value


def language_choices():
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in full_languages()]


class OrganisationSettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Days to keep closed consultations and cases"),
        min_value=1,
        max_value=MAX_RETENTION_DAYS,
        error_messages={
            "required": REQUIRED,
            "invalid": _("Enter a whole number of days."),
            "min_value": _("Keep them at least %(limit_value)s day."),
            "max_value": _("Keep them at most %(limit_value)s days."),
        },
    )
    accepts_web_consultations = forms.BooleanField(label=_("Take consultations through this website"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages your staff answer in"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose languages from the list.")},
    )
    serves_minors = forms.BooleanField(label=_("We help people under 18"), required=False)
    serves_adults = forms.BooleanField(label=_("We help adults"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        help_text=_("For example the program that will use it."),
        max_length=100,
        error_messages=text_errors(),
    )
