"""The URL canonicaliser against the Safe Browsing examples, reference clients and our own edge cases."""

from __future__ import annotations

import hashlib
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomoshibi.hotline.canonical import (
    MAX_URL_LENGTH,
    Refusal,
    ReportUrlRefused,
    canonicalize,
    url_hash,
    validate_report_url,
)

# Every example of the specification (Safe Browsing API v4, "URLs and Hashing",
# Canonicalization), in its order. Its "\x01\x80" example is a byte string.
SPECIFICATION_EXAMPLES: list[tuple[str | bytes, str]] = [
    ("http://host/%25%32%35", "http://host/%25"),
    ("http://host/%25%32%35%25%32%35", "http://host/%25%25"),
    ("http://host/%2525252525252525", "http://host/%25"),
    ("http://host/asdf%25%32%35asd", "http://host/asdf%25asd"),
    ("http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"),
    ("http://www.google.com/", "http://www.google.com/"),
    (
        "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
        "http://168.188.99.26/.secure/www.ebay.com/",
    ),
    (
        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn-xplmvalidateinfoswqpcmlx=hgplmcx/",
    ),
    (
        "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%252944_55%252B",
        "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+",
    ),
    ("http://3279880203/blah", "http://195.127.0.11/blah"),
    ("http://www.google.com/blah/..", "http://www.google.com/"),
    ("www.google.com/", "http://www.google.com/"),
    ("www.google.com", "http://www.google.com/"),
    ("http://www.evil.com/blah#frag", "http://www.evil.com/blah"),
    ("http://www.GOOgle.com/", "http://www.google.com/"),
    ("http://www.google.com.../", "http://www.google.com/"),
    ("http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"),
    ("http://www.google.com/q?", "http://www.google.com/q?"),
    ("http://www.google.com/q?r?", "http://www.google.com/q?r?"),
    ("http://www.google.com/q?r?s", "http://www.google.com/q?r?s"),
    ("http://evil.com/foo#bar#baz", "http://evil.com/foo"),
    ("http://evil.com/foo;", "http://evil.com/foo;"),
    ("http://evil.com/foo?bar;", "http://evil.com/foo?bar;"),
    (b"http://\x01\x80.com/", "http://%01%80.com/"),
    ("http://notrailingslash.com", "http://notrailingslash.com/"),
    ("http://www.gotaport.com:1234/", "http://www.gotaport.com/"),
    ("  http://www.google.com/  ", "http://www.google.com/"),
    ("http:// leadingspace.com/", "http://%20leadingspace.com/"),
    ("http://%20leadingspace.com/", "http://%20leadingspace.com/"),
    ("%20leadingspace.com/", "http://%20leadingspace.com/"),
    ("https://www.securesite.com/", "https://www.securesite.com/"),
    ("http://host.com/ab%23cd", "http://host.com/ab%23cd"),
    ("http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"),
]

# The specification's IPv6 rule (current reference page), with its own examples.
SPECIFICATION_IPV6_EXAMPLES: list[tuple[str | bytes, str]] = [
    ("http://[2001:0db8:0000::1]/", "http://[2001:db8::1]/"),
    ("http://[::ffff:1.2.3.4]/", "http://1.2.3.4/"),
    ("http://[64:ff9b::1.2.3.4]/", "http://1.2.3.4/"),
]

