"""Reading the addresses of one report, line by line, as the form and the API receive them.

Pure module (no Django). Each problem names its line (counted as the person sees
them, blank lines included) so the form can say which line is wrong and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .canonical import Refusal, ReportUrlRefused, url_hash, validate_report_url

MAX_ADDRESSES = 20


@dataclass(frozen=True)
class Address:
    line: int
    typed: str  # trimmed; this is what is sealed and later read by an analyst
    url_hash: str


@dataclass(frozen=True)
class LineProblem:
    line: int
    text: str
    reason: Refusal
    scheme: str | None = None


@dataclass(frozen=True)
class ReadAddresses:
    addresses: list[Address] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    given: int = 0  # non-blank lines

    @property
    def too_many(self) -> bool:
        return self.given > MAX_ADDRESSES

    @property
    def none_given(self) -> bool:
        return self.given == 0

    @property
    def is_valid(self) -> bool:
        return not (self.problems or self.too_many or self.none_given)


def read_addresses(lines: Iterable[str]) -> ReadAddresses:
    """Every non-blank line checked; the same address twice (in any spelling) is kept once."""
    addresses: list[Address] = []
    problems: list[LineProblem] = []
    seen: set[str] = set()
    given = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        given += 1
        try:
            validate_report_url(line)
        except ReportUrlRefused as refused:
            problems.append(LineProblem(number, line.strip(), refused.reason, refused.scheme))
            continue
        digest = url_hash(line)
        if digest not in seen:
            seen.add(digest)
            addresses.append(Address(number, line.strip(), digest))
    return ReadAddresses(addresses, problems, given)
