import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


def stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve the platform with waitress (no access log) and run the worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "8")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from config.wsgi import application

        # Stop the worker with the server, also when the server is stopped by SIGTERM.
        signal.signal(signal.SIGTERM, stop_on_sigterm)
        worker = None if no_worker else self.start_worker()
        self.stdout.write(f"Tomoshibi is serving on http://{host}:{port}/ (DEBUG={settings.DEBUG}). Ctrl+C stops it.")
        try:
            serve(application, host=host, port=port, threads=threads, ident="tomoshibi", _quiet=True)
        except KeyboardInterrupt:
            self.stdout.write("Stopping.")
        finally:
            if worker:
                worker.terminate()
                worker.wait(timeout=10)

    def start_worker(self):
        self.stdout.write("Starting the background worker beside the web server.")
        return subprocess.Popen([sys.executable, "-m", "tomoshibi.cli", "worker", "--verbosity", "0"])
