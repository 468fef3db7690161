from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tomoshibi.core.models import ScheduledTask
from tomoshibi.core.tasks import enqueue_due_tasks

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "tomoshibi.core.tasks.clear_expired_sessions"


def test_it_queues_a_periodic_task_once_per_interval():
    now = timezone.now()
    assert NAME in enqueue_due_tasks(now)
    assert NAME not in enqueue_due_tasks(now + timedelta(minutes=59))
    assert NAME in enqueue_due_tasks(now + timedelta(minutes=61))
    assert DBTaskResult.objects.filter(task_path=NAME).count() == 2
    assert ScheduledTask.objects.get(name=NAME).last_enqueued_at == now + timedelta(minutes=61)


def test_the_worker_runs_due_tasks_and_clears_expired_sessions():
    expired = SessionStore()
    expired["help_answers"] = {"danger": "no"}
    expired.set_expiry(-10)
    expired.save()
    live = SessionStore()
    live["x"] = 1
    live.save()
    call_command("worker", batch=True, verbosity=0)
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert DBTaskResult.objects.get(task_path=NAME).status == "SUCCESSFUL"
