"""The directory's CSV files, read and written without Django.

support-directory.csv (services): the 13 columns of the shared file, then an optional
`last_checked` (YYYY-MM-DD). Lists are ';'-separated; `is_24h` is `true`, `false` or
empty (unknown); an empty `prefecture_code` means a national service. The old columns
`phone`, `hours`, `is_24h` and `channels` are still read: the engine uses them for a
service that has no row in the contacts file.

contacts.csv: one row per way to reach a service (`CONTACT_COLUMNS`), in the format
docs/referral.md describes: channel, value, languages, structured hours, notes, source
and the day it was checked.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from tomoshibi.directory.reach import Contact
from tomoshibi.directory.referral_engine import Service

SOURCE_COLUMNS = (
    "id",
    "name_ja",
    "name_en",
    "kind",
    "prefecture_code",
    "phone",
    "hours",
    "is_24h",
    "languages",
    "channels",
    "serves",
    "status",
    "source_url",
)
COLUMNS = (*SOURCE_COLUMNS, "last_checked")
CONTACT_COLUMNS = (
    "service_id",
    "channel",
    "value",
    "languages",
    "hours",
    "notes_en",
    "notes_ja",
    "source_url",
    "last_checked",
)
BUNDLED = Path(__file__).parent / "data" / "support-directory.csv"
BUNDLED_CONTACTS = BUNDLED.with_name("contacts.csv")

Row = dict[str, str]


class FormatError(ValueError):
    """The file is not in the directory format; the message says where and why."""


def read_rows(stream: TextIO) -> list[Row]:
    reader = csv.DictReader(stream)
    missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise FormatError(f"missing columns: {', '.join(missing)}")
    rows = [{c: (row.get(c) or "").strip() for c in COLUMNS} for row in reader]
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if not row["id"]:
            raise FormatError(f"line {number}: empty id")
        if row["id"] in seen:
            raise FormatError(f"line {number}: id {row['id']} appears twice")
        seen.add(row["id"])
    return rows


def read_contact_rows(stream: TextIO) -> list[Row]:
    """The contacts file's rows; each keeps its line number under `line`."""
    reader = csv.DictReader(stream)
    missing = [c for c in CONTACT_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise FormatError(f"missing columns: {', '.join(missing)}")
    rows = []
    for number, row in enumerate(reader, start=2):
        rows.append({c: (row.get(c) or "").strip() for c in CONTACT_COLUMNS} | {"line": str(number)})
        if not rows[-1]["service_id"]:
            raise FormatError(f"line {number}: empty service_id")
    return rows


def is_contacts_file(path: Path) -> bool:
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.readline().lstrip("\ufeff").startswith("service_id,")


def write_rows(rows: Iterable[Row], stream: TextIO, columns: tuple[str, ...] = COLUMNS) -> None:
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)


def rows_as_text(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    write_rows(rows, buffer)
    return buffer.getvalue()


def parse_flag(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text.strip().lower())


def format_flag(flag: bool | None) -> str:
    return "" if flag is None else str(flag).lower()


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def contact_from_row(row: Row) -> Contact:
    return Contact(
        channel=row["channel"],
        value=row["value"],
        languages=frozenset(parse_list(row["languages"])),
        hours_text=row["hours"],
        notes_en=row["notes_en"],
        notes_ja=row["notes_ja"],
        source_url=row["source_url"],
        last_checked=parse_date(row["last_checked"]),
    )


def service_from_row(row: Row, contacts: tuple[Contact, ...] = ()) -> Service:
    return Service(
        id=row["id"],
        name_ja=row["name_ja"],
        name_en=row["name_en"],
        kind=row["kind"],
        prefecture=row["prefecture_code"] or None,
        phone=row["phone"],
        hours_text=row["hours"],
        is_24h=parse_flag(row["is_24h"]),
        languages=frozenset(parse_list(row["languages"])),
        channels=frozenset(parse_list(row["channels"])),
        serves=frozenset(parse_list(row["serves"])),
        status=row["status"],
        contacts=contacts,
    )


def read_services(path: Path = BUNDLED, contacts_path: Path | None = BUNDLED_CONTACTS) -> list[Service]:
    """The services of a directory file as the engine sees them, with their contacts when that file exists."""
    by_service: dict[str, list[Contact]] = {}
    if contacts_path is not None and contacts_path.exists():
        with contacts_path.open(encoding="utf-8", newline="") as stream:
            for row in read_contact_rows(stream):
                by_service.setdefault(row["service_id"], []).append(contact_from_row(row))
    with path.open(encoding="utf-8", newline="") as stream:
        return [service_from_row(row, tuple(by_service.get(row["id"], ()))) for row in read_rows(stream)]


def iter_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8", newline="") as stream:
        yield from read_rows(stream)


def contact_rows(path: Path = BUNDLED_CONTACTS) -> list[Row]:
    """The contacts file's rows; none when it does not exist."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return read_contact_rows(stream)
