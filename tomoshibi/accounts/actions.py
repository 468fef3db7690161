"""State changes for organisations and staff. Each records its audit event in its transaction."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tomoshibi.audit.events import record_event
from tomoshibi.vault import crypto

from . import keys
from .models import AccountsEvent, ApiToken, Invitation, Membership, Organisation, Role, StaffProfile

INVITATION_DAYS = 7
INVITATION_SALT = "tomoshibi.accounts.invitation"
API_TOKEN_DAYS = 90


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("ascii")).hexdigest()


def do_create_organisation(*, name: str, slug: str, acting_user=None, **fields) -> tuple[Organisation, str, bytes]:
    """A new organisation and its key pair; returns the recovery key (to show once) and the private key."""
    new_keys = keys.new_organisation_keys()
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name,
            slug=slug,
            public_key=new_keys.public_key,
            recovery_wrapped_key=new_keys.recovery_wrapped_key,
            **fields,
        )
        record_event(
            AccountsEvent.ORGANISATION_CREATED,
            actor=acting_user,
            organisation=organisation,
            target=organisation,
            new={"slug": slug, "retention_days": organisation.retention_days},
        )
    return organisation, new_keys.recovery_key, new_keys.private_key


def do_create_staff_account(*, email: str, password: str, totp_key: str, is_platform_admin: bool = False):
    """A staff user with personal keys from their password and a confirmed TOTP device."""
    kdf_params, password_keys = keys.new_password_keys(password)
    with transaction.atomic():
        # Platform admins maintain the support directory in the admin; nobody else can open it.
        user = get_user_model().objects.create_user(
            username=email.lower(),
            email=email.lower(),
            password=password,
            is_staff=is_platform_admin,
            is_superuser=is_platform_admin,
        )
        StaffProfile.objects.create(
            user=user,
            is_platform_admin=is_platform_admin,
            kdf_params=kdf_params,
            public_key=password_keys.key_pair.public_key,
        )
        TOTPDevice.objects.create(user=user, name="default", key=totp_key, confirmed=True)
    return user, password_keys


def do_add_member_with_key(organisation, user, role: Role, private_key: bytes, password_keys, *, acting_user=None):
    """Add a member who receives the key at once (used where the key is in hand: set-up and demo).

    A monitor of job offers is added without it: that key opens the organisation's consultations."""
    wrapped = None if role == Role.MONITOR else crypto.wrap(password_keys.wrapping_key, private_key)
    with transaction.atomic():
        membership = Membership.objects.create(organisation=organisation, user=user, role=role, wrapped_key=wrapped)
        record_event(
            AccountsEvent.STAFF_JOINED,
            actor=acting_user or user,
            organisation=organisation,
            target=membership,
            new={"role": role, "has_key": wrapped is not None},
        )
    return membership


def do_invite_staff(organisation, *, email: str, role: Role, acting_user) -> tuple[Invitation, str]:
    """An invitation; returns the signed token for the link (only its nonce's hash is stored)."""
    nonce = secrets.token_urlsafe(24)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email.lower(),
            role=role,
            invited_by=acting_user,
            nonce_hash=nonce_hash(nonce),
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        record_event(
            AccountsEvent.STAFF_INVITED,
            actor=acting_user,
            organisation=organisation,
            target=invitation,
            new={"role": role},
        )
    return invitation, signing.dumps({"i": invitation.pk, "n": nonce}, salt=INVITATION_SALT)


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a link stands for, or None (bad, expired, used or withdrawn)."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
        invitation = Invitation.objects.select_related("organisation").get(pk=payload["i"])
    except (signing.BadSignature, Invitation.DoesNotExist, KeyError, TypeError):
        return None
    if not secrets.compare_digest(invitation.nonce_hash, nonce_hash(str(payload.get("n", "")))):
        return None
    return invitation if invitation.is_open else None


def do_prepare_invitation_totp(invitation: Invitation, new_key: str) -> str:
    """Give an invitation the TOTP secret its invitee will set up (kept across page loads)."""
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, totp_key="", accepted_at__isnull=True).update(
            totp_key=new_key
        )
    if updated:
        invitation.totp_key = new_key
    else:
        invitation.refresh_from_db(fields=["totp_key"])
    return invitation.totp_key


