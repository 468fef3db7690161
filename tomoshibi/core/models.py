from django.db import models


class ScheduledTask(models.Model):
    """When a periodic task was last queued, so that it runs once per interval."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
