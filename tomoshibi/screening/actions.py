"""State changes of the screening app: adding one to an anonymous count.

No audit event is recorded: an event per screening would itself be a trace of who screened when,
and the counts hold nothing that needs an audit trail.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tomoshibi.screening.models import ScreeningCount, TrainingCompletion
from tomoshibi.screening.scoring import Level


def do_count_screening(instrument_id: str, level: Level, *, acting_user=None) -> None:
    """One more screening of this instrument at this level today (the user is never recorded)."""
    add_one(ScreeningCount, instrument=instrument_id, level=level.slug, day=timezone.localdate())


def do_count_completion(module_id: str, organisation_hash: str, *, acting_user=None) -> None:
    """One more completion of this module today, for this organisation code (or none)."""
    add_one(TrainingCompletion, organisation=organisation_hash, module=module_id, day=timezone.localdate())


def add_one(model, **key) -> None:
    with transaction.atomic():
        row, _created = model.objects.get_or_create(**key)
        # F() adds in the database, so two requests at once both count.
        model.objects.filter(pk=row.pk).update(count=F("count") + 1)
