import os
import resource
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from tomoshibi.core.proxy import behind_trusted_proxies

# Waitress's defaults let about 100 idle keep-alive connections (waitress's whole connection
# limit) make it stop accepting for two minutes. Here many more connections may be open, an idle
# one is closed after CHANNEL_TIMEOUT seconds, checked every CLEANUP_INTERVAL seconds, and a
# request body larger than any form of the site is refused before it is read (the routes of
# LARGER_BODIES take more; the middleware keeps every other route at DATA_UPLOAD_MAX_MEMORY_SIZE).
CONNECTION_LIMIT = int(os.environ.get("CONNECTION_LIMIT", 1000))
CHANNEL_TIMEOUT = int(os.environ.get("CHANNEL_TIMEOUT", 30))
CLEANUP_INTERVAL = 5
MAX_REQUEST_BODY = 4 * 1024 * 1024
# File descriptors the process needs beyond its connections (database, logs, static files).
SPARE_FILES = 64


def waitress_options(threads: int) -> dict:
    return {
        "threads": threads,
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": CHANNEL_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "max_request_body_size": max([MAX_REQUEST_BODY, *getattr(settings, "LARGER_BODIES", {}).values()]),
        # Proxy headers are handled per connection by behind_trusted_proxies, not cleared here.
        "clear_untrusted_proxy_headers": False,
        "ident": "tomoshibi",
        "_quiet": True,
    }


def allow_enough_open_files(connections: int) -> None:
    """Raise the soft limit on open files so that the connection limit can be reached."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(
            resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
        )


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
        allow_enough_open_files(CONNECTION_LIMIT)
        wsgi = behind_trusted_proxies(application, settings.TRUSTED_PROXIES)
        try:
            serve(wsgi, host=host, port=port, **waitress_options(threads))
        except KeyboardInterrupt:
            self.stdout.write("Stopping.")
        finally:
            if worker:
                worker.terminate()
                worker.wait(timeout=10)

    def start_worker(self):
        self.stdout.write("Starting the background worker beside the web server.")
        return subprocess.Popen([sys.executable, "-m", "tomoshibi.cli", "worker", "--verbosity", "0"])
