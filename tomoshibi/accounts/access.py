"""Permission-checked access to staff pages and organisations.

"Not found" and "not yours" are the same 404, so a member of one organisation
learns nothing about another.
"""

from functools import wraps
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from tomoshibi.audit.models import AuditEvent
from tomoshibi.vault import crypto
from tomoshibi.vault.keyring import keyring_for

from . import session
from .keys import organisation_key
from .models import ApiToken, Membership
from .roles import Permission, can

# Form fields whose text must survive an expired session (shown back to the writer).
DRAFT_FIELDS = ("body", "note")


def login_url(next_path: str, **extra) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': next_path, **extra})}"


def expired_response(request):
    drafts = [request.POST.get(name, "") for name in DRAFT_FIELDS if request.method == "POST"]
    response = render(
        request,
        "accounts/expired.html",
        {"drafts": [text for text in drafts if text.strip()], "login_url": login_url(request.path)},
        status=401,
    )
    session.end(request, response)
    return response


def staff_required(view):
    """A signed-in, TOTP-verified, recently active staff member; otherwise sign in (again)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        state = session.status(request)
        if state == session.EXPIRED:
            if request.method == "POST":
                return expired_response(request)
            response = redirect(login_url(request.get_full_path(), expired="1"))
            session.end(request, response)
            return response
        if state != session.ACTIVE:
            return redirect(login_url(request.get_full_path()))
        session.touch(request)
        response = view(request, *args, **kwargs)
        keyring_for(request).attach(response)
        return response

    return wrapper


def recent_confirmation_required(view):
    """Exports and deletions: password and code again if the last confirmation is not recent."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not session.recently_confirmed(request):
            return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': request.path})}")
        return view(request, *args, **kwargs)

    return wrapper


def memberships_of(user):
    return Membership.objects.filter(user=user).select_related("organisation")


def access_membership(user, organisation_slug: str, permission: Permission) -> Membership:
    """The user's membership in this organisation if their role allows `permission`; 404 otherwise."""
    membership = memberships_of(user).filter(organisation__slug=organisation_slug).first()
    if not can(membership, permission):
        raise Http404
    return membership


def access_member(acting: Membership, member_id: int) -> Membership:
    """Another membership of the same organisation."""
    return get_object_or_404(Membership.objects.select_related("user"), pk=member_id, organisation=acting.organisation)


def key_or_locked_page(request, membership):
    """(private key, None) when this session holds the organisation key, else (None, a page saying how to get it)."""
    private_key = organisation_key(request, membership.organisation)
    if private_key is not None:
        return private_key, None
    return None, render(request, "accounts/no_key.html", {"membership": membership}, status=403)


def access_api_token(secret: str):
    """(token, private key) for a valid, unexpired token whose member may use the API; else None.

    The token's secret is both the credential and the key to its own wrap of the
    organisation key, so the database alone opens nothing.
    """
    token = (
        ApiToken.objects.select_related("membership__organisation", "membership__user")
        .filter(lookup=crypto.token_lookup(secret), expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not can(token.membership, Permission.USE_API) or not token.membership.user.is_active:
        return None
    try:
        private_key = crypto.unwrap(crypto.token_wrapping_key(secret), bytes(token.wrapped_key))
    except crypto.WrongKey:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token, private_key


def access_audit_log(user, organisation_slug: str):
    """(membership, the organisation's audit events, newest first) for those who may read its log."""
    membership = access_membership(user, organisation_slug, Permission.READ_AUDIT_LOG)
    return membership, AuditEvent.objects.filter(organisation=membership.organisation)