# Vectors of the open reference clients (Google's Go client, Firefox, gglsbl) where they follow
# the specification. Where they depart from it, our expectation follows the specification and
# docs/hotline.md says why: upper-case escapes ("%1B"), the query kept, IPv6 compressed.
REFERENCE_CLIENT_EXAMPLES: list[tuple[str | bytes, str]] = [
    ("ftp://ftp.myfiles.com/", "ftp://ftp.myfiles.com/"),
    ("http://some%1bhost.com/%1b", "http://some%1Bhost.com/%1B"),
    ("http://www.google.com/q?r?s%3F", "http://www.google.com/q?r?s?"),
    (b"http://www.\xc3\xbcmlat.com/", "http://www.xn--mlat-zra.com/"),
    ("http://[2001:470:1:18::114]/", "http://[2001:470:1:18::114]/"),
    ("http%3A%2F%2Fwackyurl.com:80/", "http://wackyurl.com/"),
    ("http://W!eird<>Ho$^.com/", "http://w!eird<>ho$^.com/"),
    ("http://i.have.way.too.many.dots.com/", "http://i.have.way.too.many.dots.com/"),
    ("http://google.com./foo.html", "http://google.com/foo.html"),
    ("http://google.com.:8080/foo.html", "http://google.com/foo.html"),
    ("http://google...com/foo.html", "http://google.com/foo.html"),
    ("http://..google.com/foo.html", "http://google.com/foo.html"),
    (
        "http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html",
        "http://[fedc:ba98:7654:3210:fedc:ba98:7654:3210]/index.html",
    ),
    ("http://[::192.9.5.5]/ipng", "http://[::c009:505]/ipng"),
    ("http://0x12.0x43.0x44.0x01", "http://18.67.68.1/"),
    ("http://192.168.0.1:80/index.html", "http://192.168.0.1/index.html"),
    ("http://a.com/foo/.././bar/./../foo.html", "http://a.com/foo.html"),
    ("http://a.com//a//b///c////", "http://a.com/a/b/c/"),
    ("www.google.com:8080/foo.html", "http://www.google.com/foo.html"),
    ("www.google.com:80", "http://www.google.com/"),
    ("http://host.com/path?query%3Awith%3Acolons", "http://host.com/path?query:with:colons"),
    (
        "https://wiki.mozilla.org/index.php?title=MozillaWiki%3AHelp&action=history",
        "https://wiki.mozilla.org/index.php?title=MozillaWiki:Help&action=history",
    ),
    ("http://0xc37f000b/blah", "http://195.127.0.11/blah"),
    (
        "http://www.wtp101.com/bk?redir=http%3A%2F%2Ftags.bluekai.com%2Fsite%2F2750%3Fid%3D%3CPARTNER_UUID%3E"
        "%0D%0A%26redir%3Dhttp%3A%2F%2Fwww.wtp101.com%2Fpush%2Fbluekai%3Fxid%3D%24BK_UUID",
        "http://www.wtp101.com/bk?redir=http://tags.bluekai.com/site/2750?id=<PARTNER_UUID>%0D%0A"
        "&redir=http://www.wtp101.com/push/bluekai?xid=$BK_UUID",
    ),
]

# Every legal IPv4 spelling reaches dotted decimal; what is not one stays a name.
IPV4_EXAMPLES: list[tuple[str | bytes, str]] = [
    ("http://255.0.0.1/", "http://255.0.0.1/"),
    ("http://12.0x12.01234/", "http://12.18.2.156/"),
    ("http://012.034.01.055/", "http://10.28.1.45/"),
    ("http://0x12.0x43.0x44.0x01/", "http://18.67.68.1/"),
    ("http://0X12.0XaB.0xFF.1/", "http://18.171.255.1/"),
    ("http://167838211/", "http://10.1.2.3/"),
    ("http://4294967295/", "http://255.255.255.255/"),
    ("http://037777777777/", "http://255.255.255.255/"),
    ("http://0xffffffff/", "http://255.255.255.255/"),
    ("http://10.1.515/", "http://10.1.2.3/"),
    ("http://10.66051/", "http://10.1.2.3/"),
    ("http://127.1/", "http://127.0.0.1/"),
    ("http://0/", "http://0.0.0.0/"),
    ("http://10.192.95.89 xy/", "http://10.192.95.89/"),
    ("http://123.123.0.0.1/", "http://123.123.0.0.1/"),
    ("http://1.2.3.00x0/", "http://1.2.3.00x0/"),
    ("http://4294967296/", "http://4294967296/"),
    ("http://256.1.1.1/", "http://256.1.1.1/"),
    ("http://276.2.3/", "http://276.2.3/"),
    ("http://1.2.65536/", "http://1.2.65536/"),
    ("http://08.1.1.1/", "http://08.1.1.1/"),
    ("http://0x/", "http://0x/"),
    ("http://1.2.3.4.example.com/", "http://1.2.3.4.example.com/"),
]

