"""Canonical form of a reported URL, its hash, and the check a report form runs on each line.

The rules are those of Google Safe Browsing, "URLs and Hashing", section
Canonicalization (API v4, with the IPv6 rule of the current reference); docs/hotline.md
lists them and every place where this module has to choose where the text is silent.
Two spellings of the same address get the same canonical form, so reports of one
address are linked as duplicates and compared with lists of known hashes without
anyone reading the address itself. Nothing here fetches or resolves an address.

The work is done on bytes: the specification speaks of bytes (escapes such as %80 are
not characters), and a text is turned into its UTF-8 bytes first.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum

import idna

ALLOWED_SCHEMES = ("http", "https", "ftp")
DEFAULT_SCHEME = "http"
MAX_URL_LENGTH = 2048

_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_SCHEME = re.compile(rb"([A-Za-z][A-Za-z0-9+.\-]*):")
# "host:8080/..." has no scheme: what follows the colon is a port.
_PORT_AFTER_COLON = re.compile(rb":\d+(?:[/?]|$)")
# The Windows resolver reads "10.192.95.89 xy" (15 characters at most) as 10.192.95.89;
# Safe Browsing's reference client does the same, so a list entry made that way matches.
_IPV4_WITH_TRAILER = re.compile(r"(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) ")
_HEX_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+")
_OCTAL_NUMBER = re.compile(r"0[0-7]*")
_DECIMAL_NUMBER = re.compile(r"[1-9][0-9]*")
_LONGEST_IP_NUMBER = 40
_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_DOTTED_QUAD = re.compile(rb"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")
_HOST_LABEL = re.compile(rb"[a-z0-9_\-]{1,63}")
_TOP_LEVEL_LABEL = re.compile(rb"[a-z]{2,63}|xn--[a-z0-9\-]{1,59}")
_LONGEST_HOST_NAME = 253


def canonicalize(url: str | bytes) -> str:
    """Return the Safe Browsing canonical form of url, or "" when it names no host.

    Never raises. A text is read as UTF-8; bytes are taken as they are.
    """
    return _render(_split(url))


def url_hash(url: str | bytes) -> str:
    """Hex SHA-256 of the canonical form of url.

    Raises ValueError when url names no host, so that unrelated bad input is never
    linked as one and the same duplicate.
    """
    canonical = canonicalize(url)
    if not canonical:
        raise ValueError("the text names no host, so it has no canonical form to hash")
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


class Refusal(StrEnum):
    """Why a line of the report form is not a usable address; the form words each one."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    SCHEME_NOT_ALLOWED = "scheme_not_allowed"
    NO_HOST = "no_host"


class ReportUrlRefused(ValueError):
    """A reported line that cannot be used, with the reason as a code."""

    def __init__(self, reason: Refusal, scheme: str | None = None) -> None:
        self.reason = reason
        self.scheme = scheme
        super().__init__(_REFUSAL_MESSAGES[reason].format(scheme=scheme, limit=MAX_URL_LENGTH))


_REFUSAL_MESSAGES = {
    Refusal.EMPTY: "the line is empty; give the address of the page",
    Refusal.TOO_LONG: "the address is longer than {limit} characters",
    Refusal.SCHEME_NOT_ALLOWED: "addresses starting with '{scheme}:' are not accepted; use http, https or ftp",
    Refusal.NO_HOST: "no site name or IP address can be found in the address",
}


