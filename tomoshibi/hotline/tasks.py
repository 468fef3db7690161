"""Background work of the hotline: follow-up checks coming due, and deleting finished reports."""

from datetime import timedelta

from django_tasks import task

from tomoshibi.core.tasks import every


@every(timedelta(minutes=15))
@task()
def mark_checks_due() -> int:
    """Put forwarded reports whose check date has come on the analysts' list of checks due."""
    from .actions import do_mark_checks_due

    return do_mark_checks_due()


@every(timedelta(hours=1))
@task()
def delete_expired_reports() -> int:
    """Delete removed and closed reports older than their organisation's retention period."""
    from .actions import do_delete_expired_reports

    return do_delete_expired_reports()
