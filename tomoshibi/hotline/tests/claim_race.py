"""Several analysts claiming from one queue at the same moment, each in its own thread and connection.

`race()` is used by the PostgreSQL test in-process. Run as a module it does the
same on a fresh SQLite file, since SQLite's in-memory test database cannot be
shared by threads that each hold their own connection:

    python -m tomoshibi.hotline.tests.claim_race /tmp/race.sqlite3
"""

import json
import os
import sys
import threading

REPORTS = 60
ANALYSTS = 6


def claim_until_empty(desk, user, start: threading.Barrier, claimed: list) -> None:
    from django.db import connection

    from tomoshibi.hotline.actions import do_claim_next_report

    try:
        start.wait()
        while (report := do_claim_next_report(desk, acting_user=user)) is not None:
            claimed.append((str(report.pk), user.pk))
    finally:
        connection.close()


def race(desk, users) -> list[tuple[str, int]]:
    """Every user claims until the queue is empty, all starting together; returns (report, user) pairs."""
    start = threading.Barrier(len(users))
    claimed: list[tuple[str, int]] = []
    threads = [threading.Thread(target=claim_until_empty, args=(desk, user, start, claimed)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return claimed


def prepare_desk(reports: int = REPORTS, analysts: int = ANALYSTS):
    """A hotline desk with waiting reports and analysts; returns (desk, users, report ids)."""
    from tomoshibi.accounts.models import Role
    from tomoshibi.testing.personas import Desk, make_desk, make_staff, submit

    desk: Desk = make_desk("race-desk")
    users = [make_staff(desk.org, Role.COUNSELLOR, f"analyst{n}@race.example").user for n in range(analysts)]
    categories = ("csam", "trafficking", "other")
    ids = [str(submit(desk, f"https://race-{n}.example/", category=categories[n % 3])[0].pk) for n in range(reports)]
    return desk.desk, users, ids


def main(database_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    from tomoshibi.testing.costs import QUICK_PASSWORD_HASHERS

    # Claiming is the test, not hashing or migrating: the test suite's key and password costs,
    # and the tables straight from the models (as the test runner makes them without migrations).
    settings.VAULT_KDF_COST = "minimal"
    settings.PASSWORD_HASHERS = QUICK_PASSWORD_HASHERS
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    desk, users, ids = prepare_desk()
    print(json.dumps({"reports": ids, "claimed": race(desk, users)}))


if __name__ == "__main__":
    main(sys.argv[1])
