"""State changes of estimation rounds. Each validates, saves and records its audit events in one transaction.

Events go to the coordinating organisation's log and to the log of each organisation the change
concerns: a list sent or withdrawn to its sender's, the round's opening, run and closing to every
participant's.
"""

import json

from django.db import transaction
from django.utils import timezone

from tomoshibi.audit.events import record_event
from tomoshibi.vault import crypto

from .encodings import EncodedList, opened_list
from .linking import Estimated, Linked, OpenedList, link_lists
from .models import Participation, Round, RoundEvent, RoundStatus


class RoundRefused(Exception):
    """The round cannot change this way now (past its deadline, already run, not enough lists)."""


def record_for(round_, action, organisations, *, actor=None, new=None) -> None:
    for organisation in {round_.coordinating_organisation, *organisations}:
        record_event(action, actor=actor, organisation=organisation, target=round_, new=new)


def do_open_round(coordinating_organisation, *, participants, acting_user, **fields) -> Round:
    """Open a round; the coordinating organisation is never one of its participants (its key opens every list,
    so a list of its own would be linked by the one who can also read all the others)."""
    if any(organisation.pk == coordinating_organisation.pk for organisation in participants):
        raise RoundRefused("the coordinating organisation cannot send a list to its own round")
    with transaction.atomic():
        round_ = Round.objects.create(
            coordinating_organisation=coordinating_organisation, opened_by=acting_user, **fields
        )
        Participation.objects.bulk_create(
            Participation(round=round_, organisation=organisation) for organisation in participants
        )
        new = {"participants": [organisation.slug for organisation in participants], "deadline": str(round_.deadline)}
        record_for(round_, RoundEvent.OPENED, participants, actor=acting_user, new=new)
    return round_


def locked_participation(participation) -> Participation:
    """The participation again, its round locked, so a list cannot arrive while the round runs."""
    Round.objects.select_for_update().filter(pk=participation.round_id).first()
    return Participation.objects.select_related("round__coordinating_organisation", "organisation").get(
        pk=participation.pk
    )


def do_submit_list(participation, encoded: EncodedList, *, acting_user) -> Participation:
    """Seal the encodings to the coordinating organisation at once; a second list replaces the first."""
    with transaction.atomic():
        participation = locked_participation(participation)
        round_ = participation.round
        if not round_.takes_lists:
            raise RoundRefused("the round takes no more lists")
        replaced = participation.submitted
        participation.sealed_encodings = crypto.seal(
            bytes(round_.coordinating_organisation.public_key), encoded.sealable()
        )
        participation.records, participation.schema = encoded.records, encoded.schema
        participation.submitted_at, participation.submitted_by = timezone.now(), acting_user
        participation.expired_at = None
        fields = ["sealed_encodings", "records", "schema", "submitted_at", "submitted_by", "expired_at"]
        participation.save(update_fields=fields)
        new = {"organisation": participation.organisation.slug, "records": encoded.records, "replaced": replaced}
        record_for(round_, RoundEvent.SUBMITTED, [participation.organisation], actor=acting_user, new=new)
    return participation


WITHDRAWN = {"sealed_encodings": None, "records": None, "schema": "", "submitted_at": None, "submitted_by": None}


