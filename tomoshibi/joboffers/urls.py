from django.urls import path

from .views import public, staff

app_name = "joboffers"

urlpatterns = [
    path("job-offer/", public.check, name="check"),
    path("job-offer/staff/<slug:organisation_slug>/", staff.batch, name="batch"),
    path("job-offer/staff/<slug:organisation_slug>/save/", staff.save_case, name="save_case"),
    path("job-offer/staff/<slug:organisation_slug>/cases/", staff.cases, name="cases"),
    path("job-offer/staff/<slug:organisation_slug>/cases/<int:case_id>/", staff.case, name="case"),
    path("job-offer/staff/<slug:organisation_slug>/cases/<int:case_id>/delete/", staff.delete_case, name="delete_case"),
]
