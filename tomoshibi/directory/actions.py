"""State changes of the directory: importing the CSV files, and recording a maintainer's edit.

Every change records an audit event in its own transaction (who, which file or entry, what
changed by count), so a wrong number on a help page can be traced to the import or the edit.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tomoshibi.audit.events import record_event
from tomoshibi.directory import codes, reach
from tomoshibi.directory.csvformat import (
    BUNDLED,
    BUNDLED_CONTACTS,
    FormatError,
    Row,
    contact_rows,
    format_flag,
    iter_rows,
    parse_date,
    parse_flag,
    parse_list,
)
from tomoshibi.directory.models import Contact, DirectoryEvent, Service

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
LIST_VOCABULARIES = {"channels": codes.SERVICE_CHANNELS, "serves": codes.SERVES}


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # in the database, not in the file: kept, reported
    contacts: int | None = None  # contacts written, when a contacts file was given

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


def _checked(record, line: int):
    """The service or contact, validated as the admin would; FormatError naming the line otherwise."""
    try:
        record.full_clean(validate_unique=False, exclude=["service"])
    except ValidationError as error:
        problems = "; ".join(f"{name}: {' '.join(map(str, messages))}" for name, messages in error.message_dict.items())
        raise FormatError(f"line {line} ({record}): {problems}") from None
    return record


def check_named_services(rows: list[Row]) -> None:
    """The rules name some services by id: a directory without one of them cannot give their answers."""
    ids = {row["id"] for row in rows}
    missing = [service_id for service_id in codes.NAMED_SERVICES if service_id not in ids]
    if missing:
        raise FormatError(f"services the referral rules name are missing: {', '.join(missing)}")


@transaction.atomic
def do_import_services(rows: list[Row], *, contact_rows: list[Row] | None = None, acting_user=None) -> ImportReport:
    """Create or update one service per row; nothing is deleted. All rows or none are written.

    With `contact_rows` (the contacts file), every service's contacts become exactly the file's."""
    check_named_services(rows)
    report = _import_service_rows(rows)
    if contact_rows is not None:
        report.contacts = _replace_contacts(contact_rows, {row["id"] for row in rows} | set(report.missing))
    new = {"created": len(report.created), "updated": len(report.updated), "unchanged": report.unchanged}
    new |= {"contacts": report.contacts} if report.contacts is not None else {}
    record_event(DirectoryEvent.IMPORTED, actor=acting_user, new=new)
    return report


def do_import_bundled(*, acting_user=None) -> ImportReport:
    """The directory shipped with the code: support-directory.csv and, when present, contacts.csv."""
    contacts = contact_rows(BUNDLED_CONTACTS) if BUNDLED_CONTACTS.exists() else None
    return do_import_services(list(iter_rows(BUNDLED)), contact_rows=contacts, acting_user=acting_user)


def _import_service_rows(rows: list[Row]) -> ImportReport:
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


def contact_values(row: Row) -> dict:
    """Model field values from one contacts row (FormatError naming the line on a bad value)."""
    where = f"line {row['line']} ({row['service_id']})"
    try:
        reach.check_value(row["channel"], row["value"])
        reach.check_hours(row["hours"])
        last_checked = parse_date(row["last_checked"])
    except reach.ContactError as error:
        raise FormatError(f"{where}: {error}") from None
    except ValueError:
        raise FormatError(f"{where}: last_checked must be YYYY-MM-DD, not {row['last_checked']!r}") from None
    if not row["source_url"].startswith("https://") and not row["source_url"].startswith("http://"):
        raise FormatError(f"{where}: every contact needs its source_url (the official page that states it)")
    values = {name: row[name] for name in ("channel", "value", "hours", "notes_en", "notes_ja", "source_url")}
    return values | {"languages": ";".join(parse_list(row["languages"])), "last_checked": last_checked}


def _replace_contacts(rows: list[Row], service_ids: set[str]) -> int:
    unknown = sorted({row["service_id"] for row in rows} - service_ids)
    if unknown:
        raise FormatError(f"contacts for services not in the directory: {', '.join(unknown)}")
    contacts = [Contact(service_id=row["service_id"], position=i, **contact_values(row)) for i, row in enumerate(rows)]
    for contact in contacts:
        _checked(contact, int(rows[contact.position]["line"]))
    Contact.objects.all().delete()
    Contact.objects.bulk_create(contacts)
    Service.objects.filter(pk__in={c.service_id for c in contacts}).update(updated_at=timezone.now())
    return len(contacts)


def service_row(service: Service) -> Row:
    row = {column: getattr(service, name) for column, name in TEXT_COLUMNS.items()}
    return row | {
        "id": service.id,
        "is_24h": format_flag(service.is_24h),
        "last_checked": service.last_checked.isoformat() if service.last_checked else "",
    }


def export_rows() -> list[Row]:
    return [service_row(s) for s in Service.objects.order_by("position", "id")]


def contact_row(contact: Contact) -> Row:
    row = {name: getattr(contact, name) for name in ("channel", "value", "languages", "hours", "notes_en", "notes_ja")}
    return row | {
        "service_id": contact.service_id,
        "source_url": contact.source_url,
        "last_checked": contact.last_checked.isoformat() if contact.last_checked else "",
    }


def export_contact_rows() -> list[Row]:
    return [contact_row(c) for c in Contact.objects.order_by("position", "id")]


def mark_checked(service: Service) -> None:
    """A maintainer's edit: the entry keeps its source and is dated as checked today (Japan time)."""
    service.last_checked = timezone.localdate()


@transaction.atomic
def do_correct_service(service: Service, changed: list[str], *, acting_user) -> Service:
    """A maintainer's correction of an entry (and its contacts, saved by the caller in this transaction)."""
    mark_checked(service)
    service.save()
    record_event(DirectoryEvent.SERVICE_CORRECTED, actor=acting_user, target=service, new={"fields": changed[:20]})
    return service


@transaction.atomic
def do_correct_contact(contact: Contact, changed: list[str], *, acting_user) -> Contact:
    """A maintainer's correction of one way to reach a service: dated as checked today."""
    contact.last_checked = timezone.localdate()
    contact.save()
    Service.objects.filter(pk=contact.service_id).update(updated_at=timezone.now())
    record_event(
        DirectoryEvent.CONTACT_CORRECTED,
        actor=acting_user,
        target=contact,
        new={"service": contact.service_id, "fields": changed[:20]},
    )
    return contact


@transaction.atomic
def do_remove_contact(contact: Contact, *, acting_user) -> None:
    record_event(
        DirectoryEvent.CONTACT_CORRECTED,
        actor=acting_user,
        target=contact,
        new={"service": contact.service_id, "fields": ["deleted"], "channel": contact.channel},
    )
    Service.objects.filter(pk=contact.service_id).update(updated_at=timezone.now())
    contact.delete()
