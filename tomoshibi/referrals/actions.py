"""State changes of referrals. Each validates, saves and records its audit events in one transaction.

Events go to the sending organisation's log, and, from the moment the person agrees, to
the receiving organisation's log too: before consent nothing leaves the sender, not even
the fact that a referral was thought of.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tomoshibi.audit.events import PERSON, SYSTEM, record_event
from tomoshibi.audit.models import Action
from tomoshibi.consultations import channels
from tomoshibi.consultations.actions import do_start_referred_conversation
from tomoshibi.vault import crypto

from .models import Kind, Referral, ReferralEvent, Status


class ReferralRefused(Exception):
    """The referral cannot change this way any more (answered, expired, or the target left)."""


def consent_days() -> int:
    return int(getattr(settings, "REFERRAL_CONSENT_DAYS", 14))


def answer_days() -> int:
    return int(getattr(settings, "REFERRAL_ANSWER_DAYS", 3))


# What a proposal that ended without consent must no longer hold (none of it exists for a web proposal).
WITHDRAWN_FROM_RECEIVER = {"shared_for_receiver": None, "sealed_channel_address": None}


def record_for_both(referral: Referral, action: str, *, actor=None, actor_name=SYSTEM, new=None) -> None:
    for organisation in {referral.from_organisation, referral.to_organisation} - {None}:
        record_event(action, actor=actor, actor_name=actor_name, organisation=organisation, target=referral, new=new)


def record_for_sender(referral: Referral, action: str, *, actor=None, actor_name=SYSTEM, new=None) -> None:
    record_event(
        action, actor=actor, actor_name=actor_name, organisation=referral.from_organisation, target=referral, new=new
    )


def new_referral(conversation, service, *, kind: str, reason: str, acting_user) -> Referral:
    target = service.organisations.exclude(pk=conversation.organisation_id).first()
    return Referral(
        kind=kind,
        reason=reason,
        from_organisation=conversation.organisation,
        from_conversation=conversation,
        service=service,
        service_name_ja=service.name_ja,
        service_name_en=service.name_en,
        to_organisation=target,
        person_public_key=conversation.person_public_key,
        language=conversation.language,
        proposed_by=acting_user,
    )


def do_propose_referral(conversation, *, service, reason: str, summary: str, acting_user) -> Referral:
    """A proposal the person must accept before anything is shared; it ends after REFERRAL_CONSENT_DAYS."""
    referral = new_referral(conversation, service, kind=Kind.SHARE, reason=reason, acting_user=acting_user)
    if referral.to_organisation is None:
        raise ReferralRefused("only an organisation on the platform can receive a summary")
    referral.status = Status.PROPOSED
    referral.expires_at = timezone.now() + timedelta(days=consent_days())
    referral.summary_for_sender = crypto.seal(bytes(conversation.organisation.public_key), summary)
    referral.summary_for_person = crypto.seal(bytes(conversation.person_public_key), summary)
    with transaction.atomic():
        referral.save()
        record_for_sender(referral, ReferralEvent.PROPOSED, actor=acting_user, new=target_values(referral))
    return referral


def do_propose_on_channel(conversation, *, service, reason: str, summary: str, acting_user, private_key: bytes):
    """A proposal to a person on another channel (LINE), in the counsellor's session.

    The person reads the summary in their chat and answers with a button, and that answer
    reaches a worker that holds no key: so what would be shared (the summary, and the person's
    address on the channel) is sealed to the receiver now, with the sender's key, and held back
    by the referral's status; it is erased if the person says no or the proposal ends.
    """
    referral = new_referral(conversation, service, kind=Kind.SHARE, reason=reason, acting_user=acting_user)
    if referral.to_organisation is None:
        raise ReferralRefused("only an organisation on the platform can receive a summary")
    receiver_key = bytes(referral.to_organisation.public_key)
    referral.status = Status.PROPOSED
    referral.expires_at = timezone.now() + timedelta(days=consent_days())
    referral.summary_for_sender = crypto.seal(bytes(conversation.organisation.public_key), summary)
    referral.shared_for_receiver = crypto.seal(receiver_key, json.dumps({"summary": summary, "messages": []}))
    referral.sealed_channel_address = channels.sealed_address(
        conversation, private_key=private_key, public_key=receiver_key
    )
    with transaction.atomic():
        referral.save()
        record_for_sender(referral, ReferralEvent.PROPOSED, actor=acting_user, new=target_values(referral))
    return referral


def do_give_contact(conversation, *, service, reason: str, acting_user) -> Referral:
    """The service's contact, shown to the person at once; nothing about them is shared."""
    referral = new_referral(conversation, service, kind=Kind.CONTACT, reason=reason, acting_user=acting_user)
    referral.status = Status.CONTACT_GIVEN
    with transaction.atomic():
        referral.save()
        record_for_sender(referral, ReferralEvent.CONTACT_GIVEN, actor=acting_user, new=target_values(referral))
    return referral


