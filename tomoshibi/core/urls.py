from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("no-trace/", views.no_trace, name="no_trace"),
]
