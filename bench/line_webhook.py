"""The LINE webhook answers LINE at once: how long accepting an event takes, against a static page.

Run: .venv/bin/python bench/line_webhook.py [--repeat 200]
     (a fresh SQLite database in a temporary folder; set DATABASE_URL to use PostgreSQL instead)

In one process: an organisation connected to a local stand-in of LINE's API
(tomoshibi/line/tests/standin.py), then, each timed as a median of --repeat runs:
- the baseline: GET of a static page (how to leave no trace) through the whole middleware stack;
- the webhook: POST of one signed text event (signature check with the SDK, the event stored
  encrypted, the worker's task queued) - what LINE waits for;
- the worker's share: handling one such event (open, seal the text to the organisation, store).
It prints each figure and the webhook's ratio to the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import ROOT, median_seconds, prepare_django

SECRET = "0123456789abcdef0123456789abcdef"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        prepare_django(Path(folder))
        sys.path.insert(0, str(ROOT))
        return run(args.repeat)


def run(repeat: int) -> int:
    from django.conf import settings
    from django.test import Client

    from tomoshibi.accounts.actions import do_create_organisation
    from tomoshibi.line.actions import do_connect_line
    from tomoshibi.line.handling import handle_pending
    from tomoshibi.line.models import LineEvent
    from tomoshibi.line.tests import events
    from tomoshibi.line.tests.standin import Server

    organisation, _recovery, _key = do_create_organisation(name="Bench", slug="bench")
    do_connect_line(organisation, channel_secret=SECRET, access_token="bench-token")
    client = Client(HTTP_HOST="127.0.0.1")
    with Server() as line_api:
        settings.LINE_API_BASE = settings.LINE_DATA_API_BASE = line_api.url

        def accept() -> None:
            body = events.body_of(events.text("Ubench0000000000000000000000000001", "help me", events.event_id()))
            headers = {"X-Line-Signature": events.signature(SECRET, body)}
            response = client.post("/line/webhook/bench/", body, content_type="application/json", headers=headers)
            assert response.status_code == 200

        assert client.get("/en/no-trace/").status_code == 200
        baseline = median_seconds(lambda: client.get("/en/no-trace/"), repeat)
        webhook = median_seconds(accept, repeat)
        pending = list(LineEvent.objects.filter(body_ciphertext__isnull=False).values_list("pk", flat=True))
        handle_pending(pending[:1])  # the first message also greets: not what is timed
        queue = iter(pending[1:])
        worker = median_seconds(lambda: handle_pending([next(queue)]), min(repeat, len(pending) - 1))
    print(f"static page (baseline): {baseline * 1000:.2f} ms")
    print(f"webhook, one signed event accepted: {webhook * 1000:.2f} ms ({webhook / baseline:.2f} x baseline)")
    print(f"worker, one text event sealed and stored: {worker * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
