from django.urls import path

from . import views

app_name = "line"

# Staff pages (inside the language prefix). The webhook is outside it, in config/urls.py.
urlpatterns = [
    path("staff/<slug:organisation_slug>/", views.line_settings, name="settings"),
    path("staff/<slug:organisation_slug>/connect/", views.connect, name="connect"),
    path("staff/<slug:organisation_slug>/disconnect/", views.disconnect, name="disconnect"),
    path("staff/attachments/<int:line_message_id>/", views.attachment, name="attachment"),
    path("staff/messages/<int:line_message_id>/retry/", views.retry, name="retry"),
]
