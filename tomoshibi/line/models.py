"""A support organisation's LINE Official Account, the people who write to it, and their events.

Nothing here tells a database copy who wrote or what: the channel's secret and token
are encrypted under the server-held key (never in the database), a LINE user id exists
only sealed to the organisation beside a keyed hash that finds it, and an event waiting
for the worker is encrypted under the server-held key and emptied once handled.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Purposes of the server-held keys (tomoshibi.vault.keys.server_held_key): names, not secrets.
SECRET_PURPOSE = "line-channel-secret"  # noqa: S105
TOKEN_PURPOSE = "line-access-token"  # noqa: S105
EVENT_PURPOSE = "line-pending-event"
REPLY_TOKEN_PURPOSE = "line-reply-token"  # noqa: S105
USER_HASH_PURPOSE = "line-user-locator"
MESSAGE_HASH_PURPOSE = "line-message-locator"


class LineAction(models.TextChoices):
    CONNECTED = "line.connected", _("LINE account connected")
    DISCONNECTED = "line.disconnected", _("LINE account disconnected")
    MENU_INSTALLED = "line.menu_installed", _("LINE menu installed")
    FOLLOWED = "line.followed", _("Person added the LINE account")
    BLOCKED = "line.blocked", _("Person blocked the LINE account")
    UNSENT = "line.unsent", _("Person unsent a LINE message")
    ATTACHMENT_OPENED = "line.attachment_opened", _("LINE attachment opened")
    RESENT = "line.resent", _("Reply sent again on LINE")
    LANGUAGE_SET = "line.language_set", _("LINE conversation language set")
    HANDED_OVER = "line.handed_over", _("Another organisation writes in this LINE chat, as the person agreed")


class LineChannel(models.Model):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.CASCADE, related_name="line_channel")
    secret_ciphertext = models.BinaryField()
    token_ciphertext = models.BinaryField()
    # Rich menu ids by language code, as `setup-menu` created them (not secret).
    rich_menus = models.JSONField(default=dict, blank=True)
    # Requests refused for a missing or wrong signature: counted, nothing else kept.
    bad_signatures = models.PositiveIntegerField(default=0)
    connected_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"LINE of {self.organisation}"


class LineContact(models.Model):
    """A LINE user who wrote to the organisation: found by a keyed hash, named only sealed."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="line_contacts")
    # HMAC of the organisation and the user id under a server-held key: finds, never reveals.
    user_hash = models.CharField(max_length=64)
    # The user id sealed to the organisation: opened only by a counsellor's session to reply.
    sealed_user_id = models.BinaryField()
    # The current conversation; deleting it (retention, a lead) deletes the contact too.
    conversation = models.ForeignKey(
        "consultations.Conversation", on_delete=models.CASCADE, related_name="line_contacts"
    )
    language = models.CharField(max_length=10, default="ja")
    language_chosen = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False)
    greeted = models.BooleanField(default=False)
    # The latest unused reply token (free to use, valid about a minute), under a server-held key.
    reply_token_ciphertext = models.BinaryField(null=True, blank=True)
    reply_token_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user_hash"], name="one_line_contact_per_user")]

    def __str__(self) -> str:
        return f"LINE contact {self.pk}"


class LineRelay(models.Model):
    """Another organisation's conversation with a contact, in the contact's own chat.

    A LINE user id exists only for one provider's channels, so an organisation the person was
    passed on to (a referral they agreed to on LINE) cannot reach them through its own account:
    it writes through the account they already talk to, and hears what they write there. Its
    copy of the user id is sealed to its own key; deleting either side ends the relay.
    """

    contact = models.ForeignKey(LineContact, on_delete=models.CASCADE, related_name="relays")
    conversation = models.OneToOneField(
        "consultations.Conversation", on_delete=models.CASCADE, related_name="line_relay"
    )
    sealed_user_id = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"LINE relay {self.pk}"


class LineEvent(models.Model):
    """One webhook event: its id makes redeliveries harmless; its body waits encrypted for the worker."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    webhook_event_id = models.CharField(max_length=64)
    body_ciphertext = models.BinaryField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "webhook_event_id"], name="one_line_event_per_id")
        ]
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.webhook_event_id


class LineUnsent(models.Model):
    """A message the person unsent before it arrived here: it is dropped when it comes.

    Only the keyed hash of LINE's message id is kept (as for LineMessage), with the
    contact who unsent it, and only as long as event ids are kept.
    """

    contact = models.ForeignKey(LineContact, on_delete=models.CASCADE, related_name="unsent")
    line_id_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["contact", "line_id_hash"], name="line_unsent_lookup")]

    def __str__(self) -> str:
        return f"unsent {self.pk}"


class Kind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    FILE = "file", _("File")
    STICKER = "sticker", _("Sticker")
    OTHER = "other", _("Something LINE cannot pass on")
    REPLY = "reply", _("Reply")


class Delivery(models.TextChoices):
    RECEIVED = "received", _("Received")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")


class Failure(models.TextChoices):
    BLOCKED = "blocked", _("The person blocked the account")
    QUOTA = "quota", _("The account's monthly message limit is reached")
    DISCONNECTED = "disconnected", _("The LINE account is not connected")
    REFUSED = "refused", _("LINE refused the message")
    UNREACHABLE = "unreachable", _("LINE could not be reached")


class LineMessage(models.Model):
    """What LINE adds to a consultation message: its kind, attachment and delivery."""

    message = models.OneToOneField("consultations.Message", on_delete=models.CASCADE, related_name="line")
    # Keyed hash of LINE's message id, to find the message when the person unsends it.
    line_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100, blank=True)
    # The attachment sealed to the organisation; empty when too large or unavailable.
    sealed_content = models.BinaryField(null=True, blank=True)
    content_size = models.PositiveIntegerField(default=0)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.RECEIVED)
    failure = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id}"
