"""Opening a report's sealed addresses, description and notes with the organisation's private key."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tomoshibi.vault import crypto

from .models import KnownHash, Report, ReportedUrl, ReportStep


def open_text(private_key: bytes, sealed) -> str | None:
    """The sealed text, or None if this key cannot open it."""
    try:
        return crypto.unseal_text(private_key, bytes(sealed))
    except crypto.WrongKey:
        return None


def unreadable_text() -> str:
    return _("This text cannot be opened with the key of this session.")


@dataclass(frozen=True)
class OpenedUrl:
    position: int
    text: str
    url_hash: str
    on_known_list: bool
    also_in: list[Report] = field(default_factory=list)


@dataclass(frozen=True)
class OpenedStep:
    step: ReportStep
    note: dict


@dataclass(frozen=True)
class OpenedReport:
    report: Report
    urls: list[OpenedUrl]
    description: str
    contact: str
    steps: list[OpenedStep]


def open_report(report: Report, private_key: bytes) -> OpenedReport:
    return OpenedReport(
        report=report,
        urls=open_urls(report, private_key),
        description=open_optional(private_key, report.sealed_description),
        contact=open_optional(private_key, report.sealed_contact),
        steps=[
            OpenedStep(step, open_note(private_key, step.sealed_note)) for step in report.steps.select_related("actor")
        ],
    )


def open_optional(private_key: bytes, sealed) -> str:
    if sealed is None:
        return ""
    return open_text(private_key, sealed) or unreadable_text()


def open_note(private_key: bytes, sealed) -> dict:
    if sealed is None:
        return {}
    text = open_text(private_key, sealed)
    return json.loads(text) if text is not None else {"unreadable": unreadable_text()}


def open_urls(report: Report, private_key: bytes) -> list[OpenedUrl]:
    urls = list(report.urls.all())
    hashes = [url.url_hash for url in urls]
    known = set(KnownHash.objects.filter(desk=report.desk, url_hash__in=hashes).values_list("url_hash", flat=True))
    others = other_reports_with(report, hashes)
    return [
        OpenedUrl(
            position=url.position + 1,
            text=open_text(private_key, url.sealed_url) or unreadable_text(),
            url_hash=url.url_hash,
            on_known_list=url.url_hash in known,
            also_in=others[url.url_hash],
        )
        for url in urls
    ]


def other_reports_with(report: Report, hashes: list[str]) -> dict[str, list[Report]]:
    """For each address, the desk's other reports that gave it too (duplicates), oldest first."""
    found: dict[str, list[Report]] = defaultdict(list)
    same = (
        ReportedUrl.objects.filter(report__desk=report.desk, url_hash__in=hashes)
        .exclude(report=report)
        .select_related("report")
        .order_by("report__created_at")
    )
    for url in same:
        found[url.url_hash].append(url.report)
    return found


def open_urls_as_text(report: Report, private_key: bytes) -> list[str]:
    return [open_text(private_key, url.sealed_url) or unreadable_text() for url in report.urls.all()]