def do_accept_invitation(invitation: Invitation, *, password: str):
    """Create the invitee's account and membership. Access to messages comes from an admin's grant.

    The TOTP secret moves to the new account's device: the used invitation keeps no copy of it.
    """
    totp_key = invitation.totp_key
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now(), totp_key=""
        )
        if not claimed:
            return None
        invitation.totp_key = ""
        user, _keys = do_create_staff_account(email=invitation.email, password=password, totp_key=totp_key)
        membership = Membership.objects.create(organisation=invitation.organisation, user=user, role=invitation.role)
        record_event(
            AccountsEvent.STAFF_JOINED,
            actor=user,
            organisation=invitation.organisation,
            target=membership,
            new={"role": invitation.role, "has_key": False},
        )
    return user


def do_sign_in(user, password: str) -> dict[int, bytes]:
    """Record the sign-in and open each membership's key, turning grants into password wraps.

    Keys made before the pepper, under a retired server key or at a lower cost are made anew
    first (fresh salt, every wrap re-made), in the same transaction.
    """
    stored = keys.open_password_keys(user.staff_profile, password)
    opened = {}
    with transaction.atomic():
        if stored is not None and stored.current:
            password_keys = stored.keys
        else:
            password_keys = replace_password_keys(user, stored and stored.keys, password, AccountsEvent.KEYS_RENEWED)
        for membership in Membership.objects.select_for_update().filter(user=user).select_related("organisation"):
            private_key = keys.open_membership_key(membership, password_keys)
            if private_key is not None and membership.wrapped_key is None:
                receive_granted_key(membership, private_key, password_keys)
            if private_key is not None:
                opened[membership.organisation_id] = private_key
            record_event(
                AccountsEvent.STAFF_SIGNED_IN, actor=user, organisation=membership.organisation, target=membership
            )
    return opened


def receive_granted_key(membership, private_key: bytes, password_keys: crypto.PasswordKeys) -> None:
    membership.wrapped_key = crypto.wrap(password_keys.wrapping_key, private_key)
    membership.key_grant = None
    membership.save(update_fields=["wrapped_key", "key_grant"])
    record_event(
        AccountsEvent.KEY_RECEIVED, actor=membership.user, organisation=membership.organisation, target=membership
    )


def do_record_lockout(user) -> None:
    with transaction.atomic():
        for membership in Membership.objects.filter(user=user).select_related("organisation"):
            record_event(
                AccountsEvent.STAFF_LOCKED_OUT, actor=user, organisation=membership.organisation, target=membership
            )


def do_change_password(user, *, old_keys: crypto.PasswordKeys, new_password: str) -> None:
    """Re-wrap every organisation key under the new password, then change the password itself."""
    with transaction.atomic():
        replace_password_keys(user, old_keys, new_password, AccountsEvent.STAFF_PASSWORD_CHANGED)


def replace_password_keys(user, old_keys: crypto.PasswordKeys | None, password: str, action) -> crypto.PasswordKeys:
    """New salt, cost and pepper for `password`; every wrap and grant re-made under the new keys.

    Each organisation the member belongs to records `action` in its own audit log (with
    whether the member still holds its key); a platform admin, who belongs to none, gets
    one event without an organisation. Without old keys (the password was reset outside
    Tomoshibi, or the server key was lost) the old wraps cannot open and are dropped: the
    member then awaits access like a newcomer.
    """
    kdf_params, new_keys = keys.new_password_keys(password)
    profile = user.staff_profile
    memberships = list(Membership.objects.select_for_update().filter(user=user).select_related("organisation"))
    for membership in memberships:
        rewrap_membership(membership, old_keys, new_keys)
        record_event(
            action,
            actor=user,
            organisation=membership.organisation,
            target=membership,
            new={"has_key": membership.has_key},
        )
    if not memberships:
        record_event(action, actor=user, target=profile)
    profile.kdf_params, profile.public_key = kdf_params, new_keys.key_pair.public_key
    profile.save(update_fields=["kdf_params", "public_key"])
    user.set_password(password)  # the sign-in hash, under the current pepper too
    user.save(update_fields=["password"])
    return new_keys


