"""The vault's cryptography: sealed boxes, wrapped keys, recovery keys and receipts.

Pure module (no Django) built on libsodium through PyNaCl:

- Everything a person writes is sealed (`crypto_box_seal`) to an organisation's
  public key, and to the person's own public key, so only holders of one of the
  private keys can read it.
- An organisation's private key is only ever stored wrapped (`crypto_secretbox`)
  under a key derived with Argon2id from a staff member's password and then keyed
  with a server-held pepper (passed in: this module never reads settings), under a
  random recovery key, or under a random API token secret.
- A person's receipt is 16 random digits. Argon2id over the receipt and a
  per-conversation salt gives both a check value (the stored "hash" of the
  receipt) and the seed of the person's key pair, so the receipt alone lets the
  person read the replies sealed to them.
- The conversation is found by an HMAC (server secret) of the receipt's first
  six digits only: the lookup value on its own narrows the receipt to one in
  ten billion, each guess costing an Argon2id derivation.

See docs/vault.md for the design, its reasons and its limits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.utils
from nacl.pwhash import argon2id

RECEIPT_DIGITS = 16
LOCATOR_DIGITS = 6
SALT_BYTES = argon2id.SALTBYTES
KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE
RECOVERY_KEY_BYTES = 32
RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Version 1: Argon2id alone. Version 2: Argon2id, then keyed with the pepper (staff passwords).
PARAMS_VERSION = 1
PEPPERED_PARAMS_VERSION = 2
PARAMS_FORMAT = ">BII"
PEPPER_PERSON = b"tomoshibi-pepper"


class VaultError(Exception):
    """Base class: a key, receipt or ciphertext the vault cannot use."""


class WrongKey(VaultError):
    """The key does not open this wrapped secret or sealed message."""


class InvalidRecoveryKey(VaultError):
    """The text is not a recovery key in the expected form."""


@dataclass(frozen=True)
class KeyPair:
    public_key: bytes
    private_key: bytes


@dataclass(frozen=True)
class Cost:
    """Argon2id cost: operations and memory in bytes."""

    opslimit: int
    memlimit: int


# Production cost: libsodium's "interactive" profile (2 passes over 64 MiB, one lane, about 0.1 s),
# above the OWASP Password Storage Cheat Sheet's minimum for Argon2id (19 MiB, 2 passes, 1 lane).
INTERACTIVE = Cost(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE)
# The smallest cost libsodium accepts; only for test suites.
MINIMAL = Cost(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)
MODERATE = Cost(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)
COSTS = {"interactive": INTERACTIVE, "moderate": MODERATE, "minimal": MINIMAL}


@dataclass(frozen=True)
class KdfParams:
    """A salt and the Argon2id cost used with it, stored beside what they protect.

    `peppered` says the derived material is then keyed with a server-held pepper; it is
    stored as the format's version, so wraps made before the pepper existed still open.
    """

    salt: bytes
    cost: Cost
    peppered: bool = False

    @classmethod
    def new(cls, cost: Cost, *, peppered: bool = False) -> KdfParams:
        return cls(salt=nacl.utils.random(SALT_BYTES), cost=cost, peppered=peppered)

    def to_bytes(self) -> bytes:
        version = PEPPERED_PARAMS_VERSION if self.peppered else PARAMS_VERSION
        return struct.pack(PARAMS_FORMAT, version, self.cost.opslimit, self.cost.memlimit) + self.salt

    @classmethod
    def from_bytes(cls, data: bytes) -> KdfParams:
        header = struct.calcsize(PARAMS_FORMAT)
        version, opslimit, memlimit = struct.unpack(PARAMS_FORMAT, bytes(data[:header]))
        if version not in (PARAMS_VERSION, PEPPERED_PARAMS_VERSION) or len(data) != header + SALT_BYTES:
            raise VaultError("unknown key derivation parameters")
        peppered = version == PEPPERED_PARAMS_VERSION
        return cls(salt=bytes(data[header:]), cost=Cost(opslimit, memlimit), peppered=peppered)


def derive(secret: bytes, params: KdfParams, size: int) -> bytes:
    return bytes(argon2id.kdf(size, secret, params.salt, opslimit=params.cost.opslimit, memlimit=params.cost.memlimit))


# --- Sealed boxes -----------------------------------------------------------


def generate_key_pair() -> KeyPair:
    private = nacl.public.PrivateKey.generate()
    return KeyPair(public_key=bytes(private.public_key), private_key=bytes(private))


def key_pair_from_seed(seed: bytes) -> KeyPair:
    private = nacl.public.PrivateKey.from_seed(seed)
    return KeyPair(public_key=bytes(private.public_key), private_key=bytes(private))


def seal(public_key: bytes, plaintext: str | bytes) -> bytes:
    """Encrypt so that only the holder of the matching private key can read it."""
    data = plaintext.encode("utf-8") if isinstance(plaintext, str) else plaintext
    return bytes(nacl.public.SealedBox(nacl.public.PublicKey(public_key)).encrypt(data))


def unseal(private_key: bytes, ciphertext: bytes) -> bytes:
    try:
        return bytes(nacl.public.SealedBox(nacl.public.PrivateKey(private_key)).decrypt(bytes(ciphertext)))
    except nacl.exceptions.CryptoError as error:
        raise WrongKey("this private key cannot open the message") from error


def unseal_text(private_key: bytes, ciphertext: bytes) -> str:
    return unseal(private_key, ciphertext).decode("utf-8")


# --- Wrapping secrets under symmetric keys ----------------------------------


def new_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def wrap(key: bytes, secret: bytes) -> bytes:
    """Encrypt and authenticate `secret` under a 32-byte key (XSalsa20-Poly1305)."""
    return bytes(nacl.secret.SecretBox(key).encrypt(secret))


def unwrap(key: bytes, wrapped: bytes) -> bytes:
    try:
        return bytes(nacl.secret.SecretBox(key).decrypt(bytes(wrapped)))
    except nacl.exceptions.CryptoError as error:
        raise WrongKey("this key does not open the wrapped secret") from error


@dataclass(frozen=True)
class PasswordKeys:
    """What a staff member's password gives: a wrapping key and a personal key pair."""

    wrapping_key: bytes
    key_pair: KeyPair


