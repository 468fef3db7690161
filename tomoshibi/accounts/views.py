"""Staff pages: sign in with password and TOTP, invitations, members, settings, API tokens."""

import csv
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, update_session_auth_hash
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tomoshibi.audit.actions import AUDIT_COLUMNS, do_export_audit_log
from tomoshibi.vault import crypto
from tomoshibi.vault.keyring import keyring_for

from . import actions, lockout, session
from .access import (
    access_audit_log,
    access_member,
    access_membership,
    key_or_locked_page,
    memberships_of,
    recent_confirmation_required,
    staff_required,
)
from .forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    ChangePasswordForm,
    ConfirmForm,
    InviteForm,
    OrganisationSettingsForm,
    RecoverForm,
    RoleForm,
    SignInForm,
    password_problems,
)
from .keys import password_keys, remember_organisation_key
from .links import absolute_url
from .models import Invitation, Organisation, Role
from .roles import Permission
from .totp import confirmed_device, grouped_secret, provisioning_uri, qr_data_uri, verify_code
from .totp import new_key as new_totp_key


def wrong_credentials_message() -> str:
    return _("The e-mail address, password or code is not right. Check them and try again.")


def locked_message() -> str:
    return _(
        "Too many failed attempts from this device or network: signing in to this account from here is "
        "paused for %(minutes)d minutes. Try again later, or from your usual device."
    ) % {"minutes": lockout.lock_minutes()}