def rewrap_membership(membership, old_keys: crypto.PasswordKeys | None, new_keys: crypto.PasswordKeys) -> None:
    private_key = keys.open_membership_key(membership, old_keys) if old_keys is not None else None
    if private_key is None and old_keys is not None:
        return
    membership.wrapped_key = crypto.wrap(new_keys.wrapping_key, private_key) if private_key is not None else None
    membership.key_grant = None
    membership.save(update_fields=["wrapped_key", "key_grant"])


def do_grant_key(membership, *, private_key: bytes, acting_user) -> None:
    """Seal the organisation key to a member's personal public key; it becomes a wrap at their next sign-in."""
    if membership.role == Role.MONITOR:
        raise ValueError("a monitor of job offers is never given the organisation's key")
    with transaction.atomic():
        membership.key_grant = crypto.seal(bytes(membership.user.staff_profile.public_key), private_key)
        membership.save(update_fields=["key_grant"])
        record_event(
            AccountsEvent.KEY_GRANTED, actor=acting_user, organisation=membership.organisation, target=membership
        )


def do_recover_key(membership, *, recovery_key: str, password_keys: crypto.PasswordKeys, acting_user) -> bytes:
    """Open the organisation key with its recovery key and wrap it for this member."""
    organisation = membership.organisation
    private_key = crypto.unwrap(crypto.recovery_wrapping_key(recovery_key), bytes(organisation.recovery_wrapped_key))
    with transaction.atomic():
        membership.wrapped_key = crypto.wrap(password_keys.wrapping_key, private_key)
        membership.key_grant = None
        membership.save(update_fields=["wrapped_key", "key_grant"])
        record_event(AccountsEvent.KEY_RECOVERED, actor=acting_user, organisation=organisation, target=membership)
    return private_key


def do_remove_member(membership, *, acting_user) -> None:
    """Delete the membership, and with it the member's key wrap and API tokens."""
    with transaction.atomic():
        record_event(
            AccountsEvent.STAFF_REMOVED,
            actor=acting_user,
            organisation=membership.organisation,
            target=membership,
            old={"user": membership.user.get_username(), "role": membership.role},
        )
        membership.delete()


def do_change_role(membership, *, role: Role, acting_user) -> None:
    with transaction.atomic():
        old = membership.role
        membership.role = role
        if role == Role.MONITOR:
            # A monitor of job offers never holds the key that opens the organisation's consultations.
            membership.wrapped_key = membership.key_grant = None
        membership.save(update_fields=["role", "wrapped_key", "key_grant"])
        record_event(
            AccountsEvent.STAFF_ROLE_CHANGED,
            actor=acting_user,
            organisation=membership.organisation,
            target=membership,
            old={"role": old},
            new={"role": role},
        )


SETTINGS_FIELDS = ("retention_days", "accepts_web_consultations", "languages", "serves_minors", "serves_adults")


def do_change_organisation_settings(organisation, *, acting_user, **changes) -> None:
    old = {name: getattr(organisation, name) for name in changes}
    with transaction.atomic():
        for name, value in changes.items():
            setattr(organisation, name, value)
        organisation.save(update_fields=list(changes))
        record_event(
            AccountsEvent.ORGANISATION_SETTINGS_CHANGED,
            actor=acting_user,
            organisation=organisation,
            target=organisation,
            old=old,
            new=changes,
        )


def do_create_api_token(membership, *, name: str, private_key: bytes, acting_user) -> tuple[ApiToken, str]:
    """A token that carries its own wrap of the organisation key; the secret is shown once."""
    secret = crypto.new_token_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            membership=membership,
            name=name,
            lookup=crypto.token_lookup(secret),
            wrapped_key=crypto.wrap(crypto.token_wrapping_key(secret), private_key),
            expires_at=timezone.now() + timedelta(days=API_TOKEN_DAYS),
        )
        record_event(AccountsEvent.TOKEN_CREATED, actor=acting_user, organisation=membership.organisation, target=token)
    return token, secret


def do_revoke_api_token(token, *, acting_user) -> None:
    with transaction.atomic():
        record_event(
            AccountsEvent.TOKEN_REVOKED, actor=acting_user, organisation=token.membership.organisation, target=token
        )
        token.delete()