def target_values(referral: Referral) -> dict:
    target = referral.to_organisation.slug if referral.to_organisation else None
    return {"service": referral.service_id, "organisation": target, "reason": referral.reason}


def locked_proposal(referral: Referral) -> Referral:
    """The proposal re-read under a row lock, refused unless it still waits for the person."""
    current = Referral.objects.select_for_update(of=("self",)).select_related("to_organisation").get(pk=referral.pk)
    if not current.is_open_proposal or current.to_organisation is None:
        raise ReferralRefused("this proposal is no longer open")
    return current


def do_consent_to_referral(referral: Referral, *, person_private_key: bytes, chosen_messages=()) -> Referral:
    """The person agrees: the summary and the messages they chose are sealed to the receiver.

    Runs in the person's own request, the only place their key exists: it opens the summary
    sealed to them and seals it again, with the chosen messages, to the receiving organisation.
    """
    with transaction.atomic():
        referral = locked_proposal(referral)
        summary = crypto.unseal_text(person_private_key, bytes(referral.summary_for_person))
        shared = {"summary": summary, "messages": [shared_message(m, person_private_key) for m in chosen_messages]}
        referral.shared_for_receiver = crypto.seal(bytes(referral.to_organisation.public_key), json.dumps(shared))
        referral.shared_messages = len(shared["messages"])
        referral.status, referral.consented_at = Status.CONSENTED, timezone.now()
        referral.save(update_fields=["shared_for_receiver", "shared_messages", "status", "consented_at"])
        record_for_both(referral, ReferralEvent.CONSENTED, actor_name=PERSON)
        record_for_both(referral, ReferralEvent.SHARED, actor_name=PERSON, new={"messages": referral.shared_messages})
    return referral


def do_consent_on_channel(referral: Referral) -> Referral:
    """The person pressed *yes* on their channel: what was sealed to the receiver at the proposal is released."""
    with transaction.atomic():
        referral = locked_proposal(referral)
        if referral.shared_for_receiver is None:
            raise ReferralRefused("this proposal was not made on a channel")
        referral.status, referral.consented_at = Status.CONSENTED, timezone.now()
        referral.save(update_fields=["status", "consented_at"])
        record_for_both(referral, ReferralEvent.CONSENTED, actor_name=PERSON)
        record_for_both(referral, ReferralEvent.SHARED, actor_name=PERSON, new={"messages": 0})
    return referral


def shared_message(message, person_private_key: bytes) -> dict:
    text = crypto.unseal_text(person_private_key, bytes(message.sealed_for_person))
    return {"from_person": message.from_person, "at": message.created_at.isoformat(), "text": text}


def do_refuse_referral(referral: Referral) -> Referral:
    """The person says no: nothing was shared, and the receiver never learns of it."""
    with transaction.atomic():
        referral = locked_proposal(referral)
        referral.status, referral.answered_at = Status.REFUSED, timezone.now()
        for name, value in WITHDRAWN_FROM_RECEIVER.items():
            setattr(referral, name, value)
        referral.save(update_fields=["status", "answered_at", *WITHDRAWN_FROM_RECEIVER])
        record_for_sender(referral, ReferralEvent.REFUSED, actor_name=PERSON)
    return referral


def read_shared(referral: Referral, private_key: bytes) -> dict:
    return json.loads(crypto.unseal_text(private_key, bytes(referral.shared_for_receiver)))


