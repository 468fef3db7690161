"""Periodic background work and the scheduler that queues it.

The queue itself is django-tasks with its database backend: no broker to run.
A periodic task is registered with `@every(...)`; the worker's scheduler
enqueues it when due. A row per task records when it was last queued, claimed
with a conditional UPDATE so that several workers never queue it twice.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    interval: timedelta
    task: object  # a django_tasks Task


PERIODIC: dict[str, Periodic] = {}


def every(interval: timedelta):
    """Register a django-tasks Task to be queued once per `interval`."""

    def register(task):
        name = f"{task.func.__module__}.{task.func.__name__}"
        PERIODIC[name] = Periodic(name=name, interval=interval, task=task)
        return task

    return register


def enqueue_due_tasks(now=None) -> list[str]:
    """Queue every periodic task whose interval has passed; return their names."""
    from .models import ScheduledTask

    now = now or timezone.now()
    queued = []
    for periodic in PERIODIC.values():
        ScheduledTask.objects.get_or_create(name=periodic.name)
        due = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - periodic.interval)
        claimed = ScheduledTask.objects.filter(due, name=periodic.name).update(last_enqueued_at=now)
        if claimed:
            periodic.task.enqueue()
            queued.append(periodic.name)
    return queued
