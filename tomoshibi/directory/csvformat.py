"""The directory's CSV format (the shared support-directory.csv), read and written without Django.

Columns: the 13 of the shared file, then an optional `last_checked` (YYYY-MM-DD)
that `tomoshibi directory export` writes so a correction's date survives a
round trip. Lists are ';'-separated; `is_24h` is `true`, `false` or empty
(unknown); an empty `prefecture_code` means a national service.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from tomoshibi.directory.referral import Service

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
BUNDLED = Path(__file__).parent / "data" / "support-directory.csv"

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


def write_rows(rows: Iterable[Row], stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in COLUMNS} for row in rows)


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


def service_from_row(row: Row) -> Service:
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
    )


def read_services(path: Path = BUNDLED) -> list[Service]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [service_from_row(row) for row in read_rows(stream)]


def iter_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8", newline="") as stream:
        yield from read_rows(stream)
