"""State changes for conversations and cases. Each records its audit event in its transaction.

Texts are sealed here, before anything is written: the organisation's public
key and the person's public key are all that writing needs, so a person can
write without any private key on the server.
"""

from django.db import transaction
from django.utils import timezone

from tomoshibi.audit.events import PERSON, record_event
from tomoshibi.vault import crypto

from .models import Case, CaseNote, CaseStatus, ConsultationEvent, Conversation, ConversationStatus, Message
from .receipts import issue_receipt
from .tasks import announce_new_consultation


def sealed_message(conversation: Conversation, body: str, **fields) -> Message:
    person_key = bytes(conversation.person_public_key)
    return Message(
        conversation=conversation,
        sealed_for_organisation=crypto.seal(bytes(conversation.organisation.public_key), body),
        # A conversation on another channel has no person key: the person reads there.
        sealed_for_person=crypto.seal(person_key, body) if person_key else b"",
        **fields,
    )


def do_start_conversation(organisation, *, body: str, language: str, age_group: str, danger: str, situations):
    """A new conversation (and its first message, if any); returns it, its receipt and the person's key."""
    new = issue_receipt()
    flags = {"language": language, "age_group": age_group, "danger": danger, "situations": list(situations)}
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation,
            locator=new.locator,
            receipt_params=new.params.to_bytes(),
            receipt_check=new.keys.check,
            person_public_key=new.keys.key_pair.public_key,
            unread=True,
            waiting_since=now,
            created_at=now,
            **flags,
        )
        if body:
            sealed_message(conversation, body, from_person=True, created_at=now).save()
        record_event(
            ConsultationEvent.CONVERSATION_STARTED,
            actor_name=PERSON,
            organisation=organisation,
            target=conversation,
            # Only the fact: the person's answers would outlive the conversation in the trail.
            new={"with_message": bool(body)},
        )
        transaction.on_commit(lambda: announce_new_consultation.enqueue(organisation.pk))
    return conversation, new.receipt, new.keys.key_pair.private_key


def do_start_referred_conversation(source: Conversation, organisation, *, acting_user) -> Conversation:
    """A conversation with the same person at another organisation, opened by the same receipt.

    It copies the receipt's locator, parameters and check value and the person's public key
    (none of them a secret), so the receipt the person already keeps opens it, and the channel
    (a LINE chat goes on as one chat), and nothing else of the first conversation.
    """
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation,
            channel=source.channel,  # on LINE, the person goes on in the same chat (line.md)
            locator=source.locator,
            receipt_params=source.receipt_params,
            receipt_check=source.receipt_check,
            person_public_key=source.person_public_key,
            language=source.language,
            assigned_to=acting_user,
        )
        record_event(
            ConsultationEvent.CONVERSATION_STARTED,
            actor=acting_user,
            organisation=organisation,
            target=conversation,
            new={"by_referral": True},
        )
    return conversation


def do_start_channel_conversation(organisation, *, channel: str, language: str) -> Conversation:
    """A conversation begun on another channel (LINE): no receipt, no person key, no first message."""
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation,
            channel=channel,
            locator="",  # never the locator of a receipt: no receipt opens it
            receipt_params=b"",
            receipt_check=b"",
            person_public_key=b"",
            language=language,
            created_at=now,
        )
        record_event(
            ConsultationEvent.CONVERSATION_STARTED,
            actor_name=PERSON,
            organisation=organisation,
            target=conversation,
            new={"channel": channel},
        )
        transaction.on_commit(lambda: announce_new_consultation.enqueue(organisation.pk))
    return conversation


def do_add_person_message(conversation: Conversation, *, body: str) -> Message:
    now = timezone.now()
    with transaction.atomic():
        message = sealed_message(conversation, body, from_person=True, created_at=now)
        message.save()
        conversation.unread = True
        conversation.waiting_since = conversation.waiting_since or now
        conversation.save(update_fields=["unread", "waiting_since"])
        record_event(
            ConsultationEvent.CONVERSATION_MESSAGE_ADDED,
            actor_name=PERSON,
            organisation=conversation.organisation,
            target=conversation,
            new={"message": message.pk},
        )
    return message


def do_open_conversation(conversation: Conversation, *, acting_user, via_api: bool = False) -> None:
    """Record that a staff member decrypted this conversation, and mark it read."""
    with transaction.atomic():
        if conversation.unread:
            conversation.unread = False
            conversation.save(update_fields=["unread"])
        action = ConsultationEvent.CONVERSATION_READ_BY_API if via_api else ConsultationEvent.CONVERSATION_OPENED
        record_event(action, actor=acting_user, organisation=conversation.organisation, target=conversation)


