"""Finding a LINE user or message again without a database copy saying which it is.

A keyed hash under a server-held key (never in the database) finds a contact or a
message; the user id itself is kept only sealed to the organisation.
"""

import hashlib
import hmac

from tomoshibi.vault import crypto
from tomoshibi.vault.keys import server_held_key

from .models import MESSAGE_HASH_PURPOSE, USER_HASH_PURPOSE


def keyed_hash(purpose: str, organisation_id: int, value: str) -> str:
    text = f"{organisation_id}:{value}".encode()
    return hmac.new(server_held_key(purpose), text, hashlib.sha256).hexdigest()


def user_hash(organisation, user_id: str) -> str:
    return keyed_hash(USER_HASH_PURPOSE, organisation.pk, user_id)


def message_hash(organisation, message_id: str) -> str:
    return keyed_hash(MESSAGE_HASH_PURPOSE, organisation.pk, message_id)


def seal_user_id(organisation, user_id: str) -> bytes:
    return crypto.seal(bytes(organisation.public_key), user_id)


def open_user_id(contact, private_key: bytes) -> str:
    """The user id, for a counsellor's session that holds the organisation key."""
    return crypto.unseal_text(private_key, bytes(contact.sealed_user_id))