def safe_next(request, default_name="accounts:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default_name)


@dataclass
class SignInOutcome:
    user: object = None
    error: str = ""
    # A password set before guessable ones were refused: the member is asked to change it.
    guessable: bool = False


def count_failure(email: str, attempt: lockout.Attempt) -> str:
    """Count a checked, wrong attempt; the message to show (paused here, or simply wrong)."""
    lockout.failed(attempt)
    if attempt.locks_now:
        user = get_user_model().objects.filter(username=email.strip().lower()).first()
        if user is not None:
            actions.do_record_lockout(user)
        return locked_message()
    return wrong_credentials_message()


def check_own_password(request, password: str, wrong_message: str) -> str:
    """An empty string if `password` is the signed-in member's; otherwise the error to show.

    Counted by the sign-in lockout like a sign-in, so a session left open on a shared
    laptop cannot be used to guess the password (change password, recovery key) at speed.
    """
    username = request.user.get_username()
    attempt = lockout.begin(username, request.client_key)
    if not attempt.allowed:
        return locked_message()
    if request.user.check_password(password):
        lockout.succeeded(attempt)
        return ""
    message = count_failure(username, attempt)
    return message if attempt.locks_now else wrong_message


def attempt_sign_in(request, *, email: str, password: str, code: str) -> SignInOutcome:
    attempt = lockout.begin(email, request.client_key)
    if not attempt.allowed:
        return SignInOutcome(error=locked_message())
    user = authenticate(request, username=email.strip().lower(), password=password)
    device = confirmed_device(user) if user is not None and hasattr(user, "staff_profile") else None
    if device is None or not verify_code(device, code):
        return SignInOutcome(error=count_failure(email, attempt))
    lockout.succeeded(attempt)
    opened = actions.do_sign_in(user, password)
    session.start(request, user, device, opened)
    return SignInOutcome(user=user, guessable=bool(password_problems(password, user)))


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = attempt_sign_in(request, **form.cleaned_data)
        if outcome.user is not None:
            response = redirect(
                f"{reverse('accounts:password')}?guessable=1" if outcome.guessable else safe_next(request)
            )
            keyring_for(request).attach(response)
            return response
        form.add_error(None, outcome.error)
    context = {"form": form, "next": safe_next(request), "notice": request.GET.get("notice", "")}
    context["expired"] = request.GET.get("expired") == "1"
    return render(request, "accounts/login.html", context)


def after_sign_in(request, outcome: SignInOutcome) -> str:
    if outcome.guessable:
        return f"{reverse('accounts:password')}?guessable=1"
    return safe_next(request)


@require_POST
def sign_out(request):
    response = redirect(f"{reverse('accounts:login')}?notice=signed_out")
    session.end(request, response)
    return response


@staff_required
def home(request):
    profile = request.user.staff_profile
    context = {"memberships": memberships_of(request.user), "profile": profile, "Permission": Permission}
    if profile.is_platform_admin:
        context["organisations"] = Organisation.objects.all()
    return render(request, "accounts/home.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def confirm(request):
    """Re-authentication before an export or a deletion."""
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = request.user.get_username()
        attempt = lockout.begin(username, request.client_key)
        if attempt.allowed and confirmation_matches(request.user, form.cleaned_data):
            lockout.succeeded(attempt)
            session.confirm(request)
            return redirect(safe_next(request))
        message = count_failure(username, attempt) if attempt.allowed else locked_message()
        if not attempt.allowed or attempt.locks_now:
            response = redirect(f"{reverse('accounts:login')}?notice=locked")
            session.end(request, response)
            return response
        form.add_error(None, message)
    return render(request, "accounts/confirm.html", {"form": form, "next": safe_next(request)})


def confirmation_matches(user, data) -> bool:
    return user.check_password(data["password"]) and verify_code(confirmed_device(user), data["code"])


@staff_required
@require_http_methods(["GET", "POST"])
def change_password(request):
    checker = partial(check_own_password, request)
    form = ChangePasswordForm(request.POST or None, user=request.user, check_own_password=checker)
    if request.method == "POST" and form.is_valid():
        old_keys = password_keys(request.user.staff_profile, form.cleaned_data["current_password"])
        actions.do_change_password(request.user, old_keys=old_keys, new_password=form.cleaned_data["new_password"])
        update_session_auth_hash(request, request.user)
        return render(request, "accounts/password_changed.html")
    context = {"form": form, "guessable": request.GET.get("guessable") == "1"}
    return render(request, "accounts/change_password.html", context)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = actions.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if get_user_model().objects.filter(username=invitation.email).exists():
        return render(request, "accounts/invitation_existing.html", {"invitation": invitation}, status=409)
    totp_key = invitation.totp_key or actions.do_prepare_invitation_totp(invitation, new_totp_key())
    form = AcceptInvitationForm(request.POST or None, totp_key=totp_key, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        if actions.do_accept_invitation(invitation, password=form.cleaned_data["new_password"]) is None:
            return render(request, "accounts/invitation_invalid.html", status=404)
        return redirect(f"{reverse('accounts:login')}?notice=joined")
    uri = provisioning_uri(invitation.email, totp_key)
    context = {"form": form, "invitation": invitation, "qr": qr_data_uri(uri), "secret": grouped_secret(totp_key)}
    return render(request, "accounts/accept_invitation.html", context)


def members_context(membership, **extra):
    organisation = membership.organisation
    return {
        "membership": membership,
        "members": organisation.memberships.select_related("user"),
        "invitations": [i for i in organisation.invitations.filter(accepted_at__isnull=True) if i.is_open],
        "form": InviteForm(),
        "roles": Role.choices,
        **extra,
    }


@staff_required
def members(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    return render(request, "accounts/members.html", members_context(membership))


@staff_required
@require_POST
def invite(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    form = InviteForm(request.POST)
    if (
        form.is_valid()
        and membership.organisation.memberships.filter(user__username=form.cleaned_data["email"].lower()).exists()
    ):
        form.add_error("email", _("This person is already a member of your organisation."))
    if not form.is_valid():
        return render(request, "accounts/members.html", members_context(membership, form=form), status=400)
    invitation, token = actions.do_invite_staff(membership.organisation, acting_user=request.user, **form.cleaned_data)
    link = absolute_url("accounts:accept_invitation", token=token)
    emailed = can_email_links()
    if emailed:
        transaction.on_commit(lambda: send_invitation(invitation, link))
    context = members_context(membership, new_link=link, new_invitation=invitation, emailed=emailed)
    return render(request, "accounts/members.html", context)


# Backends that write every message out, into the server's console log or a file: a link that
# creates an account must never land there, so with them the admin passes the link on.
WRITING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def can_email_links() -> bool:
    return settings.EMAIL_BACKEND not in WRITING_EMAIL_BACKENDS


def send_invitation(invitation: Invitation, link: str) -> None:
    """Sent directly, not through the task queue, so the link is never stored anywhere."""
    subject = _("You are invited to join %(organisation)s on Tomoshibi") % {
        "organisation": invitation.organisation.name
    }
    body = _(
        "Open this link to set your password and your authenticator app. It works once, for 7 days:\n\n%(link)s"
    ) % {"link": link}
    send_mail(subject, body, None, [invitation.email], fail_silently=True)


@staff_required
@recent_confirmation_required
@require_http_methods(["GET", "POST"])
def remove_member(request, organisation_slug, member_id):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    member = access_member(membership, member_id)
    if member.pk == membership.pk:
        return render(
            request,
            "accounts/remove_member.html",
            {"membership": membership, "member": member, "self": True},
            status=400,
        )
    if request.method == "POST":
        actions.do_remove_member(member, acting_user=request.user)
        return redirect("accounts:members", organisation_slug=organisation_slug)
    return render(request, "accounts/remove_member.html", {"membership": membership, "member": member})


@staff_required
@require_POST
def change_role(request, organisation_slug, member_id):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    member = access_member(membership, member_id)
    form = RoleForm(request.POST)
    if member.pk == membership.pk:
        form.add_error("role", _("You cannot change your own role. Ask another organisation admin."))
    if not form.is_valid():
        return render(request, "accounts/members.html", members_context(membership, role_form=form), status=400)
    if form.cleaned_data["role"] != member.role:
        actions.do_change_role(member, role=form.cleaned_data["role"], acting_user=request.user)
    return redirect("accounts:members", organisation_slug=organisation_slug)


@staff_required
@require_POST
def give_access(request, organisation_slug, member_id):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    member = access_member(membership, member_id)
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    if member.awaits_key:
        actions.do_grant_key(member, private_key=private_key, acting_user=request.user)
    return redirect("accounts:members", organisation_slug=organisation_slug)


@staff_required
@require_http_methods(["GET", "POST"])
def recover(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.MANAGE_MEMBERS)
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and unlock_with_recovery_key(request, membership, form):
        return redirect("accounts:home")
    return render(request, "accounts/recover.html", {"form": form, "membership": membership})


def unlock_with_recovery_key(request, membership, form) -> bool:
    """Wrap the organisation key for this member from the recovery key; errors go on the form."""
    password = form.cleaned_data["password"]
    problem = check_own_password(request, password, _("This is not your password."))
    if problem:
        form.add_error("password", problem)
        return False
    keys = password_keys(request.user.staff_profile, password)
    recovery_key = form.cleaned_data["recovery_key"]
    try:
        private_key = actions.do_recover_key(
            membership, recovery_key=recovery_key, password_keys=keys, acting_user=request.user
        )
    except crypto.WrongKey:
        form.add_error("recovery_key", _("This recovery key belongs to another organisation or has a typing mistake."))
        return False
    remember_organisation_key(request, membership.organisation_id, private_key)
    return True


@staff_required
@recent_confirmation_required  # a shorter retention deletes data
@require_http_methods(["GET", "POST"])
def organisation_settings(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.CHANGE_SETTINGS)
    organisation = membership.organisation
    initial = {name: getattr(organisation, name) for name in actions.SETTINGS_FIELDS}
    form = OrganisationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if value != initial[name]}
        if changes:
            actions.do_change_organisation_settings(organisation, acting_user=request.user, **changes)
        return redirect(f"{reverse('accounts:settings', args=[organisation_slug])}?saved=1")
    context = {"form": form, "membership": membership, "saved": request.GET.get("saved") == "1"}
    return render(request, "accounts/settings.html", context)


def tokens_context(membership, **extra):
    return {"membership": membership, "tokens": membership.api_tokens.all(), "form": ApiTokenForm(), **extra}


@staff_required
@recent_confirmation_required  # a token opens every conversation
@require_http_methods(["GET", "POST"])
def api_tokens(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.USE_API)
    if request.method == "GET":
        return render(request, "accounts/tokens.html", tokens_context(membership))
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/tokens.html", tokens_context(membership, form=form), status=400)
    token, secret = actions.do_create_api_token(
        membership, name=form.cleaned_data["name"], private_key=private_key, acting_user=request.user
    )
    return render(request, "accounts/tokens.html", tokens_context(membership, new_secret=secret, new_token=token))


@staff_required
@require_POST
def revoke_api_token(request, organisation_slug, token_id):
    membership = access_membership(request.user, organisation_slug, Permission.USE_API)
    token = membership.api_tokens.filter(pk=token_id).first()
    if token is not None:
        actions.do_revoke_api_token(token, acting_user=request.user)
    return redirect("accounts:tokens", organisation_slug=organisation_slug)


AUDIT_PAGE_SIZE = 50


@staff_required
@require_GET
def audit_log(request, organisation_slug):
    membership, events = access_audit_log(request.user, organisation_slug)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/audit_log.html", {"membership": membership, "page": page})


@staff_required
@recent_confirmation_required
@require_http_methods(["GET", "POST"])
def export_audit_log(request, organisation_slug):
    membership, _events = access_audit_log(request.user, organisation_slug)
    if request.method == "GET":
        return render(request, "accounts/audit_export.html", {"membership": membership})
    rows = do_export_audit_log(membership.organisation, acting_user=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{membership.organisation.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(AUDIT_COLUMNS)
    for row in rows:
        writer.writerow([value.isoformat() if hasattr(value, "isoformat") else value for value in row])
    return response
