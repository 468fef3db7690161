"""Webhook bodies as LINE sends them, signed as LINE signs them (checked with the SDK's validator)."""

import base64
import hashlib
import hmac
import itertools
import json
import time

from django.test import Client
from django.utils import translation
from linebot.v3 import WebhookParser

_counter = itertools.count(1)


def event_id() -> str:
    return f"01HTOMOSHIBI{next(_counter):014d}"


def base(kind: str, user_id: str, **fields) -> dict:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": fields.pop("webhook_event_id", None) or event_id(),
        "deliveryContext": {"isRedelivery": fields.pop("redelivery", False)},
        **fields,
    }


def text(user_id: str, body: str, message_id: str, **fields) -> dict:
    message = {"id": message_id, "type": "text", "text": body, "quoteToken": f"q{message_id}"}
    return base("message", user_id, replyToken=f"reply-{message_id}", message=message, **fields)


def media(user_id: str, kind: str, message_id: str, **extra) -> dict:
    message = {"id": message_id, "type": kind, "contentProvider": {"type": "line"}, **extra}
    if kind in ("image", "video"):
        message["quoteToken"] = f"q{message_id}"
    return base("message", user_id, replyToken=f"reply-{message_id}", message=message)


def sticker(user_id: str, message_id: str) -> dict:
    message = {
        "id": message_id,
        "type": "sticker",
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
        "quoteToken": f"q{message_id}",
    }
    return base("message", user_id, replyToken=f"reply-{message_id}", message=message)


def unsend(user_id: str, message_id: str) -> dict:
    return base("unsend", user_id, unsend={"messageId": message_id})


def follow(user_id: str) -> dict:
    return base("follow", user_id, replyToken="reply-follow", follow={"isUnblocked": False})


def unfollow(user_id: str) -> dict:
    return base("unfollow", user_id)


def postback(user_id: str, data: str) -> dict:
    return base("postback", user_id, replyToken=f"reply-postback-{next(_counter)}", postback={"data": data})


def body_of(*events: dict) -> str:
    return json.dumps({"destination": "Ubotdestination", "events": list(events)})


def signature(secret: str, body: str) -> str:
    """X-Line-Signature: base64 of HMAC-SHA256 of the body under the channel secret; the SDK must agree."""
    signed = base64.b64encode(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()).decode()
    WebhookParser(secret).parse(body, signed)  # raises if the SDK would refuse it
    return signed


def deliver(organisation_slug: str, secret: str, *events: dict, signed: str | None = None):
    """POST the events to the organisation's webhook as LINE does (no cookie, no CSRF token)."""
    body = body_of(*events)
    headers = {"X-Line-Signature": signed if signed is not None else signature(secret, body)}
    client = Client(enforce_csrf_checks=True)
    with translation.override(translation.get_language()):  # the request activates Japanese: keep the test's
        return client.post(
            f"/line/webhook/{organisation_slug}/", body, content_type="application/json", headers=headers
        )
