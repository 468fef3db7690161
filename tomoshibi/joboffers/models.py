"""A job offer a monitor chose to keep: sealed to the organisation, like every case.

The public check and the batch page store nothing; only `do_save_offer_case` writes, on a
monitor's request. The offer's words, where it was found and the monitor's note are sealed to the
organisation's public key; the level and the signs' ids (ours, not anyone's words) stay readable so
that the list can be sorted without a key.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .checker import LEVELS


class JobOfferAction(models.TextChoices):
    """What the audit trail records of job-offer cases (registered in apps.py)."""

    CASE_SAVED = "joboffers.case_saved", _("Job offer saved as a case")
    CASE_VIEWED = "joboffers.case_viewed", _("Job offer case opened")
    CASE_DELETED = "joboffers.case_deleted", _("Job offer case deleted")


class OfferCase(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="offer_cases")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    level = models.CharField(max_length=20, choices=[(level, level) for level in LEVELS])
    score = models.PositiveSmallIntegerField()
    sign_ids = models.JSONField(default=list)
    # Sealed to the organisation: the offer as checked, where it was found, the monitor's note.
    sealed_offer = models.BinaryField()
    sealed_note = models.BinaryField()

    class Meta:
        ordering = ["-saved_at", "-id"]

    def __str__(self) -> str:
        return f"job offer case {self.pk}"
