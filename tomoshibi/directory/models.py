"""The support directory: one row per service, keyed by the stable id of the shared CSV."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import referral
from tomoshibi.directory.csvformat import parse_list
from tomoshibi.directory.vocabulary import KIND_LABELS, PREFECTURES, STATUS_LABELS


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def speaking(self, language: str):
        """Services whose ';'-separated languages include this code."""
        return self.filter(languages__regex=rf"(^|;){language}(;|$)")

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

    def as_engine_service(self) -> referral.Service:
        return referral.Service(
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
        )
