from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tomoshibi.core.forms import joined_labels


def test_choice_lists_in_error_messages_follow_the_language_of_each_request():
    message = format_lazy("{values}", values=joined_labels([("ja", _("Japanese")), ("en", _("English"))]))
    with translation.override("ja"):
        assert str(message) == "日本語 / 英語"
    with translation.override("en"):
        assert str(message) == "Japanese / English"
