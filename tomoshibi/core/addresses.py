"""Which addresses rate limits count as one client (pure: no Django).

An IPv4 address is usually one household, office or carrier NAT. An IPv6 provider gives each
household or phone a whole /64 (often more), so one person can take a fresh address from it for
every request: counting the full address would give each of them a fresh budget. The /64 is
counted as one client instead; an IPv4 address written in IPv6 form (`::ffff:203.0.113.5`) is
counted as that IPv4 address. Whatever is returned here is only ever used inside a keyed hash.
"""

import ipaddress

IPV6_CLIENT_PREFIX = 64


def rate_limit_block(address: str) -> str:
    """The IPv4 address, or the IPv6 /64 the address belongs to; anything unreadable as given."""
    try:
        parsed = ipaddress.ip_address(address.strip().strip("[]").split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)
