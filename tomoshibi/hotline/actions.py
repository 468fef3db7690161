"""State changes of the hotline. Each records its audit event in its own transaction.

Addresses, descriptions, contacts and analysts' notes are sealed to the hotline
organisation's public key here, before anything is written; only their hashes
and codes reach the database and the audit trail in clear.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from tomoshibi.audit.events import PERSON, SYSTEM, record_event
from tomoshibi.audit.models import Action
from tomoshibi.vault import crypto

from .intake import Address
from .models import (
    ACTIONABLE_DECISIONS,
    FORWARDABLE_STATUSES,
    Decision,
    HotlineDesk,
    HotlineEvent,
    KnownHash,
    PartnerKey,
    Report,
    ReportedUrl,
    ReportStep,
    Source,
    Status,
    StepKind,
    priority_for,
)
from .receipts import issue_receipt

# Hashes are compared in batches small enough for any database's parameter limit.
BATCH = 500


class ReportStateError(Exception):
    """The report is not in a state that allows this step (someone else moved it first)."""


@dataclass(frozen=True)
class Submission:
    addresses: list[Address]
    category: str
    seen_on: str
    language: str
    description: str = ""
    about_me: bool = False
    contact: str = ""

    @property
    def hashes(self) -> list[str]:
        return [address.url_hash for address in self.addresses]


def sealed_or_none(public_key: bytes, text: str) -> bytes | None:
    return crypto.seal(public_key, text) if text else None


def seal_note(report: Report, **values: str) -> bytes:
    return crypto.seal(bytes(report.desk.organisation.public_key), json.dumps(values, ensure_ascii=False))


def audit(event: HotlineEvent, report: Report, *, acting_user=None, actor_name: str = SYSTEM, **values) -> None:
    record_event(
        event,
        actor=acting_user,
        actor_name=actor_name,
        organisation=report.desk.organisation,
        target=report,
        new=values or None,
    )


def add_step(report: Report, kind: StepKind, *, acting_user=None, language: str = "", note: bytes | None = None):
    return ReportStep.objects.create(report=report, kind=kind, actor=acting_user, language=language, sealed_note=note)


# --- Receiving -------------------------------------------------------------------


def do_submit_report(desk: HotlineDesk, submission: Submission, *, partner: PartnerKey | None = None):
    """Store a report with its sealed addresses; returns it and its receipt (shown once, never stored)."""
    new = issue_receipt()  # the slow derivation runs before the write transaction
    public_key = bytes(desk.organisation.public_key)
    sealed_urls = [crypto.seal(public_key, address.typed) for address in submission.addresses]
    with transaction.atomic():
        known = KnownHash.objects.filter(desk=desk, url_hash__in=submission.hashes).exists()
        report = Report.objects.create(
            desk=desk,
            source=Source.PARTNER if partner else Source.PUBLIC,
            partner=partner,
            locator=new.locator,
            receipt_params=new.params.to_bytes(),
            receipt_check=new.keys.check,
            language=submission.language,
            category=submission.category,
            seen_on=submission.seen_on,
            about_me=submission.about_me,
            sealed_description=sealed_or_none(public_key, submission.description),
            sealed_contact=sealed_or_none(public_key, submission.contact),
            url_count=len(submission.addresses),
            matches_known_list=known,
            duplicate_of=earliest_report_with(desk, submission.hashes),
            priority=priority_for(submission.category, known),
        )
        ReportedUrl.objects.bulk_create(
            ReportedUrl(report=report, position=position, url_hash=address.url_hash, sealed_url=sealed)
            for position, (address, sealed) in enumerate(zip(submission.addresses, sealed_urls, strict=True))
        )
        audit(
            HotlineEvent.REPORT_RECEIVED,
            report,
            actor_name=f"partner:{partner.pk}" if partner else PERSON,
            category=report.category,
            urls=report.url_count,
            known_list=known,
            duplicate=report.duplicate_of_id is not None,
        )
    return report, new.receipt


def earliest_report_with(desk: HotlineDesk, hashes: list[str]) -> Report | None:
    """The first report of this desk that gave any of these addresses: this one duplicates it."""
    earlier = ReportedUrl.objects.filter(report__desk=desk, url_hash__in=hashes).order_by("report__created_at")
    first = earlier.select_related("report").first()
    return first.report if first else None


# --- Claiming ----------------------------------------------------------------------


def do_claim_next_report(desk: HotlineDesk, *, acting_user) -> Report | None:
    """Claim the first waiting report for this analyst; None when the queue is empty.

    On PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so analysts
    claiming at once each get a different report without waiting for one another.
    Elsewhere (SQLite) the claim is a conditional UPDATE that only succeeds on a report
    still waiting; SQLite's IMMEDIATE transactions also serialise the writers.
    """
    with transaction.atomic():
        while (candidate := next_waiting_id(desk)) is not None:
            if claim_if_waiting(candidate, acting_user):
                report = Report.objects.select_related("desk__organisation").get(pk=candidate)
                record_claim(report, acting_user)
                return report
    return None


def next_waiting_id(desk: HotlineDesk):
    waiting = Report.objects.of_desk(desk).waiting()
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True)
    return waiting.values_list("pk", flat=True).first()


def claim_if_waiting(report_id, acting_user) -> bool:
    claimed = Report.objects.filter(pk=report_id, status=Status.RECEIVED, claimed_by__isnull=True).update(
        status=Status.ASSESSING, claimed_by=acting_user, claimed_at=timezone.now()
    )
    return claimed == 1


def record_claim(report: Report, acting_user) -> None:
    add_step(report, StepKind.CLAIMED, acting_user=acting_user)
    audit(HotlineEvent.REPORT_CLAIMED, report, acting_user=acting_user, priority=report.priority)


def do_claim_report(report: Report, *, acting_user) -> bool:
    """Claim this report if it is still waiting; False if another analyst has it."""
    with transaction.atomic():
        if not claim_if_waiting(report.pk, acting_user):
            return False
        report.refresh_from_db(fields=["status", "claimed_by", "claimed_at"])
        record_claim(report, acting_user)
    return True


def locked(report: Report, *allowed: Status) -> Report:
    """The report re-read under a row lock, if its status is one of `allowed`."""
    fresh = Report.objects.select_for_update().select_related("desk__organisation").get(pk=report.pk)
    if fresh.status not in allowed:
        raise ReportStateError(fresh.status)
    return fresh


def do_release_report(report: Report, *, acting_user) -> Report:
    with transaction.atomic():
        report = locked(report, Status.ASSESSING)
        report.status, report.claimed_by, report.claimed_at = Status.RECEIVED, None, None
        report.save(update_fields=["status", "claimed_by", "claimed_at"])
        add_step(report, StepKind.RELEASED, acting_user=acting_user)
        audit(HotlineEvent.REPORT_RELEASED, report, acting_user=acting_user)
    return report


def do_open_report(report: Report, *, acting_user, letter: int | None = None) -> None:
    """Record that a staff member decrypted this report (to read it, or in a letter).

    Called before anything decrypted is sent: the report page (also when it comes back
    with a form's errors) and the notice letter. The police export records its own
    opening in do_forward_to_police.
    """
    with transaction.atomic():
        values = {"letter": letter} if letter is not None else {}
        audit(HotlineEvent.REPORT_OPENED, report, acting_user=acting_user, **values)


# --- Assessing and acting ----------------------------------------------------------


def do_assess_report(report: Report, *, decision: str, legal_basis: Iterable[str], acting_user) -> Report:
    """Record the decision; reports that need no action are closed by it."""
    with transaction.atomic():
        report = locked(report, Status.ASSESSING, Status.ASSESSED)
        old = {"decision": report.decision, "legal_basis": list(report.legal_basis)}
        now = timezone.now()
        report.decision, report.legal_basis = decision, sorted(set(legal_basis))
        report.assessed_at = report.assessed_at or now
        actionable = decision in ACTIONABLE_DECISIONS
        report.status = Status.ASSESSED if actionable else Status.CLOSED
        report.closed_at = None if actionable else now
        report.save(update_fields=["decision", "legal_basis", "assessed_at", "status", "closed_at"])
        add_step(report, StepKind.ASSESSED, acting_user=acting_user)
        record_event(
            HotlineEvent.REPORT_ASSESSED,
            actor=acting_user,
            organisation=report.desk.organisation,
            target=report,
            old=old,
            new={"decision": decision, "legal_basis": list(report.legal_basis)},
        )
    return report


def mark_forwarded(report: Report, kind: StepKind, *, acting_user, language: str = "", note: bytes | None = None):
    """Forwarding of any kind: the report is then followed up until the content is gone."""
    now = timezone.now()
    report.status = Status.FORWARDED
    report.forwarded_at = report.forwarded_at or now
    report.next_check_at = report.next_check_at or now + timedelta(days=report.desk.check_interval_days)
    report.save(update_fields=["status", "forwarded_at", "next_check_at"])
    return add_step(report, kind, acting_user=acting_user, language=language, note=note)


def do_forward_to_police(reports: Iterable[Report], *, acting_user) -> list[Report]:
    """Mark reports as forwarded to the police, and record their opening for the export file.

    The caller decrypts the addresses into the file only after this commits, so every
    report in a file has both events, and a refused forwarding opens nothing.
    """
    forwarded = []
    with transaction.atomic():
        for report in reports:
            report = locked(report, *FORWARDABLE_STATUSES)
            if report.decision != Decision.ILLEGAL:
                raise ReportStateError(report.decision)
            mark_forwarded(report, StepKind.FORWARDED_TO_POLICE, acting_user=acting_user)
            audit(HotlineEvent.REPORT_FORWARDED_TO_POLICE, report, acting_user=acting_user)
            audit(HotlineEvent.REPORT_OPENED, report, acting_user=acting_user, export="police")
            forwarded.append(report)
    return forwarded


def do_send_notice(report: Report, *, recipient: str, language: str, acting_user) -> ReportStep:
    """Record a notice to the hosting provider or site; its letter is rendered from this step."""
    with transaction.atomic():
        report = locked(report, *FORWARDABLE_STATUSES)
        step = mark_forwarded(
            report,
            StepKind.NOTICE_SENT,
            acting_user=acting_user,
            language=language,
            note=seal_note(report, recipient=recipient),
        )
        audit(HotlineEvent.REPORT_NOTICE_SENT, report, acting_user=acting_user, language=language, step=step.pk)
    return step


def do_forward_to_hotline(report: Report, *, hotline: str, reference: str, acting_user) -> ReportStep:
    with transaction.atomic():
        report = locked(report, *FORWARDABLE_STATUSES)
        note = seal_note(report, hotline=hotline, reference=reference)
        step = mark_forwarded(report, StepKind.FORWARDED_TO_HOTLINE, acting_user=acting_user, note=note)
        audit(HotlineEvent.REPORT_FORWARDED_TO_HOTLINE, report, acting_user=acting_user, step=step.pk)
    return step


# --- Following up ------------------------------------------------------------------


def do_mark_checks_due(now=None) -> int:
    """Flag forwarded reports whose follow-up check has come (run by the worker)."""
    now = now or timezone.now()
    due = Report.objects.filter(status=Status.FORWARDED, next_check_at__lte=now, check_due_since__isnull=True)
    flagged = 0
    for report in due.select_related("desk__organisation"):
        with transaction.atomic():
            if Report.objects.filter(pk=report.pk, check_due_since__isnull=True).update(check_due_since=now):
                add_step(report, StepKind.CHECK_DUE)
                audit(HotlineEvent.REPORT_CHECK_DUE, report)
                flagged += 1
    return flagged


def do_record_still_online(report: Report, *, acting_user) -> Report:
    """The analyst looked (not the server): still online, so check again after the interval."""
    with transaction.atomic():
        report = locked(report, Status.FORWARDED)
        report.check_due_since = None
        report.next_check_at = timezone.now() + timedelta(days=report.desk.check_interval_days)
        report.save(update_fields=["check_due_since", "next_check_at"])
        add_step(report, StepKind.STILL_ONLINE, acting_user=acting_user)
        audit(HotlineEvent.REPORT_STILL_ONLINE, report, acting_user=acting_user)
    return report


def finish(report: Report, status: Status) -> None:
    now = timezone.now()
    report.status, report.closed_at = status, now
    report.removed_at = now if status == Status.REMOVED else report.removed_at
    report.next_check_at, report.check_due_since = None, None
    report.save(update_fields=["status", "closed_at", "removed_at", "next_check_at", "check_due_since"])


def do_confirm_removal(report: Report, *, acting_user) -> Report:
    with transaction.atomic():
        report = locked(report, *FORWARDABLE_STATUSES)
        finish(report, Status.REMOVED)
        add_step(report, StepKind.REMOVAL_CONFIRMED, acting_user=acting_user)
        audit(HotlineEvent.REPORT_REMOVAL_CONFIRMED, report, acting_user=acting_user)
    return report


def do_close_report(report: Report, *, acting_user) -> Report:
    """Close without confirmed removal (e.g. the site answers no more and the police have it)."""
    with transaction.atomic():
        report = locked(report, *FORWARDABLE_STATUSES)
        finish(report, Status.CLOSED)
        add_step(report, StepKind.CLOSED, acting_user=acting_user)
        audit(HotlineEvent.REPORT_CLOSED, report, acting_user=acting_user, decision=report.decision)
    return report


def do_delete_expired_reports(now=None) -> int:
    """Delete finished reports older than their organisation's retention period."""
    now = now or timezone.now()
    deleted = 0
    for desk in HotlineDesk.objects.select_related("organisation"):
        cutoff = now - timedelta(days=desk.organisation.retention_days)
        for report in Report.objects.filter(
            desk=desk, status__in=(Status.REMOVED, Status.CLOSED), closed_at__lt=cutoff
        ):
            with transaction.atomic():
                record_event(Action.RETENTION_DELETED, organisation=desk.organisation, target=report)
                report.delete()
                deleted += 1
    return deleted


# --- Desk set-up, lists and partners -------------------------------------------------


def do_create_desk(organisation, *, contact_email: str = "", accepts_public_reports: bool = True, acting_user=None):
    with transaction.atomic():
        desk = HotlineDesk.objects.create(
            organisation=organisation, contact_email=contact_email, accepts_public_reports=accepts_public_reports
        )
        record_event(
            HotlineEvent.DESK_CREATED,
            actor=acting_user,
            organisation=organisation,
            target=desk,
            new={"accepts_public_reports": accepts_public_reports},
        )
    return desk


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_known: int
    reports_raised: int


def batches(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def do_import_known_hashes(desk: HotlineDesk, hashes: Iterable[str], *, list_name: str, acting_user=None):
    """Add hashes to the desk's known list and raise the priority of open reports that match."""
    unique = sorted(set(hashes))
    with transaction.atomic():
        known = set()
        for batch in batches(unique):
            known |= set(KnownHash.objects.filter(desk=desk, url_hash__in=batch).values_list("url_hash", flat=True))
        new = [KnownHash(desk=desk, url_hash=value, list_name=list_name) for value in unique if value not in known]
        KnownHash.objects.bulk_create(new, batch_size=BATCH)
        raised = sum(raise_matching_reports(desk, batch) for batch in batches(unique))
        record_event(
            HotlineEvent.HASHES_IMPORTED,
            actor=acting_user,
            organisation=desk.organisation,
            target=desk,
            new={"list": list_name, "added": len(new), "reports_raised": raised},
        )
    return ImportResult(added=len(new), already_known=len(known), reports_raised=raised)


def raise_matching_reports(desk: HotlineDesk, hashes: list[str]) -> int:
    matching = Report.objects.filter(
        desk=desk, status__in=(Status.RECEIVED, Status.ASSESSING), matches_known_list=False, urls__url_hash__in=hashes
    ).distinct()
    raised = 0
    for report in matching.select_related("desk__organisation"):
        report.matches_known_list = True
        report.priority = priority_for(report.category, True)
        report.save(update_fields=["matches_known_list", "priority"])
        audit(HotlineEvent.REPORT_MATCHED_KNOWN_LIST, report, priority=report.priority)
        raised += 1
    return raised


def do_create_partner_key(desk: HotlineDesk, *, name: str, acting_user=None) -> tuple[PartnerKey, str]:
    """A key for a trusted partner's reports; the secret is returned once and only its hash kept."""
    secret = crypto.new_token_secret()
    with transaction.atomic():
        key = PartnerKey.objects.create(desk=desk, name=name, lookup=crypto.token_lookup(secret))
        record_event(HotlineEvent.PARTNER_KEY_CREATED, actor=acting_user, organisation=desk.organisation, target=key)
    return key, secret


def do_revoke_partner_key(key: PartnerKey, *, acting_user=None) -> None:
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record_event(
            HotlineEvent.PARTNER_KEY_REVOKED, actor=acting_user, organisation=key.desk.organisation, target=key
        )


def do_note_partner_use(key: PartnerKey) -> None:
    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
