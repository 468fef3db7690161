"""Periodic background work and the scheduler that queues it.

The queue itself is django-tasks with its database backend: no broker to run.
A periodic task is a django-tasks Task registered with `@every(...)` in an
app's `tasks.py`; the worker's scheduler imports every app's tasks module and
queues each periodic task when due. A row per task records when it was last
queued, claimed with a conditional UPDATE so several workers never queue it twice.
"""

import importlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    interval: timedelta
    task: object  # a django_tasks Task


PERIODIC: dict[str, Periodic] = {}


def every(interval: timedelta):
    """Register a django-tasks Task to be queued once per `interval`."""

    def register(periodic_task):
        name = f"{periodic_task.func.__module__}.{periodic_task.func.__name__}"
        PERIODIC[name] = Periodic(name=name, interval=interval, task=periodic_task)
        return periodic_task

    return register


def discover_periodic_tasks() -> dict[str, Periodic]:
    for app in apps.get_app_configs():
        if app.name.startswith("tomoshibi."):
            try:
                importlib.import_module(f"{app.name}.tasks")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.tasks":
                    raise
    return PERIODIC


def enqueue_due_tasks(now=None) -> list[str]:
    """Queue every periodic task whose interval has passed; return their names."""
    from .models import ScheduledTask

    now = now or timezone.now()
    queued = []
    for periodic in discover_periodic_tasks().values():
        ScheduledTask.objects.get_or_create(name=periodic.name)
        due = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - periodic.interval)
        if ScheduledTask.objects.filter(due, name=periodic.name).update(last_enqueued_at=now):
            periodic.task.enqueue()
            queued.append(periodic.name)
    return queued


@every(timedelta(hours=1))
@task()
def clear_expired_sessions() -> int:
    """Expired sessions may hold a person's help-flow answers: remove them promptly."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@every(timedelta(minutes=10))
@task()
def purge_expired_counters() -> int:
    """Expired rate-limit and lockout counters are deleted, not left to accumulate."""
    from .models import RateCounter

    deleted, _ = RateCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
