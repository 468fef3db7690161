"""Reports of illegal content online, as a hotline desk receives, assesses and follows them.

No column holds a reported address, a description or a contact in clear: each is
a libsodium sealed box to the hotline organisation's public key. Only the SHA-256
of each address's canonical form (tomoshibi.hotline.canonical.url_hash) is kept in
clear, so that reports of one address are linked and lists of known addresses are
matched without anyone reading an address. The receipt exists only as an Argon2id
check value and a keyed locator of its first digits (see docs/vault.md).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_URLS = 20
MAX_DESCRIPTION_LENGTH = 2000
MAX_CONTACT_LENGTH = 300


class Category(models.TextChoices):
    CHILD_SEXUAL_ABUSE_MATERIAL = "csam", _("Child sexual abuse material")
    CHILD_PROSTITUTION = "child_prostitution", _("Child prostitution")
    HUMAN_TRAFFICKING = "trafficking", _("Human trafficking")
    PROSTITUTION_SOLICITATION = "prostitution_solicitation", _("Prostitution solicitation")
    NON_CONSENSUAL_INTIMATE_IMAGES = "ncii", _("Intimate images shared without consent")
    SEXTORTION = "sextortion", _("Sextortion (threats to share sexual images)")
    COERCED_PORNOGRAPHY = "coerced_pornography", _("Pornography made by force or deception")
    ILLEGAL_RECRUITMENT = "illegal_recruitment", _("Illegal recruitment (such as jobs for crimes)")
    OTHER = "other", _("Something else")


# Reports in these categories come first in the queue: a child may be harmed right now.
CHILD_ABUSE_CATEGORIES = frozenset({Category.CHILD_SEXUAL_ABUSE_MATERIAL, Category.CHILD_PROSTITUTION})


class SeenOn(models.TextChoices):
    WEBSITE = "website", _("A website")
    SOCIAL_NETWORK = "social_network", _("A social network")
    APP = "app", _("An app")
    FORUM = "forum", _("A forum or message board")
    OTHER = "other", _("Somewhere else")


class Source(models.TextChoices):
    PUBLIC = "public", _("Public report form")
    PARTNER = "partner", _("Partner API")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSING = "assessing", _("Being assessed")
    ASSESSED = "assessed", _("Assessed, awaiting action")
    FORWARDED = "forwarded", _("Forwarded")
    REMOVED = "removed", _("Content removed")
    CLOSED = "closed", _("Closed")


class PublicStatus(models.TextChoices):
    """The only status the person who reported sees."""

    RECEIVED = "received", _("Received")
    BEING_ASSESSED = "being_assessed", _("Being assessed")
    FORWARDED = "forwarded", _("Forwarded")
    CONTENT_REMOVED = "content_removed", _("Content removed")
    CLOSED = "closed", _("Closed")


PUBLIC_STATUS = {
    Status.RECEIVED: PublicStatus.RECEIVED,
    Status.ASSESSING: PublicStatus.BEING_ASSESSED,
    Status.ASSESSED: PublicStatus.BEING_ASSESSED,
    Status.FORWARDED: PublicStatus.FORWARDED,
    Status.REMOVED: PublicStatus.CONTENT_REMOVED,
    Status.CLOSED: PublicStatus.CLOSED,
}


# A report is forwarded, followed up and finished from these states.
FORWARDABLE_STATUSES = (Status.ASSESSED, Status.FORWARDED)


class Decision(models.TextChoices):
    ILLEGAL = "illegal", _("Illegal")
    HARMFUL = "harmful", _("Harmful but not clearly illegal")
    NOT_ACTIONABLE = "not_actionable", _("Not actionable")
    DUPLICATE = "duplicate", _("Duplicate of another report")
    UNREACHABLE = "unreachable", _("Content unreachable")


# Decisions after which something is done about the content; the others close the report.
ACTIONABLE_DECISIONS = frozenset({Decision.ILLEGAL, Decision.HARMFUL})


class LegalBasis(models.TextChoices):
    """The Japanese laws a hotline assesses against; docs/hotline.md gives each one's articles."""

    CHILD_PORNOGRAPHY_ACT = (
        "child_prostitution_pornography_act",
        _("Act on Regulation and Punishment of Acts Relating to Child Prostitution and Child Pornography"),
    )
    PROSTITUTION_PREVENTION_ACT = "prostitution_prevention_act", _("Prostitution Prevention Act")
    PENAL_CODE_OBSCENITY = "penal_code_175", _("Penal Code art. 175 (distribution of obscene material)")
    PENAL_CODE_TRAFFICKING = "penal_code_226_2", _("Penal Code arts. 226-2 etc. (trafficking in persons)")
    PRIVATE_SEXUAL_IMAGE_ACT = (
        "private_sexual_image_act",
        _("Act on Prevention of Damage by Provision of Private Sexual Image Records"),
    )
    AV_APPEARANCE_ACT = "av_appearance_act", _("Act on relief for victims of adult video appearance (2022)")
    EMPLOYMENT_SECURITY_ACT = "employment_security_act_63", _("Employment Security Act art. 63")