def do_reply(conversation: Conversation, *, body: str, acting_user) -> Message:
    """A reply sealed to the person (to read with their receipt) and to the organisation."""
    with transaction.atomic():
        message = sealed_message(conversation, body, from_person=False, author=acting_user)
        message.save()
        conversation.waiting_since = None
        conversation.save(update_fields=["waiting_since"])
        record_event(
            ConsultationEvent.CONVERSATION_REPLIED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
            new={"message": message.pk},
        )
    return message


def user_label(user) -> str | None:
    return user.get_username() if user is not None else None


def do_assign_conversation(conversation: Conversation, *, assignee, acting_user) -> None:
    with transaction.atomic():
        old = user_label(conversation.assigned_to)
        conversation.assigned_to = assignee
        conversation.save(update_fields=["assigned_to"])
        record_event(
            ConsultationEvent.CONVERSATION_ASSIGNED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
            old={"assigned_to": old},
            new={"assigned_to": user_label(assignee)},
        )


def do_tag_conversation(conversation: Conversation, *, tags, acting_user) -> None:
    with transaction.atomic():
        old = list(conversation.tags)
        conversation.tags = list(tags)
        conversation.save(update_fields=["tags"])
        record_event(
            ConsultationEvent.CONVERSATION_TAGGED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
            old={"tags": old},
            new={"tags": list(tags)},
        )


def do_close_conversation(conversation: Conversation, *, acting_user) -> None:
    with transaction.atomic():
        conversation.status, conversation.closed_at = ConversationStatus.CLOSED, timezone.now()
        conversation.save(update_fields=["status", "closed_at"])
        record_event(
            ConsultationEvent.CONVERSATION_CLOSED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
        )


def do_reopen_conversation(conversation: Conversation, *, acting_user) -> None:
    with transaction.atomic():
        conversation.status, conversation.closed_at = ConversationStatus.OPEN, None
        conversation.save(update_fields=["status", "closed_at"])
        record_event(
            ConsultationEvent.CONVERSATION_REOPENED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
        )


def do_delete_conversation(conversation: Conversation, *, acting_user) -> None:
    """Delete the conversation, its messages and its case; the audit trail keeps only the fact."""
    with transaction.atomic():
        record_event(
            ConsultationEvent.CONVERSATION_DELETED,
            actor=acting_user,
            organisation=conversation.organisation,
            target=conversation,
            old={"messages": conversation.messages.count()},
        )
        conversation.delete()


def do_create_case(conversation: Conversation, *, acting_user) -> Case:
    with transaction.atomic():
        case, created = Case.objects.get_or_create(
            conversation=conversation,
            defaults={"organisation": conversation.organisation, "assigned_to": conversation.assigned_to},
        )
        if created:
            record_event(
                ConsultationEvent.CASE_CREATED,
                actor=acting_user,
                organisation=case.organisation,
                target=case,
                new={"conversation": str(conversation.pk)},
            )
    return case


def do_open_case(case: Case, *, acting_user) -> None:
    with transaction.atomic():
        record_event(ConsultationEvent.CASE_OPENED, actor=acting_user, organisation=case.organisation, target=case)


def case_values(case: Case) -> dict:
    return {
        "needs": list(case.needs),
        "services": list(case.services),
        "status": case.status,
        "outcome": case.outcome,
        "closure_reason": case.closure_reason,
        "assigned_to": user_label(case.assigned_to),
    }


def do_update_case(
    case: Case,
    *,
    needs,
    status: str,
    assigned_to,
    acting_user,
    services=(),
    outcome: str = "",
    closure_reason: str = "",
) -> None:
    """Save the case; outcome and closure reason belong to a closed case only."""
    with transaction.atomic():
        old = case_values(case)
        case.needs, case.status, case.assigned_to, case.services = list(needs), status, assigned_to, list(services)
        closing = status == CaseStatus.CLOSED
        case.outcome, case.closure_reason = (outcome, closure_reason) if closing else ("", "")
        case.closed_at = (case.closed_at or timezone.now()) if closing else None
        fields = ["needs", "services", "status", "outcome", "closure_reason", "assigned_to", "closed_at"]
        case.save(update_fields=fields)
        record_event(
            ConsultationEvent.CASE_UPDATED,
            actor=acting_user,
            organisation=case.organisation,
            target=case,
            old=old,
            new=case_values(case),
        )


def do_add_case_note(case: Case, *, body: str, acting_user) -> CaseNote:
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case,
            author=acting_user,
            sealed_for_organisation=crypto.seal(bytes(case.organisation.public_key), body),
        )
        record_event(
            ConsultationEvent.CASE_NOTE_ADDED,
            actor=acting_user,
            organisation=case.organisation,
            target=case,
            new={"note": note.pk},
        )
    return note
