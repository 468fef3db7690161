"""The organisation key as staff hold it: wraps in the database, clear only in memory.

A signed-in member's session keeps each organisation's private key in the
vault keyring (encrypted under a key in a separate cookie), under the name
`organisation:<id>`.
"""

import logging
from dataclasses import dataclass

from tomoshibi.vault import crypto
from tomoshibi.vault.keyring import keyring_for
from tomoshibi.vault.keys import new_kdf_params

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
    """Fresh salt: the stored parameters and the keys they give for this password."""
    params = new_kdf_params()
    return params.to_bytes(), crypto.derive_password_keys(password, params)


def password_keys(profile, password: str) -> crypto.PasswordKeys:
    params = crypto.KdfParams.from_bytes(bytes(profile.kdf_params))
    return crypto.derive_password_keys(password, params)


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
