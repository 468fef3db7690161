"""The server-held pepper: a copy of the database alone opens nothing, even with the right password."""

import argon2
import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.hashers import PepperedArgon2PasswordHasher
from tomoshibi.accounts.models import AccountsEvent, Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.testing.personas import PASSWORD, make_staff, post_form, sign_in, signed_in_client
from tomoshibi.vault import crypto
from tomoshibi.vault.keys import password_peppers

pytestmark = pytest.mark.django_db
WEAK_PASSWORD = "sakura123456"  # refused today, but accounts made before the check may have one
OLD_SERVER_KEY = "an-old-server-key-0123456789-abcdefghijkl"
NEW_SERVER_KEY = "a-new-server-key-9876543210-zyxwvutsrqpo"


def copied_rows(user) -> dict:
    """What a thief reads from a copy of the database: raw column values, no application code."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.kdf_params, p.public_key, m.wrapped_key, u.password FROM accounts_staffprofile p "
            "JOIN accounts_membership m ON m.user_id = p.user_id JOIN auth_user u ON u.id = p.user_id "
            "WHERE p.user_id = %s",
            [user.pk],
        )
        kdf_params, public_key, wrapped_key, password_hash = cursor.fetchone()
    return {
        "params": bytes(kdf_params),
        "public_key": bytes(public_key),
        "wrap": bytes(wrapped_key),
        "hash": password_hash,
    }


def test_it_cannot_unwrap_a_database_copy_without_the_pepper_even_with_the_right_weak_password(org_a):
    member = make_staff(org_a, Role.COUNSELLOR, "weak@a.example", password=WEAK_PASSWORD)
    stolen = copied_rows(member.user)
    params = crypto.KdfParams.from_bytes(stolen["params"])
    assert params.peppered
    # The thief runs Argon2id with the stored salt and cost on the right password ...
    guess = crypto.keys_from_material(crypto.password_material(WEAK_PASSWORD, params))
    assert guess.key_pair.public_key != stolen["public_key"]
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(guess.wrapping_key, stolen["wrap"])
    # ... and cannot even confirm the guess against the sign-in hash.
    algorithm, rest = stolen["hash"].split("$", 1)
    assert algorithm == "argon2_peppered"
    with pytest.raises(argon2.exceptions.VerificationError):
        argon2.PasswordHasher().verify("$" + rest, WEAK_PASSWORD)
    # The server, which holds the pepper, opens it.
    keys = crypto.derive_password_keys(WEAK_PASSWORD, params, password_peppers()[0])
    assert crypto.unwrap(keys.wrapping_key, stolen["wrap"]) == org_a.private_key


def make_legacy(member, org) -> None:
    """Turn a member's keys and sign-in hash into what accounts made before the pepper held."""
    params = crypto.KdfParams.new(crypto.MINIMAL)
    keys = crypto.derive_password_keys(member.password, params)
    profile = member.user.staff_profile
    profile.kdf_params, profile.public_key = params.to_bytes(), keys.key_pair.public_key
    profile.save(update_fields=["kdf_params", "public_key"])
    member.membership.wrapped_key = crypto.wrap(keys.wrapping_key, org.private_key)
    member.membership.save(update_fields=["wrapped_key"])
    member.user.password = make_password(member.password, hasher="argon2")
    member.user.save(update_fields=["password"])


def test_it_moves_wraps_made_before_the_pepper_to_peppered_wraps_at_the_next_sign_in(counsellor, org_a):
    make_legacy(counsellor, org_a)
    assert not crypto.KdfParams.from_bytes(copied_rows(counsellor.user)["params"]).peppered
    client = signed_in_client(counsellor)
    assert client.get(reverse("consultations:inbox", args=[org_a.slug])).status_code == 200
    stolen = copied_rows(counsellor.user)
    params = crypto.KdfParams.from_bytes(stolen["params"])
    assert params.peppered and stolen["hash"].startswith("argon2_peppered$")
    unpeppered = crypto.keys_from_material(crypto.password_material(PASSWORD, params))
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(unpeppered.wrapping_key, stolen["wrap"])
    peppered = crypto.derive_password_keys(PASSWORD, params, password_peppers()[0])
    assert crypto.unwrap(peppered.wrapping_key, stolen["wrap"]) == org_a.private_key
    assert AuditEvent.objects.filter(action=AccountsEvent.KEYS_RENEWED, actor=counsellor.user).count() == 1
    signed_in_client(counsellor)  # the next sign-in finds current keys: nothing more to renew
    assert AuditEvent.objects.filter(action=AccountsEvent.KEYS_RENEWED, actor=counsellor.user).count() == 1


