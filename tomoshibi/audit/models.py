"""The audit trail: who did what, to what, when; written with the change itself.

Events hold identifiers and small structured values (a status, a role, a
count), never the text of a message or note: those exist only sealed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    ORGANISATION_SETTINGS_CHANGED = "organisation.settings_changed", _("Organisation settings changed")
    STAFF_SIGNED_IN = "staff.signed_in", _("Signed in")
    STAFF_LOCKED_OUT = "staff.locked_out", _("Account locked after failed sign-ins")
    STAFF_PASSWORD_CHANGED = "staff.password_changed", _("Password changed")
    STAFF_INVITED = "staff.invited", _("Staff member invited")
    STAFF_JOINED = "staff.joined", _("Invitation accepted")
    STAFF_REMOVED = "staff.removed", _("Staff member removed")
    STAFF_ROLE_CHANGED = "staff.role_changed", _("Role changed")
    KEY_GRANTED = "key.granted", _("Access to messages given")
    KEY_RECEIVED = "key.received", _("Access to messages received")
    KEY_RECOVERED = "key.recovered", _("Recovery key used")
    TOKEN_CREATED = "token.created", _("API token created")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    AUDIT_EXPORTED = "audit.exported", _("Audit log exported")
    AUDIT_PURGED = "audit.purged", _("Audit events older than the retention period deleted")
    CONVERSATION_STARTED = "conversation.started", _("Consultation started")
    CONVERSATION_OPENED = "conversation.opened", _("Consultation opened")
    CONVERSATION_READ_BY_API = "conversation.read_by_api", _("Consultation read through the API")
    CONVERSATION_MESSAGE_ADDED = "conversation.message_added", _("Person wrote a message")
    CONVERSATION_REPLIED = "conversation.replied", _("Reply sent")
    CONVERSATION_ASSIGNED = "conversation.assigned", _("Consultation assigned")
    CONVERSATION_TAGGED = "conversation.tagged", _("Tags changed")
    CONVERSATION_CLOSED = "conversation.closed", _("Consultation closed")
    CONVERSATION_REOPENED = "conversation.reopened", _("Consultation reopened")
    CONVERSATION_DELETED = "conversation.deleted", _("Consultation deleted")
    CASE_CREATED = "case.created", _("Case opened")
    CASE_OPENED = "case.viewed", _("Case viewed")
    CASE_UPDATED = "case.updated", _("Case updated")
    CASE_NOTE_ADDED = "case.note_added", _("Case note added")
    RETENTION_DELETED = "retention.deleted", _("Deleted after the retention period")


# Labels of every action any app records: the audit app's own, and those other
# apps declare in their AppConfig.ready() with register_actions().
ACTION_LABELS: dict[str, str] = dict(Action.choices)


def register_actions(choices: type[models.TextChoices]) -> None:
    ACTION_LABELS.update(choices.choices)


class AuditEvent(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept so the trail still names the actor after their account is gone;
    # "person" for the anonymous person, "system" for scheduled jobs.
    actor_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=64, choices=Action.choices)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def action_label(self) -> str:
        """The translated label of the action, whichever app recorded it."""
        return str(ACTION_LABELS.get(self.action, self.action))
