"""Talking to LINE's Messaging API through the official SDK (line-bot-sdk v3).

The API's addresses come from the settings LINE_API_BASE and LINE_DATA_API_BASE, so
tests and staging point the SDK at a local stand-in. Nothing sent or received is
logged here, and the SDK's own loggers are kept above DEBUG in the settings (they
would print response bodies).
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
)
from urllib3.exceptions import HTTPError

from tomoshibi.vault.keys import decrypt_server_secret

from .models import TOKEN_PURPOSE, Failure, LineChannel

# Seconds to wait for LINE: a counsellor waits on the answer.
TIMEOUT = (3, 10)
# LINE's answer to a push whose retry key it accepted before: the message went out then.
RETRY_KEY_ACCEPTED = 409


@dataclass(frozen=True)
class Sent:
    ok: bool
    failure: str = ""


@dataclass(frozen=True)
class Content:
    data: bytes | None  # None: larger than the limit, or unavailable
    content_type: str
    size: int


def access_token(channel: LineChannel) -> str:
    return decrypt_server_secret(TOKEN_PURPOSE, bytes(channel.token_ciphertext)).decode("utf-8")


def configuration(channel: LineChannel, *, data: bool = False) -> Configuration:
    host = settings.LINE_DATA_API_BASE if data else settings.LINE_API_BASE
    return Configuration(host=host.rstrip("/"), access_token=access_token(channel))


@contextmanager
def messaging(channel: LineChannel):
    with ApiClient(configuration(channel)) as client:
        yield MessagingApi(client)


@contextmanager
def blob(channel: LineChannel):
    with ApiClient(configuration(channel, data=True)) as client:
        yield MessagingApiBlob(client)


def failure_of(error: Exception) -> str:
    """What a failed send means to a counsellor: a quota, a refusal, or no answer at all."""
    if not isinstance(error, ApiException) or not error.status:
        return Failure.UNREACHABLE
    if error.status == 429 and "monthly limit" in str(error.body or "").lower():
        return Failure.QUOTA
    return Failure.REFUSED if 400 <= error.status < 500 else Failure.UNREACHABLE


def send(call, *, sent_before: int | None = None) -> Sent:
    try:
        call()
    except (ApiException, HTTPError, OSError) as error:
        if isinstance(error, ApiException) and sent_before is not None and error.status == sent_before:
            return Sent(True)
        return Sent(False, failure_of(error))
    return Sent(True)


def push(channel: LineChannel, user_id: str, messages: list, retry_key: str) -> Sent:
    """Push messages; the retry key makes LINE drop a second copy of the same messages."""
    request = PushMessageRequest(to=user_id, messages=messages)
    with messaging(channel) as api:
        return send(
            lambda: api.push_message(request, x_line_retry_key=retry_key, _request_timeout=TIMEOUT),
            sent_before=RETRY_KEY_ACCEPTED,
        )


def reply(channel: LineChannel, reply_token: str, messages: list) -> Sent:
    request = ReplyMessageRequest(replyToken=reply_token, messages=messages)
    with messaging(channel) as api:
        return send(lambda: api.reply_message(request, _request_timeout=TIMEOUT))


def fetch_content(channel: LineChannel, message_id: str, limit: int) -> Content:
    """The content of an image, video, audio or file message, read no further than `limit` bytes."""
    with blob(channel) as api:
        url = f"{api.api_client.configuration.host}/v2/bot/message/{message_id}/content"
        headers = {"Authorization": f"Bearer {access_token(channel)}"}
        try:
            response = api.api_client.request(
                "GET", url, headers=headers, _preload_content=False, _request_timeout=TIMEOUT
            )
        except (ApiException, HTTPError, OSError):
            return Content(None, "", 0)
        return read_limited(response, limit)


def read_limited(response, limit: int) -> Content:
    content_type = response.headers.get("Content-Type", "application/octet-stream")[:100]
    chunks, size = [], 0
    try:
        for chunk in response.stream(64 * 1024):
            size += len(chunk)
            if size > limit:
                return Content(None, content_type, size)
            chunks.append(chunk)
    finally:
        response.release_conn()
    return Content(b"".join(chunks), content_type, size)


@dataclass(frozen=True)
class Quota:
    used: int
    limit: int | None  # None: no limit


def quota(channel: LineChannel) -> Quota | None:
    """This month's pushed messages and the plan's limit, or None when LINE does not answer."""
    try:
        with messaging(channel) as api:
            limit = api.get_message_quota(_request_timeout=TIMEOUT)
            used = api.get_message_quota_consumption(_request_timeout=TIMEOUT)
    except (ApiException, HTTPError, OSError):
        return None
    limited = getattr(limit.type, "value", limit.type) == "limited"
    return Quota(used.total_usage, limit.value if limited else None)


def link_menu(channel: LineChannel, user_id: str, menu_id: str) -> Sent:
    with messaging(channel) as api:
        return send(lambda: api.link_rich_menu_id_to_user(user_id, menu_id, _request_timeout=TIMEOUT))
