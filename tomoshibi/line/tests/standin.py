"""A local stand-in of LINE's Messaging API: a small HTTP server on 127.0.0.1.

It answers the calls Tomoshibi makes (reply, push, content, quota, rich menus), records
each one, serves the content of media messages, and can be told to refuse pushes the
way LINE does when the monthly limit is reached. Tests and staging point
LINE_API_BASE and LINE_DATA_API_BASE at it (docs/line.md).
"""

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MONTHLY_LIMIT = {"message": "You have reached your monthly limit."}


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class StandIn:
    calls: list[Call] = field(default_factory=list)
    contents: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # message id -> (data, type)
    push_status: int = 200
    content_delay: float = 0  # seconds before the content's answer starts (a LINE that hangs)
    lose_push_answers: bool = False  # accept a push, then drop the connection (a timeout to the caller)
    accepted_retry_keys: list[str] = field(default_factory=list)  # pushes LINE delivered, once per key
    used: int = 17
    limit: int = 200
    url: str = ""

    def of(self, path_pattern: str) -> list[Call]:
        return [call for call in self.calls if re.fullmatch(path_pattern, call.path)]

    @property
    def pushes(self) -> list[dict]:
        return [call.json for call in self.of(r"/v2/bot/message/push")]

    @property
    def replies(self) -> list[dict]:
        return [call.json for call in self.of(r"/v2/bot/message/reply")]


def too_many_quick_replies(body: dict) -> bool:
    """LINE refuses a message with more than 13 quick-reply buttons."""
    return any(len(m.get("quickReply", {}).get("items", [])) > 13 for m in body.get("messages", []))


def handler_for(state: StandIn):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: tests read `state.calls`
            pass

        def record(self) -> Call:
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(self.command, self.path, dict(self.headers), self.rfile.read(length) if length else b"")
            state.calls.append(call)
            return call

        def answer(self, status: int, body: bytes = b"{}", content_type: str = "application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer_json(self, status: int, value: dict):
            self.answer(status, json.dumps(value).encode())

        def do_GET(self):
            call = self.record()
            content = re.fullmatch(r"/v2/bot/message/([^/]+)/content", call.path)
            if content and content.group(1) in state.contents:
                data, content_type = state.contents[content.group(1)]
                time.sleep(state.content_delay)
                return self.answer(200, data, content_type)
            if call.path == "/v2/bot/message/quota":
                return self.answer_json(200, {"type": "limited", "value": state.limit})
            if call.path == "/v2/bot/message/quota/consumption":
                return self.answer_json(200, {"totalUsage": state.used})
            return self.answer_json(404, {"message": "Not found"})

        def do_POST(self):
            call = self.record()
            if call.path == "/v2/bot/message/push":
                return self.push(call)
            if call.path == "/v2/bot/message/reply":
                if too_many_quick_replies(call.json):
                    return self.answer_json(400, {"message": "The request body has 1 error(s)"})
                return self.answer_json(200, {"sentMessages": [{"id": "2", "quoteToken": "q"}]})
            if call.path == "/v2/bot/richmenu":
                return self.answer_json(200, {"richMenuId": f"richmenu-{len(state.of('/v2/bot/richmenu'))}"})
            return self.answer_json(200, {})

        def push(self, call: Call):
            key = call.headers.get("X-Line-Retry-Key")
            if key and key in state.accepted_retry_keys:  # LINE: 409, the request was accepted before
                return self.answer_json(409, {"message": "The retry key is already accepted"})
            if state.push_status != 200:
                return self.answer_json(state.push_status, MONTHLY_LIMIT)
            state.accepted_retry_keys.append(key or "")
            if state.lose_push_answers:
                self.close_connection = True
                return None
            return self.answer_json(200, {"sentMessages": [{"id": "1", "quoteToken": "q"}]})

        def do_DELETE(self):
            self.record()
            return self.answer_json(200, {})

    return Handler


class Server:
    def __init__(self):
        self.state = StandIn()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self.state))
        self.state.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self.state

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