class StepKind(models.TextChoices):
    CLAIMED = "claimed", _("Claimed for assessment")
    RELEASED = "released", _("Returned to the queue")
    ASSESSED = "assessed", _("Assessed")
    FORWARDED_TO_POLICE = "police", _("Forwarded to the police")
    NOTICE_SENT = "notice", _("Notice sent to the hosting provider or site")
    FORWARDED_TO_HOTLINE = "foreign_hotline", _("Forwarded to a hotline abroad")
    CHECK_DUE = "check_due", _("Follow-up check due")
    STILL_ONLINE = "still_online", _("Checked: still online")
    REMOVAL_CONFIRMED = "removed", _("Removal confirmed")
    CLOSED = "closed", _("Closed")


class LetterLanguage(models.TextChoices):
    JAPANESE = "ja", _("Japanese")
    ENGLISH = "en", _("English")


class HotlineDesk(models.Model):
    """Marks an organisation as a hotline that receives reports, with its desk settings."""

    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="hotline_desk")
    # The public form sends its reports to the oldest desk that takes them.
    accepts_public_reports = models.BooleanField(default=True)
    # Printed on notices to hosting providers as the address to answer.
    contact_email = models.EmailField(blank=True)
    check_interval_days = models.PositiveSmallIntegerField(default=3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.organisation)


class PartnerKey(models.Model):
    """An API key of a trusted partner that files reports to one desk; only its hash is stored."""

    desk = models.ForeignKey(HotlineDesk, on_delete=models.CASCADE, related_name="partner_keys")
    name = models.CharField(max_length=100)
    lookup = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class ReportQuerySet(models.QuerySet):
    def of_desk(self, desk):
        return self.filter(desk=desk)

    def waiting(self):
        """Unclaimed reports in the order analysts take them: priority first, then age."""
        return self.filter(status=Status.RECEIVED, claimed_by__isnull=True).order_by("-priority", "created_at", "id")


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    desk = models.ForeignKey(HotlineDesk, on_delete=models.CASCADE, related_name="reports")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PUBLIC)
    partner = models.ForeignKey(PartnerKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # HMAC of the receipt's first digits under a server key: finds, never proves.
    locator = models.CharField(max_length=64, db_index=True)
    receipt_params = models.BinaryField()
    receipt_check = models.BinaryField(max_length=32)
    language = models.CharField(max_length=10)
    category = models.CharField(max_length=30, choices=Category.choices)
    seen_on = models.CharField(max_length=20, choices=SeenOn.choices)
    about_me = models.BooleanField(default=False)
    sealed_description = models.BinaryField(null=True, blank=True)
    sealed_contact = models.BinaryField(null=True, blank=True)
    url_count = models.PositiveSmallIntegerField()
    matches_known_list = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    priority = models.SmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    legal_basis = models.JSONField(default=list, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    check_due_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["desk", "status", "-priority", "created_at"], name="hotline_report_queue"),
            models.Index(fields=["status", "next_check_at"], name="hotline_report_checks"),
        ]

    def __str__(self) -> str:
        return self.short_id

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]

    @property
    def public_status(self) -> PublicStatus:
        return PUBLIC_STATUS[Status(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.REMOVED, Status.CLOSED)

    def get_legal_basis_display(self) -> list[str]:
        labels = dict(LegalBasis.choices)
        return [labels[code] for code in self.legal_basis if code in labels]


class ReportedUrl(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="urls")
    position = models.PositiveSmallIntegerField()
    url_hash = models.CharField(max_length=64, db_index=True)
    # The address as the person typed it (trimmed), sealed to the organisation.
    sealed_url = models.BinaryField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["report", "url_hash"], name="hotline_url_once_per_report")]

    def __str__(self) -> str:
        return self.url_hash[:12]


