from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.api import api
from tomoshibi.accounts.admin_site import StaffAdminSite
from tomoshibi.core import views as core_views
from tomoshibi.line import views as line_views

# The admin (directory maintenance by platform administrators) signs in through
# the staff sign-in: password, one-time code and lockout, like every staff page.
# It offers only what Tomoshibi's own apps register: no users, groups or TOTP
# devices edited by hand, which would bypass invitations, audit and key wraps.
admin.site.__class__ = StaffAdminSite
admin.site.keep_only_own_models()

handler400 = "tomoshibi.core.views.bad_request"
handler404 = "tomoshibi.core.views.page_not_found"
handler500 = "tomoshibi.core.views.server_error"

urlpatterns = [
    path("", core_views.root_redirect, name="root"),
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # LINE calls this address: no language prefix, no redirect.
    path("line/webhook/<slug:organisation_slug>/", line_views.webhook, name="line_webhook"),
]

# (prefix, app): the pages of every installed app, under /<lang>/. An app left out of
# INSTALLED_APPS takes its pages with it.
APP_PAGES = [
    ("", "tomoshibi.core"),
    ("directory/", "tomoshibi.directory"),
    ("help/", "tomoshibi.help"),
    ("consult/", "tomoshibi.referrals"),
    ("consult/", "tomoshibi.consultations"),
    ("staff/", "tomoshibi.accounts"),
    ("report/", "tomoshibi.hotline"),
    ("line/", "tomoshibi.line"),
    ("", "tomoshibi.screening"),
    ("", "tomoshibi.joboffers"),
    ("stats/", "tomoshibi.stats"),
]

urlpatterns += i18n_patterns(
    *[path(prefix, include(f"{app}.urls")) for prefix, app in APP_PAGES if apps.is_installed(app)],
    prefix_default_language=True,
)
