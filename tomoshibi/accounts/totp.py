"""TOTP secrets for staff accounts: provisioning URIs, QR codes and checks (django-otp)."""

import base64
import binascii
from urllib.parse import quote, urlencode

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

ISSUER = "Tomoshibi"


def new_key() -> str:
    return random_hex(20)


def base32_secret(hex_key: str) -> str:
    return base64.b32encode(binascii.unhexlify(hex_key)).decode("ascii")


def grouped_secret(hex_key: str) -> str:
    secret = base32_secret(hex_key)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(account: str, hex_key: str) -> str:
    query = urlencode({"secret": base32_secret(hex_key), "issuer": ISSUER, "digits": 6, "period": 30})
    return f"otpauth://totp/{quote(ISSUER)}:{quote(account)}?{query}"


def qr_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def clean_code(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def code_matches_key(hex_key: str, code: str) -> bool:
    """Check a code against a secret that has no device yet (during set-up)."""
    code = clean_code(code)
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    return TOTP(binascii.unhexlify(hex_key)).verify(int(code), tolerance=1)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def verify_code(device: TOTPDevice | None, code: str) -> bool:
    """django-otp's check, with its own throttling; each code works once."""
    code = clean_code(code)
    if device is None or not (code.isascii() and code.isdigit()):
        return False
    return device.verify_token(code)
