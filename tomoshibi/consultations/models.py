"""Anonymous conversations, their sealed messages, and cases.

No column holds what a person or counsellor wrote in clear: message and note
bodies are libsodium sealed boxes. The receipt exists only as an Argon2id
check value and a keyed locator of its first digits (see docs/vault.md).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import codes

MAX_MESSAGE_LENGTH = 5000
WEB_CHANNEL = "web"


def choices_from_codes(name: str, codes: tuple[str, ...], labels: dict) -> type[models.TextChoices]:
    """Choices whose values are the shared vocabulary's codes (tomoshibi.directory.codes), with this
    app's labels: a code added there without a label here fails at start-up, never silently."""
    if set(codes) != set(labels):
        raise ImproperlyConfigured(f"{name}: labels {sorted(labels)} do not match the vocabulary's codes {list(codes)}")
    return models.TextChoices(name, [(code.upper(), (code, labels[code])) for code in codes])


AgeGroup = choices_from_codes(
    "AgeGroup", codes.AGES, {"minor": _("Under 18"), "adult": _("18 or older"), "unknown": _("Age not said")}
)
Danger = choices_from_codes(
    "Danger",
    codes.DANGERS,
    {"yes": _("In danger now"), "no": _("Not in danger now"), "unsure": _("Not sure about danger")},
)
Situation = choices_from_codes(
    "Situation",
    codes.SITUATIONS,
    {
        "sexual_violence": _("Sexual violence"),
        "forced_sex_work": _("Forced into selling sex"),
        "debt": _("Debt used to control"),
        "documents_taken": _("Passport or documents taken"),
        "image_abuse": _("Intimate images shared or threatened"),
        "coerced_pornography": _("Pressured into pornography"),
        "labour_exploitation": _("Forced labour, cannot leave work"),
        "visa_worry": _("Worried about visa or residence"),
        "domestic_violence": _("Violence at home"),
        "other": _("Something else"),
    },
)


class Tag(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    FOLLOW_UP = "follow_up", _("Follow up")
    INTERPRETER = "interpreter", _("Interpreter needed")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_RELEVANT = "not_relevant", _("Not for us")


class Need(models.TextChoices):
    SAFETY = "safety", _("Safety")
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    IMMIGRATION = "immigration", _("Immigration status")
    FINANCIAL = "financial", _("Financial")
    PSYCHOLOGICAL = "psychological", _("Psychological")


class ServiceProvided(models.TextChoices):
    """Services a case received (GBVIMS's service types, as organisations in Japan provide them)."""

    SHELTER = "shelter", _("Shelter")
    LEGAL = "legal", _("Legal")
    MEDICAL = "medical", _("Medical")
    REPATRIATION = "repatriation", _("Return home")
    VISA = "visa", _("Visa and residence")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    FINANCIAL = "financial", _("Financial")


class Outcome(models.TextChoices):
    NEEDS_MET = "needs_met", _("Needs met")
    PARTLY_MET = "partly_met", _("Needs partly met")
    CONTINUED_ELSEWHERE = "continued_elsewhere", _("Continued by another organisation")
    NOT_MET = "not_met", _("Needs not met")
    NOT_KNOWN = "not_known", _("Outcome not known")


class ClosureReason(models.TextChoices):
    SERVICES_COMPLETED = "services_completed", _("Services completed")
    PERSON_ASKED = "person_asked", _("The person asked to stop")
    REFERRED = "referred", _("Referred to another organisation")
    CONTACT_LOST = "contact_lost", _("Contact lost")
    LEFT_JAPAN = "left_japan", _("The person left Japan")
    OTHER = "other", _("Another reason")


class ConversationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class ConsultationEvent(models.TextChoices):
    """What the audit trail records of conversations and cases (registered in apps.py)."""

    CONVERSATION_STARTED = "conversation.started", _("Consultation started")
    CONVERSATION_OPENED = "conversation.opened", _("Consultation opened")
    CONVERSATION_READ_BY_API = "conversation.read_by_api", _("Consultation read through the API")
    CONVERSATION_MESSAGE_ADDED = "conversation.message_added", _("Person wrote a message")
    CONVERSATION_REPLIED = "conversation.replied", _("Reply sent")
    CONVERSATION_ASSIGNED = "conversation.assigned", _("Consultation assigned")
    CONVERSATION_TAGGED = "conversation.tagged", _("Tags changed")
    CONVERSATION_CLOSED = "conversation.closed", _("Consultation closed")
    CONVERSATION_REOPENED = "conversation.reopened", _("Consultation reopened")
    CONVERSATION_DELETED = "conversation.deleted", _("Consultation deleted")
    CASE_CREATED = "case.created", _("Case opened")
    CASE_OPENED = "case.viewed", _("Case viewed")
    CASE_UPDATED = "case.updated", _("Case updated")
    CASE_NOTE_ADDED = "case.note_added", _("Case note added")


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Conversations of the organisations the user is a member of (any role)."""
        return self.filter(organisation__memberships__user=user)


class Conversation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="conversations")
    # HMAC of the receipt's first digits under a server key: finds, never proves.
    locator = models.CharField(max_length=64, db_index=True)
    # Argon2id salt and cost, and the check value it gives for the right receipt.
    receipt_params = models.BinaryField()
    receipt_check = models.BinaryField(max_length=32)
    person_public_key = models.BinaryField(max_length=32)
    # Structured answers from the help flow; never free text.
    language = models.CharField(max_length=10)
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    danger = models.CharField(max_length=10, choices=Danger.choices, default=Danger.UNSURE)
    situations = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=ConversationStatus.choices, default=ConversationStatus.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unread = models.BooleanField(default=False)
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # "web", or the name of another channel (consultations/channels.py) the person writes through.
    # Such a conversation has no receipt and no person key: the person reads on that channel.
    channel = models.CharField(max_length=20, default=WEB_CHANNEL)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]

    def get_situations_display(self) -> list[str]:
        labels = dict(Situation.choices)
        return [labels[value] for value in self.situations if value in labels]

    def get_tags_display(self) -> list[str]:
        labels = dict(Tag.choices)
        return [labels[value] for value in self.tags if value in labels]

    def same_person(self) -> ConversationQuerySet:
        """Every conversation this person's receipt opens: this one and those opened by referrals.

        A referral opens the receiving organisation's conversation with the same receipt
        record and the same person key, so one receipt reads them all.
        """
        if not self.locator:  # another channel's conversation (LINE) has no receipt: only itself
            return Conversation.objects.filter(pk=self.pk)
        return Conversation.objects.filter(locator=self.locator, person_public_key=self.person_public_key)

    @property
    def channel_label(self) -> str:
        """The mark the inbox shows for a conversation from another channel ("" for the web)."""
        from .channels import label_for

        return label_for(self.channel)


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    from_person = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The same text sealed twice: to the organisation and to the person (empty on a
    # channel without a person key, where the person reads on that channel).
    sealed_for_organisation = models.BinaryField()
    sealed_for_person = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation__memberships__user=user)


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="case")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="cases")
    needs = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    services = models.JSONField(default=list, blank=True)
    # Set when the case is closed (GBVIMS: outcome and reason for closure).
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]

    def get_needs_display(self) -> list[str]:
        labels = dict(Need.choices)
        return [labels[value] for value in self.needs if value in labels]

    def get_services_display(self) -> list[str]:
        labels = dict(ServiceProvided.choices)
        return [labels[value] for value in self.services if value in labels]


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Sealed to the organisation only: the person never sees case notes.
    sealed_for_organisation = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk}"
