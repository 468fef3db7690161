"""The directory the tests use: the bundled files, completed by a small fixture where they are not yet.

The bundled `data/contacts.csv` is used as it is. A service it gives no contact for gets the contacts of
`tests/data/contacts.csv` (so the rules can be tested for services whose contacts are still being
checked: the LINE accounts of youth NGOs, the migrants' network), and `tests/data/extra-services.csv`
adds the services the fixture names that the bundled file lacks, and `data/pending.csv` the services
held back until an official page confirms them (the product never loads that file; the tests do, so
the rules stay tested for them). Once the bundled data covers a service, the fixture's rows for it
are no longer used.

The fixture's own phone numbers are not real: every number in `tests/data` that no official page
confirms is in 03-0000-xxxx, a range no line can have (a local number never begins with 0), and the
pending services' numbers (unconfirmed, some of them private mobiles) are replaced by such numbers as
the fixture loads them, so a fixture loaded by mistake cannot send a person to a stranger. Numbers of
services confirmed on an official page (110, #8891, DV Consultation Plus, Houterasu, ...) are the
real ones.
"""

from pathlib import Path

from tomoshibi.directory.csvformat import (
    BUNDLED,
    BUNDLED_CONTACTS,
    contact_from_row,
    contact_rows,
    iter_rows,
    service_from_row,
)
from tomoshibi.directory.referral_engine import Service

FIXTURE = Path(__file__).parent / "data"
PENDING = BUNDLED.with_name("pending.csv")


def directory_rows() -> tuple[list[dict], list[dict]]:
    services = list(iter_rows(BUNDLED))
    known = {row["id"] for row in services}
    for extra in (iter_rows(FIXTURE / "extra-services.csv"), pending_rows()):
        services += [row for row in extra if row["id"] not in known]
        known |= {row["id"] for row in services}
    bundled = contact_rows(BUNDLED_CONTACTS)
    covered = {row["service_id"] for row in bundled}
    return services, bundled + [
        row for row in contact_rows(FIXTURE / "contacts.csv") if row["service_id"] not in covered
    ]


UNREAL_PENDING_NUMBER = "03-0000-{:04d}"  # 03-0000-0201 onwards; the fixture's own numbers are 01xx


def pending_rows() -> list[dict]:
    """The pending services, each number they list replaced by one no line can have."""
    rows = list(iter_rows(PENDING))
    for position, row in enumerate(rows, start=201):
        row["phone"] = UNREAL_PENDING_NUMBER.format(position) if row["phone"].strip() else ""
    return rows


def import_directory():
    from tomoshibi.directory.actions import do_import_services

    services, contacts = directory_rows()
    return do_import_services(services, contact_rows=contacts)


def engine_services() -> list[Service]:
    """The same directory as the engine sees it, without a database."""
    services, contacts = directory_rows()
    by_service: dict[str, list] = {}
    for row in contacts:
        by_service.setdefault(row["service_id"], []).append(contact_from_row(row))
    return [service_from_row(row, tuple(by_service.get(row["id"], ()))) for row in services]
