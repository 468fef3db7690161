from django.urls import path

from .views import figures, public, staff

app_name = "hotline"

urlpatterns = [
    # The public side.
    path("", public.report, name="report"),
    path("status/", public.status, name="status"),
    # The analysts' side.
    path("staff/", staff.desks, name="desks"),
    path("staff/desk/<slug:organisation_slug>/", staff.queue, name="queue"),
    path("staff/desk/<slug:organisation_slug>/claim/", staff.claim_next, name="claim_next"),
    path("staff/desk/<slug:organisation_slug>/police/", staff.police_batch, name="police_batch"),
    path("staff/desk/<slug:organisation_slug>/figures/", figures.figures, name="figures"),
    path(
        "staff/desk/<slug:organisation_slug>/figures/<slug:name>.<str:image_format>",
        figures.chart,
        name="chart",
    ),
    path("staff/reports/<uuid:report_id>/", staff.report_detail, name="report_detail"),
    path("staff/reports/<uuid:report_id>/claim/", staff.claim, name="claim"),
    path("staff/reports/<uuid:report_id>/release/", staff.release, name="release"),
    path("staff/reports/<uuid:report_id>/assess/", staff.assess, name="assess"),
    path("staff/reports/<uuid:report_id>/notice/", staff.notice, name="notice"),
    path("staff/reports/<uuid:report_id>/notice/<int:step_id>.txt", staff.letter, name="letter"),
    path("staff/reports/<uuid:report_id>/hotline/", staff.forward_to_hotline, name="forward_to_hotline"),
    path("staff/reports/<uuid:report_id>/police/", staff.forward_to_police, name="forward_to_police"),
    path("staff/reports/<uuid:report_id>/still-online/", staff.still_online, name="still_online"),
    path("staff/reports/<uuid:report_id>/removed/", staff.confirm_removal, name="confirm_removal"),
    path("staff/reports/<uuid:report_id>/close/", staff.close, name="close"),
]
