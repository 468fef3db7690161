"""Referrals: a counsellor passes a person on to another service, with the person's consent.

What would be shared is sealed from the start: the counsellor's summary to the
sending organisation and to the person (so the person reads what would leave),
and, only once the person agrees, to the receiving organisation. Nothing here
holds text in clear; the person's answers are never copied.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tomoshibi.consultations.models import ServiceProvided
from tomoshibi.core.variants import page_language


class Kind(models.TextChoices):
    SHARE = "share", _("Pass on, with the person's consent")
    CONTACT = "contact", _("Give the contact only, sharing nothing")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the person's consent")
    REFUSED = "refused", _("The person said no")
    EXPIRED = "expired", _("Expired without an answer")
    CONSENTED = "consented", _("Waiting for the receiving organisation")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined by the receiving organisation")
    CONTACT_GIVEN = "contact_given", _("Contact given")


# What a referral is for: the services a case can receive, plus safety.
class Reason(models.TextChoices):
    SAFETY = "safety", _("Safety")
    SHELTER = ServiceProvided.SHELTER.value, ServiceProvided.SHELTER.label
    LEGAL = ServiceProvided.LEGAL.value, ServiceProvided.LEGAL.label
    MEDICAL = ServiceProvided.MEDICAL.value, ServiceProvided.MEDICAL.label
    REPATRIATION = ServiceProvided.REPATRIATION.value, ServiceProvided.REPATRIATION.label
    VISA = ServiceProvided.VISA.value, ServiceProvided.VISA.label
    PSYCHOLOGICAL = ServiceProvided.PSYCHOLOGICAL.value, ServiceProvided.PSYCHOLOGICAL.label
    FINANCIAL = ServiceProvided.FINANCIAL.value, ServiceProvided.FINANCIAL.label


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No place or capacity now")
    NOT_OUR_SERVICE = "not_our_service", _("Not a service we provide")
    OUTSIDE_AREA = "outside_area", _("Outside the area we serve")
    LANGUAGE = "language", _("We cannot answer in the person's language")
    OTHER = "other", _("Another reason: please call us")


class ReferralEvent(models.TextChoices):
    PROPOSED = "referral.proposed", _("Referral proposed to the person")
    CONTACT_GIVEN = "referral.contact_given", _("Contact of another service given")
    CONSENTED = "referral.consented", _("The person agreed to a referral")
    REFUSED = "referral.refused", _("The person said no to a referral")
    SHARED = "referral.shared", _("Referral summary shared with the receiving organisation")
    EXPIRED = "referral.expired", _("Referral proposal expired")
    OPENED = "referral.opened", _("Referral summary read")
    ACCEPTED = "referral.accepted", _("Referral accepted")
    DECLINED = "referral.declined", _("Referral declined")
    REMINDED = "referral.reminded", _("Reminder sent: referral not yet answered")


class ReferralQuerySet(models.QuerySet):
    def involving(self, organisation):
        return self.filter(models.Q(from_organisation=organisation) | models.Q(to_organisation=organisation))

    def incoming(self, organisation):
        """What the receiving organisation sees: only referrals the person agreed to."""
        shown = [Status.CONSENTED, Status.ACCEPTED, Status.DECLINED]
        return self.filter(to_organisation=organisation, kind=Kind.SHARE, status__in=shown)


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="referrals_made"
    )
    from_conversation = models.ForeignKey(
        "consultations.Conversation", null=True, on_delete=models.SET_NULL, related_name="referrals_made"
    )
    # The target as chosen in the directory; an organisation on the platform when it has one.
    service = models.ForeignKey("directory.Service", null=True, on_delete=models.SET_NULL, related_name="+")
    service_name_ja = models.CharField(max_length=300)
    service_name_en = models.CharField(max_length=300)
    to_organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_received"
    )
    to_conversation = models.ForeignKey(
        "consultations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="referred_in"
    )
    # The person's public key and the language of their conversation (shown to them, and
    # given to the receiving organisation on consent so it answers in the right language).
    person_public_key = models.BinaryField(max_length=32)
    language = models.CharField(max_length=10)
    # The counsellor's summary, sealed to the sending organisation and to the person.
    summary_for_sender = models.BinaryField(null=True)
    summary_for_person = models.BinaryField(null=True)
    # On consent: the summary and any messages the person chose, sealed to the receiver only.
    shared_for_receiver = models.BinaryField(null=True)
    shared_messages = models.PositiveIntegerField(default=0)
    # A person on another channel (LINE): their address there, sealed to the receiver, for it to
    # write in the same chat once it accepts. Proposed with the summary, erased if no consent.
    sealed_channel_address = models.BinaryField(null=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["to_organisation", "status"]), models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]

    @property
    def target_name(self) -> str:
        """The receiving organisation's name on the platform, else the directory name in the page's language."""
        if self.to_organisation is not None:
            return self.to_organisation.name
        return self.service_name_ja if page_language() == "ja" else self.service_name_en

    @property
    def is_open_proposal(self) -> bool:
        return self.status == Status.PROPOSED and (self.expires_at is None or self.expires_at > timezone.now())
