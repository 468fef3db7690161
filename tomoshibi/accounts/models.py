"""Organisations, their staff and how each staff member holds the organisation's key.

An organisation's private key never appears here in clear: each membership
keeps it wrapped under the member's password-derived key (`wrapped_key`), or,
until the member next signs in, sealed to the member's personal public key
(`key_grant`). See docs/vault.md.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_RETENTION_DAYS = 3650


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Organisation admin")
    # Reads job offers for signs of deceptive recruitment and keeps the cases it saves; no access to
    # consultations (an NGO's or a labour inspector's monitor).
    MONITOR = "monitor", _("Monitor (job offers)")
    # Opens estimation rounds across organisations and runs them; holds the organisation's key to open the
    # encodings sealed to it, so the coordinating organisation should be one that does no casework.
    COORDINATOR = "coordinator", _("Coordinator (estimation rounds)")


class AccountsEvent(models.TextChoices):
    """What the audit trail records of organisations and their staff (registered in apps.py)."""

    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    ORGANISATION_SETTINGS_CHANGED = "organisation.settings_changed", _("Organisation settings changed")
    STAFF_SIGNED_IN = "staff.signed_in", _("Signed in")
    STAFF_LOCKED_OUT = "staff.locked_out", _("Account locked after failed sign-ins")
    STAFF_PASSWORD_CHANGED = "staff.password_changed", _("Password changed")
    STAFF_INVITED = "staff.invited", _("Staff member invited")
    STAFF_JOINED = "staff.joined", _("Invitation accepted")
    STAFF_REMOVED = "staff.removed", _("Staff member removed")
    STAFF_ROLE_CHANGED = "staff.role_changed", _("Role changed")
    KEY_GRANTED = "key.granted", _("Access to messages given")
    KEY_RECEIVED = "key.received", _("Access to messages received")
    KEY_RECOVERED = "key.recovered", _("Recovery key used")
    TOKEN_CREATED = "token.created", _("API token created")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    KEYS_RENEWED = "staff.keys_renewed", _("Password keys renewed at sign-in (server key or cost changed)")


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    # Its entry in the support directory (the directory CSV's `id`). The column keeps that
    # id; if the entry leaves the directory the organisation stays, unlinked.
    directory_service = models.ForeignKey(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    retention_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)]
    )
    accepts_web_consultations = models.BooleanField(default=True)
    # Language codes the organisation answers in; empty means "any, with an interpreter".
    languages = models.JSONField(default=list, blank=True)
    serves_minors = models.BooleanField(default=True)
    serves_adults = models.BooleanField(default=True)
    public_key = models.BinaryField(max_length=32)
    recovery_wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Referrals to an entry must reach one organisation: two claiming it is refused by the database.
            models.UniqueConstraint(fields=["directory_service"], name="one_organisation_per_directory_entry")
        ]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """What a staff account needs beyond Django's user: its personal keys."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    is_platform_admin = models.BooleanField(default=False)
    # Argon2id salt and cost for the password-derived wrapping key and key pair.
    kdf_params = models.BinaryField()
    public_key = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.user.get_username()


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    wrapped_key = models.BinaryField(null=True, blank=True)
    key_grant = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_organisation")]
        ordering = ["organisation__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @property
    def has_key(self) -> bool:
        return self.wrapped_key is not None

    @property
    def awaits_key(self) -> bool:
        """Without the key and able to receive it: a monitor of job offers never does."""
        return self.wrapped_key is None and self.key_grant is None and self.role != Role.MONITOR


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Only a hash of the link's nonce: the link itself is never stored.
    nonce_hash = models.CharField(max_length=64, unique=True)
    # The TOTP secret shown to the invitee, kept until they confirm it.
    totp_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A bearer token for one member in one organisation; it carries its own key wrap."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    lookup = models.CharField(max_length=64, unique=True)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
