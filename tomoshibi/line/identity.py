"""Finding a LINE user or message again without a database copy saying which it is.

A keyed hash under a server-held key (never in the database) finds a contact or a
message; the user id itself is kept only sealed to the organisation. While the server
key is being rotated (VAULT_SERVER_KEY_FALLBACKS), hashes under the retired keys still
find what was stored before, and a contact found that way is hashed again with the new key.
"""

import hashlib
import hmac

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import server_held_keys

from .models import MESSAGE_HASH_PURPOSE, USER_HASH_PURPOSE


def keyed_hashes(purpose: str, organisation_id: int, value: str) -> list[str]:
    """The hash under the current server key first, then under each retired one."""
    text = f"{organisation_id}:{value}".encode()
    return [hmac.new(key, text, hashlib.sha256).hexdigest() for key in server_held_keys(purpose)]


def user_hashes(organisation, user_id: str) -> list[str]:
    return keyed_hashes(USER_HASH_PURPOSE, organisation.pk, user_id)


def user_hash(organisation, user_id: str) -> str:
    return user_hashes(organisation, user_id)[0]


def message_hashes(organisation, message_id: str) -> list[str]:
    return keyed_hashes(MESSAGE_HASH_PURPOSE, organisation.pk, message_id)


def message_hash(organisation, message_id: str) -> str:
    return message_hashes(organisation, message_id)[0]


def seal_user_id(organisation, user_id: str) -> bytes:
    return crypto.seal(bytes(organisation.public_key), user_id)


def open_user_id(contact, private_key: bytes) -> str:
    """The user id, for a counsellor's session that holds the organisation key."""
    return crypto.unseal_text(private_key, bytes(contact.sealed_user_id))
