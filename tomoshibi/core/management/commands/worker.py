import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tomoshibi.core.tasks import enqueue_due_tasks

logger = logging.getLogger(__name__)


def run_scheduler(stop: threading.Event, interval: float) -> None:
    """Queue due tasks until stopped; one failed pass (a locked or lost database) never ends the loop."""
    while not stop.is_set():
        try:
            close_old_connections()
            enqueue_due_tasks()
        except Exception:
            logger.exception("Could not queue periodic tasks; trying again in %s seconds", interval)
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run the background worker: queue periodic tasks when due and run queued tasks."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Queue what is due, run everything queued, then exit.")
        parser.add_argument("--schedule-interval", type=float, default=30.0, help="Seconds between schedule checks.")

    def handle(self, *args, batch=False, schedule_interval=30.0, **options):
        if batch:
            enqueue_due_tasks()
            call_command(
                "db_worker",
                batch=True,
                queue_name="*",
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
            return
        stop = threading.Event()
        threading.Thread(target=run_scheduler, args=(stop, schedule_interval), daemon=True).start()
        try:
            call_command("db_worker", queue_name="*", reload=False, verbosity=options["verbosity"])
        finally:
            stop.set()
            time.sleep(0)
