"""Estimation rounds: several organisations count one hidden population together without sharing names.

A coordinator (a member of a coordinating organisation) opens a round; each participating
organisation sends its list as encodings only (`.clk.json`), sealed at once to the coordinating
organisation's public key. Running the round opens them in the coordinator's session, links them,
keeps the capture table (counts of people per pattern of lists, nothing about anyone) and deletes
the encodings. The title and the definition of who counts are written to be published with the
figures, and are kept in clear like an organisation's name. See docs/rounds.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for lists")
    ESTIMATING = "estimating", _("Linked; estimating")
    ESTIMATED = "estimated", _("Estimated; not yet published")
    CLOSED = "closed", _("Closed and published")


class RoundEvent(models.TextChoices):
    OPENED = "round.opened", _("Estimation round opened")
    SUBMITTED = "round.submitted", _("Encoded list sent to an estimation round")
    WITHDRAWN = "round.withdrawn", _("Encoded list withdrawn from an estimation round")
    RUN = "round.run", _("Estimation round linked; encoded lists deleted")
    ESTIMATED = "round.estimated", _("Estimation round estimated")
    CLOSED = "round.closed", _("Estimation round closed and published")
    EXPIRED = "round.expired", _("Encoded lists of an estimation round deleted after its deadline")
    EXTENDED = "round.extended", _("Deadline of an estimation round extended")
    REPORT_READ = "round.report_read", _("Estimation round report downloaded")
    DUPLICATES_READ = "round.duplicates_read", _("Possible duplicates of a list in an estimation round read")


class Round(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    coordinating_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="rounds_coordinated"
    )
    title = models.CharField(max_length=200)
    definition = models.TextField(max_length=4000)
    period_from = models.DateField()
    period_to = models.DateField()
    deadline = models.DateField()  # lists are taken until the end of this day (Japan time)
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    run_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # After the run: the lists' names (participants' slugs, in order), the capture table as
    # [[pattern, count], ...], the estimate's figures and the reports. Counts only, never a record.
    lists = models.JSONField(default=list, blank=True)
    capture = models.JSONField(default=list, blank=True)
    figures = models.JSONField(null=True, blank=True)
    report_ja = models.TextField(blank=True)
    report_en = models.TextField(blank=True)
    problem = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def takes_lists(self) -> bool:
        return self.status == RoundStatus.OPEN and timezone.localdate() <= self.deadline

    @property
    def deadline_passed(self) -> bool:
        return timezone.localdate() > self.deadline


class Participation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="participations")
    # The encodings and their line numbers, sealed to the coordinating organisation's public key.
    sealed_encodings = models.BinaryField(null=True, blank=True)
    records = models.PositiveIntegerField(null=True, blank=True)
    schema = models.CharField(max_length=80, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when retention deleted a list sent but never run; the list then counts as not sent.
    expired_at = models.DateTimeField(null=True, blank=True)
    # After the run: pairs of this list's own line numbers that may be one person, sealed to this organisation.
    sealed_duplicates = models.BinaryField(null=True, blank=True)
    duplicate_pairs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_participation_per_round")]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.round_id}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None
