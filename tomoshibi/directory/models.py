"""The support directory: one row per service, keyed by the stable id of the shared CSV."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import reach, referral_engine
from tomoshibi.directory.csvformat import parse_list
from tomoshibi.directory.vocabulary import CONTACT_CHANNEL_LABELS, KIND_LABELS, PREFECTURES, STATUS_LABELS


class DirectoryEvent(models.TextChoices):
    """The directory's audit actions (registered with the audit app in apps.py)."""

    IMPORTED = "directory.imported", _("Support directory imported")
    SERVICE_CORRECTED = "directory.service_corrected", _("Directory entry corrected")
    CONTACT_CORRECTED = "directory.contact_corrected", _("Directory contact corrected")


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def speaking(self, language: str):
        """Services whose ';'-separated languages include this code; a site code is read as the directory's
        ('zh-hant' and 'zh-hans' as 'zh', 'pt-br' as 'pt')."""
        code = referral_engine.normalise_language(language)
        return self.filter(languages__regex=rf"(^|;){code}(;|$)")

    def serving(self, group: str):
        return self.filter(serves__regex=rf"(^|;){group}(;|$)")


class Service(models.Model):
    id = models.SlugField(_("identifier"), primary_key=True, max_length=80)
    name_ja = models.CharField(_("name in Japanese"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=list(KIND_LABELS.items()))
    prefecture_code = models.CharField(
        _("prefecture"), max_length=2, blank=True, choices=list(PREFECTURES.items()), help_text=_("Empty: national.")
    )
    phone = models.CharField(_("phone"), max_length=200, blank=True)
    hours = models.TextField(_("hours"), blank=True)
    is_24h = models.BooleanField(_("open 24 hours"), null=True, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("ISO 639-1 codes, ';'-separated.")
    )
    channels = models.CharField(_("channels"), max_length=100, blank=True, help_text=_("';'-separated."))
    serves = models.CharField(_("serves"), max_length=200, blank=True, help_text=_("';'-separated."))
    status = models.CharField(_("status"), max_length=10, choices=list(STATUS_LABELS.items()), default="active")
    source_url = models.URLField(_("source"), max_length=1000)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position in the directory file"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("support service")
        verbose_name_plural = _("support services")

    def __str__(self):
        return f"{self.name_ja} ({self.id})"

    @property
    def language_list(self) -> tuple[str, ...]:
        return parse_list(self.languages)

    @property
    def channel_list(self) -> tuple[str, ...]:
        return parse_list(self.channels)

    @property
    def serves_list(self) -> tuple[str, ...]:
        return parse_list(self.serves)

    def as_engine_service(self) -> referral_engine.Service:
        """The engine's view; contacts are read from `self.contacts` (prefetch them for many services)."""
        return referral_engine.Service(
            id=self.id,
            name_ja=self.name_ja,
            name_en=self.name_en,
            kind=self.kind,
            prefecture=self.prefecture_code or None,
            phone=self.phone,
            hours_text=self.hours,
            is_24h=self.is_24h,
            languages=frozenset(self.language_list),
            channels=frozenset(self.channel_list),
            serves=frozenset(self.serves_list),
            status=self.status,
            contacts=tuple(contact.as_engine_contact() for contact in self.contacts.all()),
        )


class Contact(models.Model):
    """One way to reach a service: a phone line, a LINE account, a form or chat, an address, each with its
    own languages, hours (the structured grammar of docs/referral.md), source and last-checked date."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("service"))
    channel = models.CharField(_("channel"), max_length=10, choices=list(CONTACT_CHANNEL_LABELS.items()))
    value = models.CharField(
        _("number, address or link"),
        max_length=500,
        help_text=_("Phone: as dialled (#8891, 0120-279-889). LINE: https://line.me/… Web, chat: https://…"),
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("ISO 639-1 codes, ';'-separated.")
    )
    hours = models.CharField(
        _("hours"),
        max_length=300,
        blank=True,
        help_text=_("Empty: unknown. 24h, or for example: mon-fri 09:00-17:00; holidays closed; closed 12-29..01-03"),
    )
    notes_en = models.CharField(_("notes in English"), max_length=300, blank=True)
    notes_ja = models.CharField(_("notes in Japanese"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=1000)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position in the contacts file"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.service_id}: {self.channel} {self.value}"

    @property
    def language_list(self) -> tuple[str, ...]:
        return parse_list(self.languages)

    def as_engine_contact(self) -> reach.Contact:
        return reach.Contact(
            channel=self.channel,
            value=self.value,
            languages=frozenset(self.language_list),
            hours_text=self.hours,
            notes_en=self.notes_en,
            notes_ja=self.notes_ja,
            source_url=self.source_url,
            last_checked=self.last_checked,
        )