def do_extend_deadline(round_, deadline, *, acting_user) -> None:
    """A later deadline for an open round: lists can again be sent or replaced (for instance, re-encoded
    with this version when lists of two encoding versions keep the round from running)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("coordinating_organisation").get(pk=round_.pk)
        if round_.status != RoundStatus.OPEN or deadline <= round_.deadline or deadline < timezone.localdate():
            raise RoundRefused("only an open round's deadline can move, and only later")
        old = round_.deadline
        round_.deadline = deadline
        round_.save(update_fields=["deadline"])
        participants = [participation.organisation for participation in round_.participations.all()]
        new = {"deadline": str(deadline), "previous": str(old)}
        record_for(round_, RoundEvent.EXTENDED, participants, actor=acting_user, new=new)


def do_withdraw_list(participation, *, acting_user) -> None:
    with transaction.atomic():
        participation = locked_participation(participation)
        round_ = participation.round
        if not round_.takes_lists or not participation.submitted:
            raise RoundRefused("nothing to withdraw now")
        for name, value in WITHDRAWN.items():
            setattr(participation, name, value)
        participation.save(update_fields=list(WITHDRAWN))
        new = {"organisation": participation.organisation.slug}
        record_for(round_, RoundEvent.WITHDRAWN, [participation.organisation], actor=acting_user, new=new)


def may_run(round_, participations) -> bool:
    """Two lists at least, all of one schema, and either every participant has sent one or the deadline has passed."""
    sent = [participation for participation in participations if participation.submitted]
    everyone = len(sent) == len(participations)
    enough = len(sent) >= 2 and not schemas_differ(sent)
    return round_.status == RoundStatus.OPEN and enough and (everyone or round_.deadline_passed)


def schemas_differ(participations) -> bool:
    """Lists sent before and after an upgrade that changed the encoding cannot be linked together."""
    return len({participation.schema for participation in participations if participation.submitted}) > 1


def do_run_round(round_, *, private_key: bytes, acting_user) -> Round:
    """Open the lists with the coordinating organisation's key, link them in memory, keep only the capture
    table and each list's own possible duplicates (sealed to that organisation), and delete the encodings.
    The estimate follows in the background (tasks.estimate_round), from the table alone."""
    from .tasks import estimate_round

    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("coordinating_organisation").get(pk=round_.pk)
        participations = list(round_.participations.select_related("organisation"))
        if not may_run(round_, participations):
            raise RoundRefused("the round cannot run now")
        sent = [participation for participation in participations if participation.submitted]
        linked = link_lists([opened(participation, private_key) for participation in sent])
        keep_linkage(round_, sent, linked)
        new = {"lists": len(sent), "people": sum(count for _pattern, count in linked.capture)}
        record_for(round_, RoundEvent.RUN, [p.organisation for p in participations], actor=acting_user, new=new)
        transaction.on_commit(lambda: estimate_round.enqueue(str(round_.pk)))
    return round_


def opened(participation, private_key: bytes) -> OpenedList:
    lines, clks = opened_list(crypto.unseal(private_key, bytes(participation.sealed_encodings)))
    return OpenedList(participation.organisation.slug, lines, clks)


def keep_linkage(round_, sent, linked: Linked) -> None:
    for participation, pairs in zip(sent, linked.duplicates, strict=True):
        participation.sealed_encodings = None
        participation.duplicate_pairs = len(pairs)
        participation.sealed_duplicates = crypto.seal(
            bytes(participation.organisation.public_key), json.dumps([list(pair) for pair in pairs])
        )
        participation.save(update_fields=["sealed_encodings", "duplicate_pairs", "sealed_duplicates"])
    round_.lists = list(linked.lists)
    round_.capture = [[list(pattern), count] for pattern, count in linked.capture]
    round_.status, round_.run_at = RoundStatus.ESTIMATING, timezone.now()
    round_.save(update_fields=["lists", "capture", "status", "run_at"])


def do_keep_estimate(round_, estimated: Estimated) -> None:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("coordinating_organisation").get(pk=round_.pk)
        if round_.status != RoundStatus.ESTIMATING:
            return
        round_.figures, round_.problem = estimated.figures, estimated.problem[:500]
        round_.report_ja, round_.report_en = estimated.reports.get("ja", ""), estimated.reports.get("en", "")
        round_.status = RoundStatus.ESTIMATED
        round_.save(update_fields=["figures", "problem", "report_ja", "report_en", "status"])
        record_for(round_, RoundEvent.ESTIMATED, [], new={"estimated": not estimated.problem})


def do_close_round(round_, *, acting_user) -> None:
    """Publish: participants and the public stats page now see the figures, small cells hidden."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("coordinating_organisation").get(pk=round_.pk)
        if round_.status != RoundStatus.ESTIMATED:
            raise RoundRefused("only an estimated round can be closed")
        round_.status, round_.closed_at = RoundStatus.CLOSED, timezone.now()
        round_.save(update_fields=["status", "closed_at"])
        participants = [participation.organisation for participation in round_.participations.all()]
        record_for(round_, RoundEvent.CLOSED, participants, actor=acting_user)


def do_delete_stale_lists(round_) -> int:
    """Lists of a round never run are deleted once its deadline is long past (retention). They then count
    as not sent, so the round cannot run on what is gone; the round is locked as the run locks it."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("coordinating_organisation").get(pk=round_.pk)
        if round_.status != RoundStatus.OPEN:
            return 0
        stale = list(round_.participations.filter(submitted_at__isnull=False).select_related("organisation"))
        for participation in stale:
            for name, value in {**WITHDRAWN, "expired_at": timezone.now()}.items():
                setattr(participation, name, value)
            participation.save(update_fields=[*WITHDRAWN, "expired_at"])
        if stale:
            organisations = [participation.organisation for participation in stale]
            record_for(round_, RoundEvent.EXPIRED, organisations, new={"lists": len(stale)})
    return len(stale)


def do_read_report(round_, language: str, *, acting_user) -> str:
    """The round's full report (every cell, the model, the sensitivity): a read recorded in the coordinator's log."""
    with transaction.atomic():
        record_for(round_, RoundEvent.REPORT_READ, [], actor=acting_user, new={"language": language})
    return {"ja": round_.report_ja, "en": round_.report_en}.get(language, "")


def do_read_own_duplicates(participation, private_key: bytes, *, acting_user) -> list:
    """A list's own possible duplicates (line numbers), unsealed with its organisation's key: a recorded read."""
    with transaction.atomic():
        record_event(
            RoundEvent.DUPLICATES_READ,
            actor=acting_user,
            organisation=participation.organisation,
            target=participation.round,
        )
    return json.loads(crypto.unseal(private_key, bytes(participation.sealed_duplicates)))
