"""The admin (directory maintenance) behind the same door as every staff page.

Signing in goes through the staff sign-in (password, TOTP, lockout per account and client),
and a session that has been idle too long is refused here as everywhere else.
Only platform admins are admin staff; the admin's own password-only form is
never used.

The admin offers only what Tomoshibi's own apps register. Django and the
libraries we use register their models too (users, groups, TOTP devices, task
results); editing those by hand would create accounts without an invitation,
set passwords without re-wrapping the member's organisation keys (they would
lose access to the messages) and leave no audit event, so they are dropped.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from . import session

OWN_ADMIN_MODULES = "tomoshibi."


class StaffAdminSite(OTPAdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and session.status(request) == session.ACTIVE

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")

    def password_change(self, request, extra_context=None):
        # Only the staff page re-wraps the keys and records the change; the admin's header links here.
        return redirect("accounts:password")

    def password_change_done(self, request, extra_context=None):
        return redirect("accounts:password")

    def keep_only_own_models(self) -> None:
        """Unregister every model whose admin class does not come from a Tomoshibi app."""
        for model, model_admin in list(self._registry.items()):
            if not type(model_admin).__module__.startswith(OWN_ADMIN_MODULES):
                self.unregister(model)