OWN_EDGE_CASES: list[tuple[str | bytes, str]] = [
    # user name, password and port never reach the canonical form
    ("http://user:secret@Example.COM:8080/a", "http://example.com/a"),
    ("http://a@b@example.com/", "http://example.com/"),
    ("http://example.com:/", "http://example.com/"),
    ("http://example.com:abc/", "http://example.com/"),
    ("HTTPS://EXAMPLE.com/Path/Keeps/Case", "https://example.com/Path/Keeps/Case"),
    # IPv6 literals: compressed, lower case, port dropped, scope kept
    ("http://[::1]:8080/x", "http://[::1]/x"),
    ("http://[2001:DB8:0:0:0:0:0:1]/", "http://[2001:db8::1]/"),
    ("http://[1:0:0:2::3:0]/", "http://[1::2:0:0:3:0]/"),
    ("http://[0:0::0:0:8]/", "http://[::8]/"),
    ("http://[::FFFF:C0A8:0101]/", "http://192.168.1.1/"),
    ("http://[fe80::1%25eth0]/", "http://[fe80::1%25eth0]/"),
    ("http://[not-an-address]/", "http://[not-an-address]/"),
    # escapes: case of the hex digits does not matter, output is upper case
    ("http://example.com/%7e%7E%c3%a9%C3%A9", "http://example.com/~~%C3%A9%C3%A9"),
    ("http://example.com/%zz%4", "http://example.com/%25zz%254"),
    ("http://example.com/a%2Fb", "http://example.com/a/b"),
    ("http://example.com/%2e%2E/x", "http://example.com/x"),
    ("http://example.com/a%0Ab", "http://example.com/a%0Ab"),
    ("http://example.com/%7F", "http://example.com/%7F"),
    # non-ASCII paths and queries are escaped as UTF-8
    ("http://example.jp/パス?q=検索", "http://example.jp/%E3%83%91%E3%82%B9?q=%E6%A4%9C%E7%B4%A2"),
    ("http://example.com/caf\u00e9", "http://example.com/caf%C3%A9"),
    # internationalised names (UTS #46: case folded, full-width dots and digits mapped)
    ("http://WWW.ÜMLAT.com/", "http://www.xn--mlat-zra.com/"),
    ("http://日本語。ＪＰ/", "http://xn--wgv71a119e.jp/"),
    ("http://%E6%97%A5%E6%9C%AC%E8%AA%9E.jp/", "http://xn--wgv71a119e.jp/"),
    ("http://faß.de/", "http://xn--fa-hia.de/"),
    ("http://１２７．０．０．１/", "http://127.0.0.1/"),
    ("http://ü_x.com/", "http://%C3%BC_x.com/"),
    ("http://\u00e9xample.com\u3002/", "http://xn--xample-9ua.com/"),
    # paths: dot segments resolved, slashes collapsed, never above the root
    ("http://example.com/a/b/.", "http://example.com/a/b/"),
    ("http://example.com/a/b/..", "http://example.com/a/"),
    ("http://example.com/../../x", "http://example.com/x"),
    ("http://example.com/a//../b", "http://example.com/b"),
    ("http://example.com/.hidden/..dots../", "http://example.com/.hidden/..dots../"),
    ("http://example.com?q", "http://example.com/?q"),
    ("http://example.com/a?b/./../c#d", "http://example.com/a?b/./../c"),
    # white space and the fragment
    ("\u3000 http://example.com/ \u3000", "http://example.com/"),
    ("http://example.com/a b", "http://example.com/a%20b"),
    ("http://example.com/ #frag", "http://example.com/"),
    ("http://example.com/%23frag", "http://example.com/%23frag"),
    ("http://example.com/?a=%09", "http://example.com/?a=%09"),
    # schemes: kept and lower-cased, http when absent; a scheme-relative address is http
    ("//example.com/x", "http://example.com/x"),
    ("FTP://files.example.org/a", "ftp://files.example.org/a"),
    ("hxxp://example.com/", "hxxp://example.com/"),
    # the text is read as UTF-8 (the byte string of the specification is read as it is)
    ("http://\x01\x80.com/", "http://%01%C2%80.com/"),
]

# A canonical form needs a host; without one the answer is "".
NO_HOST = [
    "",
    "   ",
    ":",
    "/blah",
    "#ref",
    "/blah#ref",
    "?query#ref",
    "/blah?query#ref",
    "/blah;param",
    "http://#ref",
    "http:///blah#ref",
    "http://?query#ref",
    "http:///blah?query#ref",
    "http:///blah;param",
    "http:///blah;param?query#ref",
    "mailto:bryner@google.com",
    "javascript:alert(1)",
    "http:www.google.com:8080/foo.html",
    "www.google.com:xxyy/foo.html:80",
    ":8080/foo.html",
    "http://.../",
    "http://user@/",
]

