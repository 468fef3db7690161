"""Background work: keep the audit trail no longer than its retention period."""

from datetime import timedelta

from django_tasks import task

from tomoshibi.core.tasks import every


@every(timedelta(days=1))
@task()
def purge_old_audit_events() -> int:
    from .actions import do_purge_old_audit_events

    return do_purge_old_audit_events()