def do_open_referral(referral: Referral, *, organisation, acting_user) -> None:
    """Record that a member decrypted the summary: the receiver what was shared, the sender its own copy."""
    with transaction.atomic():
        record_event(ReferralEvent.OPENED, actor=acting_user, organisation=organisation, target=referral)


def locked_for_answer(referral: Referral) -> Referral:
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status != Status.CONSENTED:
        raise ReferralRefused("this referral has already been answered")
    return current


def do_accept_referral(referral: Referral, *, acting_user) -> Referral:
    """The receiver takes the person on: a conversation opens that the person's receipt reads."""
    with transaction.atomic():
        referral = locked_for_answer(referral)
        if referral.from_conversation is None:
            raise ReferralRefused("the person's first conversation no longer exists")
        referral.to_conversation = do_start_referred_conversation(
            referral.from_conversation, referral.to_organisation, acting_user=acting_user
        )
        if referral.sealed_channel_address is not None:  # the person goes on in their chat on the channel
            sealed, referral.sealed_channel_address = bytes(referral.sealed_channel_address), None
            channels.hand_over(referral.from_conversation, referral.to_conversation, sealed=sealed)
        referral.status, referral.answered_at, referral.answered_by = Status.ACCEPTED, timezone.now(), acting_user
        fields = ["to_conversation", "status", "answered_at", "answered_by", "sealed_channel_address"]
        referral.save(update_fields=fields)
        record_for_both(referral, ReferralEvent.ACCEPTED, actor=acting_user)
    return referral


def do_decline_referral(referral: Referral, *, reason: str, acting_user) -> Referral:
    """The receiver cannot take the person on; the sender sees why and can try another service."""
    with transaction.atomic():
        referral = locked_for_answer(referral)
        referral.status, referral.decline_reason = Status.DECLINED, reason
        referral.answered_at, referral.answered_by = timezone.now(), acting_user
        referral.sealed_channel_address = None  # it will not write to the person
        fields = ["status", "decline_reason", "answered_at", "answered_by", "sealed_channel_address"]
        referral.save(update_fields=fields)
        record_for_both(referral, ReferralEvent.DECLINED, actor=acting_user, new={"reason": reason})
    return referral


def do_expire_proposals(now=None) -> int:
    """Proposals past their end: marked expired, one audit event each in the sender's log.

    Each is expired by a conditional UPDATE (still proposed, still past its end), which takes
    the row lock the person's consent takes too: a consent that got there first leaves it
    untouched, and a consent that comes after finds it expired. Never both.
    """
    now = now or timezone.now()
    count = 0
    due = Referral.objects.filter(status=Status.PROPOSED, expires_at__lte=now)
    for referral in due.select_related("from_organisation"):
        with transaction.atomic():
            if not due.filter(pk=referral.pk).update(status=Status.EXPIRED, **WITHDRAWN_FROM_RECEIVER):
                continue  # the person answered between the list and now
            record_for_sender(referral, ReferralEvent.EXPIRED)
        count += 1
    return count


def unanswered(now):
    cutoff = now - timedelta(days=answer_days())
    return Referral.objects.filter(status=Status.CONSENTED, consented_at__lte=cutoff, reminded_at__isnull=True)


def do_mark_reminded(referral: Referral, now) -> None:
    with transaction.atomic():
        referral.reminded_at = now
        referral.save(update_fields=["reminded_at"])
        record_for_both(referral, ReferralEvent.REMINDED, new={"days": answer_days()})


def do_delete_orphaned_referrals() -> int:
    """Delete referrals whose conversations are all gone (deleted, or past retention), with their sealed texts.

    A referral outlives the first conversation while the receiver's conversation exists: the
    receiver may still need what the person agreed to share. Each deletion is recorded in the
    sender's log (and the receiver's, if it saw the referral).
    """
    count = 0
    for referral in Referral.objects.filter(from_conversation__isnull=True, to_conversation__isnull=True):
        with transaction.atomic():
            seen_by_receiver = referral.consented_at is not None
            record = record_for_both if seen_by_receiver else record_for_sender
            record(referral, Action.RETENTION_DELETED)
            referral.delete()
        count += 1
    return count