TABLES: dict[str, list[tuple[str | bytes, str]]] = {
    "specification": SPECIFICATION_EXAMPLES,
    "specification-ipv6": SPECIFICATION_IPV6_EXAMPLES,
    "reference-clients": REFERENCE_CLIENT_EXAMPLES,
    "ipv4": IPV4_EXAMPLES,
    "edge-cases": OWN_EDGE_CASES,
    "no-host": [(text, "") for text in NO_HOST],
}
ALL_EXAMPLES = [
    pytest.param(url, expected, id=f"{table}-{number}")
    for table, rows in TABLES.items()
    for number, (url, expected) in enumerate(rows, start=1)
]


@pytest.mark.parametrize(("url", "expected"), ALL_EXAMPLES)
def test_it_gives_the_expected_canonical_form(url: str | bytes, expected: str) -> None:
    assert canonicalize(url) == expected


@pytest.mark.parametrize(("url", "expected"), ALL_EXAMPLES)
def test_it_leaves_every_expected_result_unchanged(url: str | bytes, expected: str) -> None:
    assert canonicalize(expected) == expected


def test_it_hashes_the_canonical_form_with_sha256() -> None:
    expected = hashlib.sha256(b"http://195.127.0.11/blah").hexdigest()

    assert url_hash("http://3279880203/blah#top") == expected
    assert url_hash("HTTP://0xc37f000b/./blah") == expected


def test_it_refuses_to_hash_text_without_a_host() -> None:
    with pytest.raises(ValueError, match="no host"):
        url_hash("mailto:someone@example.com")


def test_it_gives_different_hashes_to_different_pages() -> None:
    assert url_hash("http://example.com/a") != url_hash("http://example.com/b")
    assert url_hash("http://example.com/a") != url_hash("https://example.com/a")


# --- properties -----------------------------------------------------------------------

LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10)
TOP_LEVEL = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=6)
PATH_CHARACTERS = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@"


@st.composite
def domain_names(draw: st.DrawFn) -> str:
    return ".".join([*draw(st.lists(LABEL, min_size=1, max_size=3)), draw(TOP_LEVEL)])


@st.composite
def ipv4_spellings(draw: st.DrawFn) -> str:
    value = draw(st.integers(0, 2**32 - 1))
    spelling = draw(st.sampled_from(["decimal", "integer", "hex", "octal"]))
    if spelling == "integer":
        return str(value)
    if spelling == "hex":
        return hex(value)
    octets = [(value >> shift) & 255 for shift in (24, 16, 8, 0)]
    return ".".join(oct(octet).replace("0o", "0") if spelling == "octal" else str(octet) for octet in octets)


HOSTS = st.one_of(
    domain_names(),
    ipv4_spellings(),
    st.ip_addresses(v=6).map(lambda address: f"[{address}]"),
    st.text(min_size=1, max_size=12),
    st.sampled_from(["例え.jp", "ÜMLAT.de", "xn--zz", "..", "[", "[::1", "0x", "1.2.3.4 xy"]),
)
PATH_SEGMENTS = st.one_of(
    st.sampled_from(["", ".", "..", "%2e", "%2E%2e", "%2F", "%25", "%", "#", "?"]),
    st.text(alphabet=PATH_CHARACTERS, max_size=8),
    st.text(max_size=6),
)


