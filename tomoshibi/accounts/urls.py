from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.sign_in, name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("confirm/", views.confirm, name="confirm"),
    path("password/", views.change_password, name="password"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<slug:organisation_slug>/members/", views.members, name="members"),
    path("<slug:organisation_slug>/members/invite/", views.invite, name="invite"),
    path("<slug:organisation_slug>/members/<int:member_id>/remove/", views.remove_member, name="remove_member"),
    path("<slug:organisation_slug>/members/<int:member_id>/role/", views.change_role, name="change_role"),
    path("<slug:organisation_slug>/members/<int:member_id>/give-access/", views.give_access, name="give_access"),
    path("<slug:organisation_slug>/recover/", views.recover, name="recover"),
    path("<slug:organisation_slug>/settings/", views.organisation_settings, name="settings"),
    path("<slug:organisation_slug>/tokens/", views.api_tokens, name="tokens"),
    path("<slug:organisation_slug>/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_token"),
    path("<slug:organisation_slug>/audit/", views.audit_log, name="audit_log"),
    path("<slug:organisation_slug>/audit/export/", views.export_audit_log, name="audit_export"),
]