class ReportStep(models.Model):
    """One dated step of a report's handling, shown to analysts; free text in it is sealed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # The language of a notice letter.
    language = models.CharField(max_length=10, blank=True)
    # A notice's recipient, a foreign hotline's name and reference.
    sealed_note = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class KnownHash(models.Model):
    """A hash from an imported list of addresses already known to carry illegal content."""

    desk = models.ForeignKey(HotlineDesk, on_delete=models.CASCADE, related_name="known_hashes")
    url_hash = models.CharField(max_length=64)
    list_name = models.CharField(max_length=100)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["desk", "url_hash"], name="hotline_known_hash_once")]

    def __str__(self) -> str:
        return self.url_hash[:12]


class HotlineEvent(models.TextChoices):
    """What the audit trail records of a desk's work (identifiers and codes only, never an address)."""

    DESK_CREATED = "hotline.desk_created", _("Hotline desk set up")
    HASHES_IMPORTED = "hotline.hashes_imported", _("List of known addresses imported")
    PARTNER_KEY_CREATED = "hotline.partner_key_created", _("Partner API key created")
    PARTNER_KEY_REVOKED = "hotline.partner_key_revoked", _("Partner API key revoked")
    REPORT_RECEIVED = "report.received", _("Report received")
    REPORT_MATCHED_KNOWN_LIST = "report.matched_known_list", _("Report matched a list of known addresses")
    REPORT_OPENED = "report.opened", _("Report read")
    REPORT_CLAIMED = "report.claimed", _("Report claimed")
    REPORT_RELEASED = "report.released", _("Report returned to the queue")
    REPORT_ASSESSED = "report.assessed", _("Report assessed")
    REPORT_FORWARDED_TO_POLICE = "report.forwarded_to_police", _("Report forwarded to the police")
    REPORT_NOTICE_SENT = "report.notice_sent", _("Notice sent to the hosting provider or site")
    REPORT_FORWARDED_TO_HOTLINE = "report.forwarded_to_hotline", _("Report forwarded to a hotline abroad")
    REPORT_CHECK_DUE = "report.check_due", _("Follow-up check due")
    REPORT_STILL_ONLINE = "report.still_online", _("Content checked: still online")
    REPORT_REMOVAL_CONFIRMED = "report.removal_confirmed", _("Removal confirmed")
    REPORT_CLOSED = "report.closed", _("Report closed")


PRIORITY_CHILD_ABUSE = 2
PRIORITY_KNOWN_LIST = 2


def priority_for(category: str, matches_known_list: bool) -> int:
    """Child abuse categories and addresses on a known list come first; both together before either."""
    return PRIORITY_CHILD_ABUSE * (category in CHILD_ABUSE_CATEGORIES) + PRIORITY_KNOWN_LIST * matches_known_list
