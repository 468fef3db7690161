from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory.actions import mark_checked
from tomoshibi.directory.forms import ServiceAdminForm
from tomoshibi.directory.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """Directory maintainers correct entries here; each save keeps the source and dates the entry as checked."""

    form = ServiceAdminForm
    list_display = ("id", "name_ja", "kind", "prefecture_code", "phone", "status", "last_checked")
    list_filter = ("status", "kind", "prefecture_code")
    search_fields = ("id", "name_ja", "name_en", "phone")
    readonly_fields = ("last_checked", "updated_at")
    fieldsets = (
        (None, {"fields": ("id", "name_ja", "name_en", "kind", "prefecture_code", "status")}),
        (_("Contact details"), {"fields": ("phone", "hours", "is_24h", "channels", "languages", "serves")}),
        (_("Source"), {"fields": ("source_url", "last_checked", "updated_at", "position")}),
    )

    def get_readonly_fields(self, request, obj=None):
        # The id is the stable identifier shared with the CSV and the API: set once, never changed.
        return (*self.readonly_fields, "id") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        mark_checked(obj)
        super().save_model(request, obj, form, change)
