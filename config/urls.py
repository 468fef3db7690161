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

urlpatterns += i18n_patterns(
    path("", include("tomoshibi.core.urls")),
    path("directory/", include("tomoshibi.directory.urls")),
    path("help/", include("tomoshibi.help.urls")),
    path("consult/", include("tomoshibi.referrals.urls")),
    path("consult/", include("tomoshibi.consultations.urls")),
    path("staff/", include("tomoshibi.accounts.urls")),
    path("report/", include("tomoshibi.hotline.urls")),
    path("line/", include("tomoshibi.line.urls")),
    path("", include("tomoshibi.screening.urls")),
    prefix_default_language=True,
)
