"""Signed codes, so that training needs no stored personal data.

- A learner's progress travels in a signed form field (TrainingState), never in the database.
- A completion certificate carries a short HMAC code that the verify page checks.
- An organisation code has a keyed check group, so a mistyped code is refused; only its SHA-256 is
  stored with the completion counts.
All use django.core.signing and so the SECRET_KEY (and SECRET_KEY_FALLBACKS after a rotation).
"""

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core import signing
from django.utils.crypto import constant_time_compare

STATE_SALT = "tomoshibi.screening.training-state"
CERTIFICATE_SALT = "tomoshibi.screening.certificate"
ORGANISATION_SALT = "tomoshibi.screening.organisation-code"
STATE_MAX_AGE = 24 * 60 * 60  # a module takes minutes; a day is generous
CERTIFICATE_SIGNATURE_LENGTH = 16  # base32 characters: 80 bits
ORGANISATION_RANDOM_LENGTH = 8  # base32 characters: 40 bits
ORGANISATION_CHECK_LENGTH = 4
CERTIFICATE_CODE = re.compile(r"^([a-z][a-z0-9_]*)-([0-9a-z.]+)-(\d{8})-(\d{1,3})-(\d{1,3})-([A-Z2-7]{16})$")


class BadToken(ValueError):
    """A state, certificate or organisation code that is malformed, expired or not ours."""


def signature(salt: str, value: str, length: int, key: str | None = None) -> str:
    """The HMAC of `value` as upper-case base32, easy to read aloud and to type."""
    signer = signing.Signer(salt=salt, algorithm="sha256")
    digest = signing.b64_decode(signer.signature(value, key=key).encode())
    return base64.b32encode(digest).decode()[:length]


def signature_matches(salt: str, value: str, given: str) -> bool:
    signer = signing.Signer(salt=salt, algorithm="sha256")
    keys = [signer.key, *signer.fallback_keys]
    return any(constant_time_compare(signature(salt, value, len(given), key), given) for key in keys)


# --- training progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingState:
    module: str
    version: str
    organisation: str = ""  # SHA-256 of the organisation code, or ""
    choices: tuple[str, ...] = field(default_factory=tuple)

    def dumps(self) -> str:
        payload = {"m": self.module, "v": self.version, "o": self.organisation, "c": list(self.choices)}
        return signing.dumps(payload, salt=STATE_SALT, compress=True)

    def with_choice(self, choice: str) -> "TrainingState":
        return TrainingState(self.module, self.version, self.organisation, (*self.choices, choice))


def load_state(token: str) -> TrainingState:
    try:
        payload = signing.loads(token, salt=STATE_SALT, max_age=STATE_MAX_AGE)
        return TrainingState(
            str(payload["m"]), str(payload["v"]), str(payload["o"]), tuple(str(c) for c in payload["c"])
        )
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise BadToken(str(error)) from error


# --- certificates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    module: str
    version: str
    day: date
    correct: int
    total: int

    @property
    def payload(self) -> str:
        return f"{self.module}-{self.version}-{self.day:%Y%m%d}-{self.correct}-{self.total}"

    @property
    def code(self) -> str:
        return f"{self.payload}-{signature(CERTIFICATE_SALT, self.payload, CERTIFICATE_SIGNATURE_LENGTH)}"


def read_certificate(code: str) -> Certificate:
    """The certificate a code stands for; BadToken if it is malformed or its signature is wrong."""
    text = "".join(code.split())
    head, _dash, sig = text.rpartition("-")
    match = CERTIFICATE_CODE.match(f"{head.lower()}-{sig.upper()}")
    if not match or not signature_matches(CERTIFICATE_SALT, head.lower(), sig.upper()):
        raise BadToken("certificate code does not verify")
    module, version, day, correct, total, _sig = match.groups()
    try:
        when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError as error:
        raise BadToken("certificate date is not a date") from error
    return Certificate(module, version, when, int(correct), int(total))


# --- organisation codes --------------------------------------------------------------------------


def new_organisation_code() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    random_part = "".join(secrets.choice(alphabet) for _ in range(ORGANISATION_RANDOM_LENGTH))
    check = signature(ORGANISATION_SALT, random_part, ORGANISATION_CHECK_LENGTH)
    return f"{random_part[:4]}-{random_part[4:]}-{check}"


def normalise_organisation_code(code: str) -> str:
    """The canonical form of a typed code (any case, spaces or dashes); BadToken if it does not check."""
    text = re.sub(r"[\s\-]", "", code).upper()
    random_part, check = text[:ORGANISATION_RANDOM_LENGTH], text[ORGANISATION_RANDOM_LENGTH:]
    expected_length = ORGANISATION_RANDOM_LENGTH + ORGANISATION_CHECK_LENGTH
    if len(text) != expected_length or not signature_matches(ORGANISATION_SALT, random_part, check):
        raise BadToken("organisation code does not check")
    return f"{random_part[:4]}-{random_part[4:]}-{check}"


def organisation_hash(code: str) -> str:
    """What is stored with the counts: a plain SHA-256, stable across SECRET_KEY rotations."""
    return hashlib.sha256(normalise_organisation_code(code).encode()).hexdigest()