@st.composite
def url_shaped_texts(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http://", "HTTPS://", "ftp://", "", "//", "javascript:", "hxxp://", "http:"]))
    userinfo = draw(st.sampled_from(["", "user@", "user:pass@", "a@b@"]))
    port = draw(st.one_of(st.just(""), st.integers(0, 99999).map(lambda number: f":{number}"), st.just(":")))
    path = "/".join(draw(st.lists(PATH_SEGMENTS, max_size=6)))
    query = draw(st.one_of(st.just(""), st.text(max_size=10).map(lambda text: "?" + text)))
    fragment = draw(st.one_of(st.just(""), st.text(max_size=6).map(lambda text: "#" + text)))
    return f"{scheme}{userinfo}{draw(HOSTS)}{port}/{path}{query}{fragment}"


ANY_INPUT = st.one_of(st.text(), st.binary(), url_shaped_texts())


@given(ANY_INPUT)
def test_it_never_raises_and_always_answers_in_printable_ascii(url: str | bytes) -> None:
    canonical = canonicalize(url)

    assert canonical.isascii()
    assert all(33 <= ord(character) < 127 for character in canonical)


@given(ANY_INPUT)
def test_it_is_idempotent(url: str | bytes) -> None:
    canonical = canonicalize(url)

    assert canonicalize(canonical) == canonical


@given(ANY_INPUT)
def test_it_always_gives_a_scheme_and_a_path(url: str | bytes) -> None:
    canonical = canonicalize(url)

    scheme, separator, rest = canonical.partition("://")
    assert canonical == "" or (scheme and separator and "/" in rest)


def percent_encode(text: str, positions: list[bool], upper: bool) -> str:
    """Escape the characters at the chosen positions as their UTF-8 bytes."""
    form = "%{:02X}" if upper else "%{:02x}"
    escaped = []
    for character, chosen in zip(text, positions, strict=False):
        data = character.encode("utf-8", "surrogatepass")
        escaped.append("".join(form.format(byte) for byte in data) if chosen else character)
    return "".join(escaped) + text[len(escaped) :]


@given(
    st.text().filter(lambda text: text == text.strip() and not set(text) & set("#\t\r\n")),
    st.lists(st.booleans()),
    st.booleans(),
    st.booleans(),
)
def test_it_gives_the_same_answer_however_many_characters_are_escaped(
    text: str, positions: list[bool], upper: bool, twice: bool
) -> None:
    escaped = percent_encode(text, positions, upper)
    if twice:
        escaped = percent_encode(escaped, positions, upper)

    assert canonicalize(escaped) == canonicalize(text)


@st.composite
def plain_urls(draw: st.DrawFn) -> tuple[str, str, str]:
    """(scheme, host, path-and-query) of an address written the simplest way."""
    scheme = draw(st.sampled_from(["http", "https", "ftp"]))
    segments = draw(st.lists(st.text(alphabet=PATH_CHARACTERS.replace(".", ""), min_size=1, max_size=8), max_size=4))
    query = draw(st.one_of(st.just(""), st.text(alphabet=PATH_CHARACTERS + "/?", max_size=10).map("?{}".format)))
    return scheme, draw(domain_names()), "/" + "/".join(segments) + query


@st.composite
def respellings(draw: st.DrawFn, url: tuple[str, str, str]) -> str:
    """The same address written another way: case, dots, port, user, dot segments, escapes, blanks."""
    scheme, host, path = url
    if draw(st.booleans()):
        scheme, host = scheme.upper(), host.upper()
    host = draw(st.sampled_from(["", ".", ".."])) + host.replace(".", draw(st.sampled_from([".", ".."])))
    host += draw(st.sampled_from(["", ".", "..."])) + draw(st.sampled_from(["", ":80", ":8443", ":"]))
    userinfo = draw(st.sampled_from(["", "anonymous@", "user:pw@"]))
    path = path.replace("/", draw(st.sampled_from(["/", "//", "/./", "/x/../"])), 1)
    spelled = f"{scheme}://{userinfo}{host}{path}"
    spelled = percent_encode(spelled, draw(st.lists(st.booleans())), draw(st.booleans()))
    spelled += draw(st.sampled_from(["", "#", "#section-2"]))
    spelled = spelled.replace("/", draw(st.sampled_from(["/", "/\t", "\r\n/"])), 1)
    return draw(st.sampled_from(["", " ", "\u3000"])) + spelled + draw(st.sampled_from(["", " \n"]))


@given(st.data(), plain_urls())
def test_it_hashes_every_spelling_of_an_address_alike(data: st.DataObject, url: tuple[str, str, str]) -> None:
    scheme, host, path = url
    plain = f"{scheme}://{host}{path}"

    assert url_hash(data.draw(respellings(url))) == url_hash(plain)


@given(ipv4_spellings(), st.sampled_from(["", "/", "/page?x=1"]))
def test_it_hashes_every_ipv4_spelling_of_an_address_alike(host: str, path: str) -> None:
    dotted = canonicalize(f"http://{host}/").removeprefix("http://").removesuffix("/")

    assert url_hash(f"http://{host}{path}") == url_hash(f"http://{dotted}{path}")
    assert all(0 <= int(octet) <= 255 for octet in dotted.split("."))


def test_it_hashes_a_name_and_its_punycode_alike() -> None:
    assert url_hash("https://例え.テスト/パス") == url_hash("https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9")


# --- the report form's check ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("example.com", "http://example.com/"),
        ("  https://Example.COM:443/a?b#c  ", "https://example.com/a?b"),
        ("ftp://files.example.org/pub/file.zip", "ftp://files.example.org/pub/file.zip"),
        ("http://3279880203/blah", "http://195.127.0.11/blah"),
        ("http://[2001:db8::1]/x", "http://[2001:db8::1]/x"),
        ("https://例え.jp/パス", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"),
        ("sub_domain.example.co.jp/path", "http://sub_domain.example.co.jp/path"),
        ("abcdefghijklmnop.onion/", "http://abcdefghijklmnop.onion/"),
        ("http://user:pass@example.com/", "http://example.com/"),
    ],
)
def test_it_accepts_a_reported_address_and_gives_its_canonical_form(text: str, expected: str) -> None:
    assert validate_report_url(text) == expected


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:alert(document.cookie)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("javascript%3Aalert(1)", "javascript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("file:///etc/passwd", "file"),
        ("about:blank", "about"),
        ("mailto:someone@example.com", "mailto"),
        ("vbscript:msgbox", "vbscript"),
        ("blob:https://example.com/uuid", "blob"),
        ("view-source:http://example.com/", "view-source"),
        ("hxxp://example.com/", "hxxp"),
        ("ws://example.com/", "ws"),
    ],
)
def test_it_refuses_schemes_other_than_http_https_and_ftp(text: str, scheme: str) -> None:
    with pytest.raises(ReportUrlRefused) as refusal:
        validate_report_url(text)

    assert refusal.value.reason == Refusal.SCHEME_NOT_ALLOWED
    assert refusal.value.scheme == scheme
    assert "use http, https or ftp" in str(refusal.value)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u3000"])
