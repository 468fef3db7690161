"""The organisation key as staff hold it: wraps in the database, clear only in memory.

A signed-in member's session keeps each organisation's private key in the
vault keyring (encrypted under a key in a separate cookie), under the name
`organisation:<id>`.
"""

import hmac
import logging
from dataclasses import dataclass

from tomoshibi.vault import crypto
from tomoshibi.vault.keyring import keyring_for
from tomoshibi.vault.keys import kdf_cost, new_kdf_params, password_peppers

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewOrganisationKeys:
    public_key: bytes
    private_key: bytes
    recovery_key: str
    recovery_wrapped_key: bytes


def new_organisation_keys() -> NewOrganisationKeys:
    pair = crypto.generate_key_pair()
    recovery_key = crypto.new_recovery_key()
    wrapped = crypto.wrap(crypto.recovery_wrapping_key(recovery_key), pair.private_key)
    return NewOrganisationKeys(pair.public_key, pair.private_key, recovery_key, wrapped)


def new_password_keys(password: str) -> tuple[bytes, crypto.PasswordKeys]:
    """Fresh salt, current cost and pepper: the stored parameters and the keys they give."""
    params = new_kdf_params(peppered=True)
    return params.to_bytes(), crypto.derive_password_keys(password, params, password_peppers()[0])


@dataclass(frozen=True)
class StoredPasswordKeys:
    """The keys a member's password gives under their stored parameters, and whether to renew them."""

    keys: crypto.PasswordKeys
    current: bool


def open_password_keys(profile, password: str) -> StoredPasswordKeys | None:
    """The keys whose public key is the member's, under the current or a retired pepper; None if none is.

    One Argon2id run: each pepper only keys its output. Keys made without a pepper, under a
    retired server key or at a lower cost than today's are not `current`.
    """
    params = crypto.KdfParams.from_bytes(bytes(profile.kdf_params))
    candidates = crypto.candidate_password_keys(password, params, password_peppers())
    for index, candidate in enumerate(candidates):
        if hmac.compare_digest(candidate.key_pair.public_key, bytes(profile.public_key)):
            current = params.peppered and index == 0 and params.cost == kdf_cost()
            return StoredPasswordKeys(candidate, current)
    return None


def password_keys(profile, password: str) -> crypto.PasswordKeys:
    """The member's keys; after a sign-in (which renews them) they are always under the current pepper."""
    stored = open_password_keys(profile, password)
    if stored is not None:
        return stored.keys
    params = crypto.KdfParams.from_bytes(bytes(profile.kdf_params))
    return crypto.derive_password_keys(password, params, password_peppers()[0])


def open_membership_key(membership, keys: crypto.PasswordKeys) -> bytes | None:
    """The organisation's private key from this member's wrap or grant, if they have one."""
    try:
        if membership.wrapped_key is not None:
            return crypto.unwrap(keys.wrapping_key, bytes(membership.wrapped_key))
        if membership.key_grant is not None:
            return crypto.unseal(keys.key_pair.private_key, bytes(membership.key_grant))
    except crypto.WrongKey:
        # A wrap this password cannot open (e.g. a grant sealed to a key since replaced):
        # the member is treated as awaiting access rather than locked out of everything.
        logger.warning("membership %s: key wrap does not open with the current password", membership.pk)
    return None


def keyring_name(organisation_id: int) -> str:
    return f"organisation:{organisation_id}"


def remember_organisation_key(request, organisation_id: int, private_key: bytes) -> None:
    keyring_for(request).put(keyring_name(organisation_id), private_key)


def organisation_key(request, organisation) -> bytes | None:
    """This session's copy of the organisation's private key, or None without access."""
    return keyring_for(request).get(keyring_name(organisation.pk))
