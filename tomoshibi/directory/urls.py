from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("find-help/", views.refer, name="refer"),
    path("<slug:service_id>/", views.service_detail, name="service"),
]