def test_it_refuses_an_empty_line(text: str) -> None:
    with pytest.raises(ReportUrlRefused) as refusal:
        validate_report_url(text)

    assert refusal.value.reason == Refusal.EMPTY


def test_it_refuses_an_address_over_the_length_limit_and_accepts_one_at_it() -> None:
    prefix = "http://example.com/"
    at_limit = prefix + "a" * (MAX_URL_LENGTH - len(prefix))

    assert validate_report_url(at_limit) == at_limit
    with pytest.raises(ReportUrlRefused) as refusal:
        validate_report_url(at_limit + "a")
    assert refusal.value.reason == Refusal.TOO_LONG
    assert str(MAX_URL_LENGTH) in str(refusal.value)


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "not a url",
        "localhost",
        "http://intranet/",
        "http://",
        "http:///path",
        "http:example.com",
        "12345",
        "http://0.0.0.0/",
        "http://999.1.1.1/",
        "http://%20leadingspace.com/",
        "http://example.123/",
        "http://bad label.com/",
        "http://[not-an-address]/",
        "http://[::1/",
        "http://" + "a" * 64 + ".com/",
        "http://" + ".".join(["abcdefghij"] * 25) + ".com/",
        "/just/a/path",
        "#fragment",
    ],
)
def test_it_refuses_text_without_a_plausible_host(text: str) -> None:
    with pytest.raises(ReportUrlRefused) as refusal:
        validate_report_url(text)

    assert refusal.value.reason == Refusal.NO_HOST


@given(st.text(max_size=MAX_URL_LENGTH + 10) | url_shaped_texts())
def test_it_either_accepts_with_an_allowed_scheme_or_refuses_with_a_reason(text: str) -> None:
    try:
        canonical = validate_report_url(text)
    except ReportUrlRefused as refusal:
        assert refusal.reason in set(Refusal)
    else:
        assert canonical == canonicalize(text)
        assert canonical.split("://")[0] in ("http", "https", "ftp")