def test_it_moves_a_pending_grant_made_before_the_pepper_to_a_peppered_wrap(org_a, org_admin):
    newcomer = make_staff(org_a, Role.COUNSELLOR, "late@a.example", with_key=False)
    make_legacy_profile_only(newcomer)
    post_form(signed_in_client(org_admin), reverse("accounts:give_access", args=[org_a.slug, newcomer.membership.pk]))
    newcomer.membership.refresh_from_db()
    assert newcomer.membership.key_grant is not None
    signed_in_client(newcomer)
    newcomer.membership.refresh_from_db()
    params = crypto.KdfParams.from_bytes(copied_rows(newcomer.user)["params"])
    keys = crypto.derive_password_keys(PASSWORD, params, password_peppers()[0])
    assert params.peppered and newcomer.membership.key_grant is None
    assert crypto.unwrap(keys.wrapping_key, bytes(newcomer.membership.wrapped_key)) == org_a.private_key


def make_legacy_profile_only(member) -> None:
    params = crypto.KdfParams.new(crypto.MINIMAL)
    profile = member.user.staff_profile
    profile.kdf_params = params.to_bytes()
    profile.public_key = crypto.derive_password_keys(member.password, params).key_pair.public_key
    profile.save(update_fields=["kdf_params", "public_key"])


def test_it_signs_in_under_a_retired_server_key_and_rewraps_under_the_new_one(counsellor, org_a, settings):
    settings.VAULT_SERVER_KEY = OLD_SERVER_KEY
    member = make_staff(org_a, Role.COUNSELLOR, "rotating@a.example")
    settings.VAULT_SERVER_KEY, settings.VAULT_SERVER_KEY_FALLBACKS = NEW_SERVER_KEY, [OLD_SERVER_KEY]
    client = signed_in_client(member)
    assert client.get(reverse("consultations:inbox", args=[org_a.slug])).status_code == 200
    settings.VAULT_SERVER_KEY_FALLBACKS = []  # the old key is retired for good
    client = signed_in_client(member)
    assert client.get(reverse("consultations:inbox", args=[org_a.slug])).status_code == 200


def test_without_the_server_key_nobody_signs_in_but_the_recovery_key_still_opens_the_archive(org_a, settings):
    admin = make_staff(org_a, Role.ADMIN, "lead@a.example")
    settings.VAULT_SERVER_KEY, settings.VAULT_SERVER_KEY_FALLBACKS = NEW_SERVER_KEY, []
    refused = sign_in(Client(enforce_csrf_checks=True), admin)
    assert refused.status_code == 200 and "not right" in refused.content.decode()
    # An operator sets a new password (what `tomoshibi changepassword` does) ...
    admin.password = "copper-meadow-violin-2719"
    admin.user.set_password(admin.password)
    admin.user.save(update_fields=["password"])
    client = signed_in_client(admin)
    admin.membership.refresh_from_db()
    assert admin.membership.awaits_key  # the old wrap cannot open any more and is gone
    # ... and the organisation's recovery key gives the admin the archive back.
    url = reverse("accounts:recover", args=[org_a.slug])
    assert post_form(client, url, {"recovery_key": org_a.recovery_key, "password": admin.password}).status_code == 302
    assert client.get(reverse("consultations:inbox", args=[org_a.slug])).status_code == 200


def test_it_derives_at_or_above_the_owasp_argon2id_minimum_in_production():
    # OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 passes, 1 lane.
    assert crypto.INTERACTIVE.memlimit >= 19 * 1024 * 1024 and crypto.INTERACTIVE.opslimit >= 2
    assert PepperedArgon2PasswordHasher.memory_cost >= 19 * 1024 and PepperedArgon2PasswordHasher.time_cost >= 2