def validate_report_url(text: str) -> str:
    """Return the canonical form of one reported address, or raise ReportUrlRefused.

    Accepts http, https and ftp addresses, and addresses written without a scheme
    ("example.com/page" is read as http). Refuses every other scheme (javascript:, data:,
    file:, about:, ...), empty lines, lines over MAX_URL_LENGTH characters and text in
    which no plausible host (a domain name with a top-level domain, or an IP address)
    can be found.
    """
    stripped = text.strip()
    if not stripped:
        raise ReportUrlRefused(Refusal.EMPTY)
    if len(stripped) > MAX_URL_LENGTH:
        raise ReportUrlRefused(Refusal.TOO_LONG)
    parts = _split(stripped)
    if parts.scheme is not None and parts.scheme not in ALLOWED_SCHEMES:
        raise ReportUrlRefused(Refusal.SCHEME_NOT_ALLOWED, scheme=parts.scheme)
    if not _is_plausible_host(parts.host):
        raise ReportUrlRefused(Refusal.NO_HOST)
    return _render(parts)


@dataclass(frozen=True)
class _Parts:
    scheme: str | None  # lowercased; None when the address has none
    host: bytes  # canonical and unescaped; empty when there is none
    path: bytes  # canonical and unescaped
    query: bytes | None  # None when there is no "?"


def _render(parts: _Parts) -> str:
    if not parts.host:
        return ""
    url = f"{parts.scheme or DEFAULT_SCHEME}://".encode("ascii") + parts.host + parts.path
    if parts.query is not None:
        url += b"?" + parts.query
    return _escape(url)


def _split(url: str | bytes) -> _Parts:
    data = _full_unescape(_without_fragment_and_blanks(url))
    scheme, rest = _split_scheme(data)
    rest, question_mark, query = rest.partition(b"?")
    authority, path = _split_authority(rest, has_scheme=scheme is not None)
    return _Parts(scheme, _canonical_host(authority), _canonical_path(path), query if question_mark else None)


def _without_fragment_and_blanks(url: str | bytes) -> bytes:
    """Remove tab, CR and LF, cut the fragment, trim surrounding white space (in that order)."""
    if isinstance(url, str):
        text = url.replace("\t", "").replace("\r", "").replace("\n", "").partition("#")[0].strip()
        # surrogatepass: arbitrary text (even a lone surrogate) still gives bytes.
        return text.encode("utf-8", "surrogatepass")
    return url.replace(b"\t", b"").replace(b"\r", b"").replace(b"\n", b"").partition(b"#")[0].strip()


def _full_unescape(data: bytes) -> bytes:
    """Percent-unescape until no escape is left, in one pass.

    Escapes cannot overlap, so decoding them in any order reaches the same end; decoding
    as soon as the last three bytes form an escape gives the result of repeated passes
    without their quadratic cost on "%25252525...".
    """
    out = bytearray()
    for byte in data:
        out.append(byte)
        while len(out) >= 3 and out[-3] == 0x25 and out[-2] in _HEX_DIGITS and out[-1] in _HEX_DIGITS:
            value = int(out[-2:].decode("ascii"), 16)
            del out[-3:]
            out.append(value)
    return bytes(out)


def _escape(data: bytes) -> str:
    """Percent-escape bytes <= 32, >= 127, "#" and "%" with upper-case hex digits."""
    return "".join(chr(byte) if 0x20 < byte < 0x7F and byte not in b"#%" else f"%{byte:02X}" for byte in data)


def _split_scheme(data: bytes) -> tuple[str | None, bytes]:
    match = _SCHEME.match(data)
    if match is None or _PORT_AFTER_COLON.match(data, match.end() - 1):
        return None, data
    return match.group(1).decode("ascii").lower(), data[match.end() :]


def _split_authority(rest: bytes, *, has_scheme: bool) -> tuple[bytes, bytes]:
    """Split "//host/path" (or "host/path" without a scheme) into host part and path."""
    if rest.startswith(b"//"):
        rest = rest[2:]
    elif has_scheme:
        return b"", b""  # "http:host" or "mailto:x@y" has no authority
    authority, slash, path = rest.partition(b"/")
    return authority, slash + path


