"""State changes of the directory: importing the CSV, and recording a maintainer's edit."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tomoshibi.directory import referral
from tomoshibi.directory.csvformat import FormatError, Row, format_flag, parse_date, parse_flag, parse_list
from tomoshibi.directory.models import Service

# CSV column -> model field, for the columns stored as they are.
TEXT_COLUMNS = {
    "name_ja": "name_ja",
    "name_en": "name_en",
    "kind": "kind",
    "prefecture_code": "prefecture_code",
    "phone": "phone",
    "hours": "hours",
    "languages": "languages",
    "channels": "channels",
    "serves": "serves",
    "status": "status",
    "source_url": "source_url",
}
LIST_VOCABULARIES = {"channels": referral.SERVICE_CHANNELS, "serves": referral.SERVES}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # in the database, not in the file: kept, reported

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def row_values(row: Row, position: int) -> dict:
    """Model field values from one CSV row (FormatError naming the line on a bad value)."""
    line = position + 2
    for column, vocabulary in LIST_VOCABULARIES.items():
        unknown = [v for v in parse_list(row[column]) if v not in vocabulary]
        if unknown:
            raise FormatError(f"line {line}: unknown {column} {', '.join(unknown)}; valid: {', '.join(vocabulary)}")
    if row["is_24h"] and parse_flag(row["is_24h"]) is None:
        raise FormatError(f"line {line}: is_24h must be true, false or empty, not {row['is_24h']!r}")
    try:
        last_checked = parse_date(row["last_checked"])
    except ValueError:
        raise FormatError(f"line {line}: last_checked must be YYYY-MM-DD, not {row['last_checked']!r}") from None
    values = {name: row[column] for column, name in TEXT_COLUMNS.items()}
    values |= {"is_24h": parse_flag(row["is_24h"]), "position": position}
    values |= {"languages": ";".join(parse_list(row["languages"])), "channels": ";".join(parse_list(row["channels"]))}
    values |= {"serves": ";".join(parse_list(row["serves"]))}
    return values | ({"last_checked": last_checked} if last_checked else {})


def _checked(service: Service, line: int) -> Service:
    try:
        service.full_clean(validate_unique=False)
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in error.message_dict.items())
        raise FormatError(f"line {line} ({service.id}): {problems}") from None
    return service


@transaction.atomic
def do_import_services(rows: list[Row], *, acting_user=None) -> ImportReport:
    """Create or update one service per row; nothing is deleted. All rows or none are written."""
    report = ImportReport()
    existing = {s.id: s for s in Service.objects.all()}
    for position, row in enumerate(rows):
        values = row_values(row, position)
        service = existing.get(row["id"])
        if service is None:
            _checked(Service(id=row["id"], **values), position + 2).save(force_insert=True)
            report.created.append(row["id"])
            continue
        changed = [name for name, value in values.items() if getattr(service, name) != value]
        if not changed:
            report.unchanged += 1
            continue
        for name in changed:
            setattr(service, name, values[name])
        _checked(service, position + 2).save(update_fields=[*changed, "updated_at"])
        report.updated.append(row["id"])
    seen = {row["id"] for row in rows}
    report.missing = sorted(set(existing) - seen)
    return report


def service_row(service: Service) -> Row:
    row = {column: getattr(service, name) for column, name in TEXT_COLUMNS.items()}
    return row | {
        "id": service.id,
        "is_24h": format_flag(service.is_24h),
        "last_checked": service.last_checked.isoformat() if service.last_checked else "",
    }


def export_rows() -> list[Row]:
    return [service_row(s) for s in Service.objects.order_by("position", "id")]


def mark_checked(service: Service) -> None:
    """A maintainer's edit: the entry keeps its source and is dated as checked today (Japan time)."""
    service.last_checked = timezone.localdate()
