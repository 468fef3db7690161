from django.urls import path

from . import views

app_name = "joboffers"

urlpatterns = [
    path("job-offer/", views.check, name="check"),
]