def password_material(password: str, params: KdfParams) -> bytes:
    """The slow part: Argon2id of the password, 64 bytes. Alone it opens nothing peppered."""
    return derive(password.encode("utf-8"), params, 2 * KEY_BYTES)


def pepper_material(material: bytes, pepper: bytes) -> bytes:
    """Key the Argon2id output with the pepper (keyed BLAKE2b): without the pepper no guess can be checked."""
    return hashlib.blake2b(material, key=pepper, digest_size=2 * KEY_BYTES, person=PEPPER_PERSON).digest()


def keys_from_material(material: bytes) -> PasswordKeys:
    return PasswordKeys(wrapping_key=material[:KEY_BYTES], key_pair=key_pair_from_seed(material[KEY_BYTES:]))


def candidate_password_keys(password: str, params: KdfParams, peppers: Sequence[bytes]) -> list[PasswordKeys]:
    """The keys this password gives under each pepper (one Argon2id run); one set if params are unpeppered."""
    material = password_material(password, params)
    if not params.peppered:
        return [keys_from_material(material)]
    return [keys_from_material(pepper_material(material, pepper)) for pepper in peppers]


def derive_password_keys(password: str, params: KdfParams, pepper: bytes | None = None) -> PasswordKeys:
    if params.peppered and pepper is None:
        raise VaultError("these parameters need the server-held pepper")
    return candidate_password_keys(password, params, [pepper or b""])[0]


# --- Recovery keys ------------------------------------------------------------


def new_recovery_key() -> str:
    """32 random bytes as base32 in groups of four, to print or write down."""
    text = base64.b32encode(nacl.utils.random(RECOVERY_KEY_BYTES)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_wrapping_key(recovery_key: str) -> bytes:
    """The 32-byte key a recovery key stands for; spaces, dashes and case do not matter."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", recovery_key).upper() if ch.isalnum())
    if len(cleaned) != 52 or any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        raise InvalidRecoveryKey("a recovery key is 52 letters and digits 2-7")
    decoded = base64.b32decode(cleaned + "====")
    if len(decoded) != RECOVERY_KEY_BYTES:
        raise InvalidRecoveryKey("a recovery key is 32 bytes")
    return decoded


# --- Token secrets (API tokens carry their own wrapping key) --------------------


def new_token_secret() -> str:
    return secrets.token_urlsafe(32)


def token_wrapping_key(token_secret: str) -> bytes:
    """A random token needs no slow derivation: a keyed BLAKE2b separates its uses."""
    return hashlib.blake2b(token_secret.encode("utf-8"), digest_size=KEY_BYTES, person=b"tomoshibi-token").digest()


def token_lookup(token_secret: str) -> str:
    return hashlib.blake2b(token_secret.encode("utf-8"), digest_size=32, person=b"tomoshibi-lookup").hexdigest()


# --- Receipts -------------------------------------------------------------------


def new_receipt() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))


def normalise_receipt(text: str) -> str | None:
    """The 16 digits of a receipt as typed (any digit script, spaces, dashes), or None."""
    kept = [ch for ch in unicodedata.normalize("NFKC", text) if not (ch.isspace() or ch in "-‐‑‒–—―ー・.")]
    digits = []
    for ch in kept:
        if not ch.isdigit():
            return None
        digits.append(str(unicodedata.digit(ch)))
    receipt = "".join(digits)
    return receipt if len(receipt) == RECEIPT_DIGITS else None


def format_receipt(receipt: str) -> str:
    """Grouped 4-4-4-4 for reading aloud and copying."""
    return " ".join(receipt[i : i + 4] for i in range(0, len(receipt), 4))


def receipt_locator(receipt: str, server_key: bytes) -> str:
    """Keyed hash of the first digits only: finds the conversation, proves nothing."""
    return hmac.new(server_key, receipt[:LOCATOR_DIGITS].encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ReceiptKeys:
    """Argon2id of the whole receipt: a check value to store and the person's key pair."""

    check: bytes
    key_pair: KeyPair

    def matches(self, stored_check: bytes) -> bool:
        return hmac.compare_digest(self.check, bytes(stored_check))


def derive_receipt_keys(receipt: str, params: KdfParams) -> ReceiptKeys:
    material = derive(receipt.encode("ascii"), params, 2 * KEY_BYTES)
    return ReceiptKeys(check=material[:KEY_BYTES], key_pair=key_pair_from_seed(material[KEY_BYTES:]))
