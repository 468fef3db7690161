"""The audit trail: who did what, to what, when; written with the change itself.

Events hold identifiers and small structured values (a status, a role, a
count), never the text of a message or note: those exist only sealed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What the audit app itself records; every other app declares and registers its own actions."""

    AUDIT_EXPORTED = "audit.exported", _("Audit log exported")
    AUDIT_PURGED = "audit.purged", _("Audit events older than the retention period deleted")
    RETENTION_DELETED = "retention.deleted", _("Deleted after the retention period")


# Labels of every action any app records: the audit app's own, and those each app declares in a
# TextChoices of its own and registers from its AppConfig.ready() with register_actions().
ACTION_LABELS: dict[str, str] = dict(Action.choices)
# Records whose trail is kept for as long as they exist, however old (app_label.model_name), which
# the apps holding them register with keep_trail_while_held(): who opened a conversation, a case or
# a report must stay answerable while it is held.
HELD_RECORDS: set[str] = set()


def register_actions(choices: type[models.TextChoices]) -> None:
    ACTION_LABELS.update(choices.choices)


def keep_trail_while_held(*models_held: type[models.Model]) -> None:
    HELD_RECORDS.update(model._meta.label_lower for model in models_held)


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
    # Any registered action (ACTION_LABELS); not a fixed list of choices, so an app adds its own without
    # a migration here.
    action = models.CharField(max_length=64)
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
