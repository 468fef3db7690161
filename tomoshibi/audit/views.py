"""The audit log of an organisation, for its admins; CSV export after re-authentication."""

import csv

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from tomoshibi.accounts.access import access_membership, recent_confirmation_required, staff_required
from tomoshibi.accounts.roles import Permission

from .events import record_event
from .models import Action, AuditEvent

PAGE_SIZE = 50
CSV_COLUMNS = ["created_at", "actor_name", "action", "target_type", "target_id", "old_values", "new_values"]


def events_of(organisation):
    return AuditEvent.objects.filter(organisation=organisation)


@staff_required
@require_GET
def log(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.READ_AUDIT_LOG)
    page = Paginator(events_of(membership.organisation), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"membership": membership, "page": page})


@staff_required
@recent_confirmation_required
@require_http_methods(["GET", "POST"])
def export(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.READ_AUDIT_LOG)
    if request.method == "GET":
        return render(request, "audit/export.html", {"membership": membership})
    with transaction.atomic():
        record_event(Action.AUDIT_EXPORTED, actor=request.user, organisation=membership.organisation)
        rows = list(events_of(membership.organisation).values_list(*CSV_COLUMNS))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{membership.organisation.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([value.isoformat() if hasattr(value, "isoformat") else value for value in row])
    return response
