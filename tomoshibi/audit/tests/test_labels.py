from django.utils import translation

from tomoshibi.audit.models import AuditEvent


def test_it_labels_actions_other_apps_record():
    with translation.override("en"):
        assert AuditEvent(action="hotline.desk_created").action_label == "Hotline desk set up"
        assert AuditEvent(action="conversation.opened").action_label == "Consultation opened"


def test_it_shows_an_unknown_action_as_its_code():
    assert AuditEvent(action="something.else").action_label == "something.else"
