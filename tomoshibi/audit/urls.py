from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("<slug:organisation_slug>/", views.log, name="log"),
    path("<slug:organisation_slug>/export/", views.export, name="export"),
]
