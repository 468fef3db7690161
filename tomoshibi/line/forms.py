"""The organisation admin's form to connect a LINE Official Account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConnectForm(forms.Form):
    channel_secret = forms.CharField(
        label=_("Channel secret"),
        max_length=200,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("LINE Developers console, the channel's Basic settings."),
    )
    access_token = forms.CharField(
        label=_("Channel access token (long-lived)"),
        max_length=1000,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("LINE Developers console, the channel's Messaging API tab."),
    )
