"""The LINE webhook, and the staff pages: connecting an account, attachments, sending again.

The webhook checks LINE's signature before it reads anything else; a request without
a valid one gets 400 and leaves nothing but a count. Accepted events are kept encrypted
and handled by the worker, so LINE gets its answer at once.
"""

import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from tomoshibi.accounts.access import (
    access_membership,
    key_or_locked_page,
    recent_confirmation_required,
    staff_required,
)
from tomoshibi.accounts.roles import Permission
from tomoshibi.vault import crypto
from tomoshibi.vault.keys import decrypt_server_secret

from . import actions
from .access import access_line_message, channel_for, channel_of
from .delivery import deliver_reply
from .forms import ConnectForm
from .models import SECRET_PURPOSE, Delivery, LineChannel
from .tasks import handle_line_events

# Types that a browser may show in the page; anything else is downloaded, never rendered.
SHOWN_INLINE = {"image/jpeg", "image/png", "image/gif", "image/webp", "audio/mp4", "audio/m4a", "video/mp4"}


def verified_events(channel: LineChannel | None, body: str, signature: str) -> list[dict] | None:
    """The events of a correctly signed body (the SDK's check), else None."""
    if channel is None or not signature:
        return None
    from linebot.v3 import WebhookParser  # the SDK takes a second to import: only where used
    from linebot.v3.exceptions import InvalidSignatureError

    secret = decrypt_server_secret(SECRET_PURPOSE, bytes(channel.secret_ciphertext)).decode("utf-8")
    try:
        WebhookParser(secret).parse(body, signature)
    except (InvalidSignatureError, ValueError, KeyError, TypeError):
        return None
    return json.loads(body).get("events", [])


@csrf_exempt  # LINE's signature is the proof of origin here
@require_POST
def webhook(request, organisation_slug):
    channel = channel_for(organisation_slug)
    body = request.body.decode("utf-8", errors="replace")
    events = verified_events(channel, body, request.headers.get("X-Line-Signature", ""))
    if events is None:
        actions.count_bad_signature(channel)
        return HttpResponseBadRequest()
    accepted = actions.store_events(channel, events)
    if accepted:
        handle_line_events.enqueue(accepted)
    return HttpResponse(status=200)


def webhook_address(organisation) -> str:
    path = reverse("line_webhook", kwargs={"organisation_slug": organisation.slug})
    return settings.SITE_URL.rstrip("/") + path


def settings_context(membership, form=None, **extra):
    from . import client

    organisation = membership.organisation
    channel = channel_of(organisation)
    return {
        "membership": membership,
        "channel": channel,
        "quota": client.quota(channel) if channel else None,
        "webhook_address": webhook_address(organisation),
        "form": form or ConnectForm(),
        **extra,
    }


@staff_required
@recent_confirmation_required
@require_GET
def line_settings(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.CHANGE_SETTINGS)
    notice = request.GET.get("notice", "")
    return render(request, "line/settings.html", settings_context(membership, notice=notice))


@sensitive_post_parameters("channel_secret", "access_token")  # never in an error report
@staff_required
@recent_confirmation_required
@require_POST
def connect(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.CHANGE_SETTINGS)
    form = ConnectForm(request.POST)
    if not form.is_valid():
        return render(request, "line/settings.html", settings_context(membership, form), status=400)
    actions.do_connect_line(membership.organisation, acting_user=request.user, **form.cleaned_data)
    return redirect(f"{reverse('line:settings', args=[organisation_slug])}?notice=connected")


@staff_required
@recent_confirmation_required
@require_POST
def disconnect(request, organisation_slug):
    membership = access_membership(request.user, organisation_slug, Permission.CHANGE_SETTINGS)
    actions.do_disconnect_line(membership.organisation, acting_user=request.user)
    return redirect(f"{reverse('line:settings', args=[organisation_slug])}?notice=disconnected")


@staff_required
@require_GET
def attachment(request, line_message_id):
    line_message, membership = access_line_message(request.user, line_message_id)
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    data = crypto.unseal(private_key, bytes(line_message.sealed_content or b""))
    actions.do_open_attachment(line_message, acting_user=request.user)
    content_type = line_message.content_type or "application/octet-stream"
    response = HttpResponse(
        data, content_type=content_type if content_type in SHOWN_INLINE else "application/octet-stream"
    )
    disposition = "inline" if content_type in SHOWN_INLINE else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="line-{line_message.message_id}"'
    return response


@staff_required
@require_POST
def retry(request, line_message_id):
    line_message, membership = access_line_message(request.user, line_message_id, Permission.ANSWER_CONVERSATIONS)
    private_key, locked_page = key_or_locked_page(request, membership)
    if locked_page:
        return locked_page
    message = line_message.message
    conversation = message.conversation
    if line_message.delivery == Delivery.FAILED:
        delivered = deliver_reply(conversation, message, private_key=private_key, acting_user=request.user, retry=True)
    else:
        delivered = True
    response = redirect("consultations:conversation", conversation_id=conversation.pk)
    response["Location"] += "?notice=" + ("delivered" if delivered else "undelivered")
    return response
