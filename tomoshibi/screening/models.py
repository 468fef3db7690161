"""Anonymous counts, the only thing the screening app stores.

No answer, no person, no organisation name: a screening adds one to (instrument, level, day); a
finished training module adds one to (organisation code hash, module, day).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

LEVEL_CHOICES = [
    ("none_seen", _("No signs seen")),
    ("some_signs", _("Some signs")),
    ("strong_signs", _("Strong signs")),
    ("danger_now", _("Danger now")),
]


class ScreeningCount(models.Model):
    instrument = models.CharField(_("instrument"), max_length=64)
    level = models.CharField(_("level of concern"), max_length=16, choices=LEVEL_CHOICES)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "level", "day"], name="screening_count_unique")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.level} {self.day}: {self.count}"


class TrainingCompletion(models.Model):
    # SHA-256 of the organisation code, or "" when the learner gave none: the code itself is never stored.
    organisation = models.CharField(_("organisation code hash"), max_length=64, blank=True)
    module = models.CharField(_("module"), max_length=64)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "module", "day"], name="training_completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.day}: {self.count}"