def _canonical_host(authority: bytes) -> bytes:
    host = authority.rpartition(b"@")[2]  # user name and password are not part of the host
    ipv6 = _canonical_ipv6(host)
    if ipv6 is not None:
        return ipv6
    host = _collapse_dots(host.partition(b":")[0])  # the port is dropped too
    if not host.isascii():
        host = _collapse_dots(_idna_or_bytes(host))
    ipv4 = _canonical_ipv4(host.decode("ascii", "replace"))
    return ipv4.encode("ascii") if ipv4 else host.lower()


def _collapse_dots(host: bytes) -> bytes:
    return b".".join(label for label in host.split(b".") if label)


def _idna_or_bytes(host: bytes) -> bytes:
    """Punycode an internationalised name (UTS #46); keep the bytes when it is not a valid one."""
    try:
        return idna.encode(host.decode("utf-8"), uts46=True, std3_rules=True, transitional=False)
    except (UnicodeError, idna.IDNAError):
        return host


def _canonical_ipv4(host: str) -> str | None:
    """Dotted decimal for any legal IPv4 spelling (octal, hex, fewer parts), else None."""
    trailer = _IPV4_WITH_TRAILER.match(host) if len(host) <= 15 else None
    parts = (trailer.group(1) if trailer else host).split(".")
    numbers = [_ip_number(part) for part in parts]
    if not 1 <= len(parts) <= 4 or None in numbers:
        return None
    *leading, last = [number for number in numbers if number is not None]
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(parts)):
        return None
    value = sum(number << (8 * (3 - index)) for index, number in enumerate(leading)) + last
    return str(ipaddress.IPv4Address(value))


def _ip_number(part: str) -> int | None:
    if len(part) > _LONGEST_IP_NUMBER:
        return None
    if _HEX_NUMBER.fullmatch(part):
        return int(part, 16)
    if _OCTAL_NUMBER.fullmatch(part):
        return int(part, 8)
    if _DECIMAL_NUMBER.fullmatch(part):
        return int(part)
    return None


def _canonical_ipv6(host: bytes) -> bytes | None:
    """Compressed "[...]" for a bracketed IPv6 address; IPv4-mapped and NAT64 ones as IPv4."""
    inside, bracket, _port = host[1:].partition(b"]")
    if not host.startswith(b"[") or not bracket or not inside.isascii():
        return None
    try:
        address = ipaddress.IPv6Address(inside.decode("ascii"))
    except ValueError:
        return None
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped).encode("ascii")
    if address.scope_id is None and address in _NAT64_PREFIX:
        return str(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)).encode("ascii")
    return f"[{address.compressed}]".lower().encode("ascii")


def _canonical_path(path: bytes) -> bytes:
    """Resolve "." and ".." segments and collapse runs of slashes; "/" when empty."""
    segments: list[bytes] = []
    for segment in path.split(b"/"):
        if segment == b"..":
            if segments:
                segments.pop()
        elif segment not in (b"", b"."):
            segments.append(segment)
    last = path.rpartition(b"/")[2]
    ends_in_directory = last in (b"", b".", b"..") and bool(segments)
    return b"/" + b"/".join(segments) + (b"/" if ends_in_directory else b"")


def _is_plausible_host(host: bytes) -> bool:
    """A domain name with a top-level domain, or an IP address outside 0.0.0.0/8.

    A bare number is a legal IPv4 spelling ("12345" is 0.0.48.57), but an address in
    0.0.0.0/8 is never a reachable site: such a line is a mistyped number, not a URL.
    """
    if host.startswith(b"["):
        return _canonical_ipv6(host) == host
    if _DOTTED_QUAD.fullmatch(host):
        return _canonical_ipv4(host.decode("ascii")) == host.decode("ascii") and not host.startswith(b"0.")
    labels = host.split(b".")
    return (
        len(host) <= _LONGEST_HOST_NAME
        and len(labels) >= 2
        and all(_HOST_LABEL.fullmatch(label) for label in labels)
        and _TOP_LEVEL_LABEL.fullmatch(labels[-1]) is not None
    )
