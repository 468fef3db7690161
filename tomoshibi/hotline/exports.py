"""The file a hotline sends to the police: one row per reported address, opened for that moment only.

The file is built in memory for the response that downloads it and never written
on the server. It is UTF-8 with a byte order mark, so that spreadsheet programs
used in Japan read it correctly.
"""

import csv
import io

from django.utils import timezone

from .models import Report
from .reading import open_text, unreadable_text

COLUMNS = (
    "report",
    "received_at",
    "category",
    "seen_on",
    "decision",
    "legal_basis",
    "assessed_at",
    "known_list",
    "url_number",
    "url",
    "url_sha256",
)


def local_time(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def police_rows(report: Report, private_key: bytes):
    facts = [
        str(report.pk),
        local_time(report.created_at),
        report.category,
        report.seen_on,
        report.decision,
        " ".join(report.legal_basis),
        local_time(report.assessed_at),
        "yes" if report.matches_known_list else "no",
    ]
    for number, url in enumerate(report.urls.all(), start=1):
        yield [*facts, number, open_text(private_key, url.sealed_url) or unreadable_text(), url.url_hash]


def police_export(reports: list[Report], private_key: bytes) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for report in reports:
        writer.writerows(police_rows(report, private_key))
    return buffer.getvalue()
