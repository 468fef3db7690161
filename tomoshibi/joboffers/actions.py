"""State changes of the job-offer app: a monitor saves or deletes a case, and opens one (audited)."""

from django.db import transaction

from tomoshibi.audit.events import record_event
from tomoshibi.vault import crypto

from .checker import Check
from .models import JobOfferAction, OfferCase

MAX_NOTE_CHARACTERS = 5_000


def do_save_offer_case(organisation, check: Check, *, note: str, acting_user) -> OfferCase:
    """Keep one checked offer, its words and the monitor's note sealed to the organisation."""
    public_key = bytes(organisation.public_key)
    with transaction.atomic():
        case = OfferCase.objects.create(
            organisation=organisation,
            saved_by=acting_user,
            level=check.level,
            score=check.score,
            sign_ids=[raised.id for raised in check.raised],
            sealed_offer=crypto.seal(public_key, check.text),
            sealed_note=crypto.seal(public_key, note),
        )
        record_event(
            JobOfferAction.CASE_SAVED,
            actor=acting_user,
            organisation=organisation,
            target=case,
            new={"level": case.level},
        )
    return case


def do_record_offer_case_view(case: OfferCase, *, acting_user) -> None:
    record_event(JobOfferAction.CASE_VIEWED, actor=acting_user, organisation=case.organisation, target=case)


def do_delete_offer_case(case: OfferCase, *, acting_user) -> None:
    with transaction.atomic():
        record_event(
            JobOfferAction.CASE_DELETED,
            actor=acting_user,
            organisation=case.organisation,
            target=case,
            old={"level": case.level},
        )
        case.delete()
