"""Shared by the management commands: printing credentials once, in the terminal."""

import io

import segno

from .totp import provisioning_uri


def terminal_qr(uri: str) -> str:
    """The QR code drawn with block characters, for scanning straight from the terminal."""
    out = io.StringIO()
    segno.make(uri, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def totp_instructions(email: str, totp_key: str) -> str:
    uri = provisioning_uri(email, totp_key)
    return f"TOTP secret (scan it, or add the URI to your authenticator app):\n{uri}\n{terminal_qr(uri)}"
