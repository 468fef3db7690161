from django.db import models


class ScheduledTask(models.Model):
    """When a periodic task was last queued, so that it runs once per interval."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class RateCounter(models.Model):
    """A counter for one rate limit or lockout key, valid until `expires_at`.

    Keys are keyed hashes (never an address or a name in clear). Increments are
    single UPDATE statements, so concurrent requests never lose a count, and the
    window is fixed at the first hit rather than sliding with every request.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
