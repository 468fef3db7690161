"""The admin (directory maintenance) behind the same door as every staff page.

Signing in goes through the staff sign-in (password, TOTP, lockout per account),
and a session that has been idle too long is refused here as everywhere else.
Only platform admins are admin staff; the admin's own password-only form is
never used.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from . import session


class StaffAdminSite(OTPAdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and session.status(request) == session.ACTIVE

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")
