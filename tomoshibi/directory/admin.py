from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tomoshibi.directory import reach
from tomoshibi.directory.actions import do_correct_contact, do_correct_service, do_remove_contact
from tomoshibi.directory.forms import ServiceAdminForm
from tomoshibi.directory.models import Contact, Service


class ContactAdminForm(forms.ModelForm):
    """One way to reach a service: the value must work for its channel and the hours must follow the grammar."""

    class Meta:
        model = Contact
        fields = ["channel", "value", "languages", "hours", "notes_en", "notes_ja", "source_url", "position"]

    def clean(self):
        data = super().clean()
        try:
            reach.check_value(data.get("channel") or "", data.get("value") or "")
        except reach.ContactError:
            self.add_error("value", _("This does not work for the channel: %(rule)s.") % {"rule": rule_for(data)})
        try:
            reach.check_hours(data.get("hours") or "")
        except reach.ContactError as error:
            self.add_error("hours", _("Hours not understood: %(error)s") % {"error": error})
        return data


def rule_for(data) -> str:
    return reach.VALUE_RULES.get(data.get("channel") or "", "")


class ContactInline(admin.TabularInline):
    model = Contact
    form = ContactAdminForm
    extra = 0
    readonly_fields = ("last_checked",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """Directory maintainers correct entries and their contacts here; each save is dated and audited."""

    form = ServiceAdminForm
    inlines = [ContactInline]
    list_display = ("id", "name_ja", "kind", "prefecture_code", "status", "last_checked")
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
        do_correct_service(obj, list(form.changed_data), acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)  # sorts the rows into new, changed and deleted; each is saved by its action
        for contact in formset.deleted_objects:
            do_remove_contact(contact, acting_user=request.user)
        for contact, changed in formset.changed_objects:
            do_correct_contact(contact, list(changed), acting_user=request.user)
        for contact in formset.new_objects:
            do_correct_contact(contact, ["created"], acting_user=request.user)
