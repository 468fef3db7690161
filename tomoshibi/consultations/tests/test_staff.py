import time

import pytest
from django.core import mail
from django.urls import reverse

from tomoshibi.accounts import session
from tomoshibi.accounts.models import Role
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.models import Case, CaseNote, ConsultationEvent, Conversation
from tomoshibi.consultations.tasks import announce_new_consultation
from tomoshibi.testing.personas import come_back, fresh_code, make_staff, post_form, signed_in_client, start
from tomoshibi.vault import crypto

pytestmark = pytest.mark.django_db


def open_url(conversation):
    return reverse("consultations:conversation", args=[conversation.pk])


def test_it_lists_the_inbox_with_language_age_danger_waiting_and_unread(counsellor, org_a):
    start(org_a.slug, "Help", age_group="minor", danger="yes")
    page = signed_in_client(counsellor).get(reverse("consultations:inbox", args=[org_a.slug])).content.decode()
    assert "Under 18" in page and "In danger now" in page and "Unread" in page and "English" in page
    assert "minute" in page
    assert "Help" not in page  # the inbox shows no content


def test_it_decrypts_the_conversation_for_the_counsellor_and_records_the_opening(counsellor, org_a):
    start(org_a.slug, "Tulungan po ninyo ako")
    conversation = Conversation.objects.get()
    client = signed_in_client(counsellor)
    page = client.get(open_url(conversation)).content.decode()
    assert "Tulungan po ninyo ako" in page
    client.get(open_url(conversation))
    openings = AuditEvent.objects.filter(action=ConsultationEvent.CONVERSATION_OPENED, target_id=str(conversation.pk))
    assert openings.count() == 2 and openings.first().actor == counsellor.user
    conversation.refresh_from_db()
    assert not conversation.unread


def test_it_seals_the_reply_to_the_person_and_to_the_organisation(counsellor, org_a):
    _client, receipt = start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    client = signed_in_client(counsellor)
    response = post_form(
        client, reverse("consultations:reply", args=[conversation.pk]), {"body": "We can meet tomorrow."}
    )
    assert response.status_code == 302
    reply = conversation.messages.get(from_person=False)
    assert crypto.unseal_text(org_a.private_key, reply.sealed_for_organisation) == "We can meet tomorrow."
    person_client, _response = come_back(receipt)
    assert "We can meet tomorrow." in person_client.get(reverse("consultations:thread")).content.decode()
    conversation.refresh_from_db()
    assert conversation.waiting_since is None


def test_it_refuses_an_empty_reply_and_keeps_a_long_one(counsellor, org_a):
    start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    client = signed_in_client(counsellor)
    url = reverse("consultations:reply", args=[conversation.pk])
    assert "Write a message before sending." in post_form(client, url, {"body": ""}).content.decode()
    long_reply = "z" * 5001
    response = post_form(client, url, {"body": long_reply})
    assert response.status_code == 400 and long_reply in response.content.decode()


def test_it_assigns_tags_closes_and_reopens_with_audit_events(counsellor, org_a):
    start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    client = signed_in_client(counsellor)
    post_form(client, reverse("consultations:assign", args=[conversation.pk]), {"assignee": counsellor.user.pk})
    post_form(client, reverse("consultations:tag", args=[conversation.pk]), {"tags": ["urgent", "interpreter"]})
    post_form(client, reverse("consultations:close", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.assigned_to == counsellor.user and conversation.tags == ["urgent", "interpreter"]
    assert conversation.status == "closed" and conversation.closed_at is not None
    post_form(client, reverse("consultations:reopen", args=[conversation.pk]))
    conversation.refresh_from_db()
    assert conversation.status == "open" and conversation.closed_at is None
    actions = list(AuditEvent.objects.filter(target_id=str(conversation.pk)).values_list("action", flat=True))
    for action in (
        ConsultationEvent.CONVERSATION_ASSIGNED,
        ConsultationEvent.CONVERSATION_TAGGED,
        ConsultationEvent.CONVERSATION_CLOSED,
        ConsultationEvent.CONVERSATION_REOPENED,
    ):
        assert action in actions
    tagged = AuditEvent.objects.get(action=ConsultationEvent.CONVERSATION_TAGGED)
    assert tagged.old_values == {"tags": []} and tagged.new_values == {"tags": ["urgent", "interpreter"]}


def test_it_lets_a_counsellor_assign_only_themselves_and_a_supervisor_anyone(counsellor, supervisor, org_a):
    start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    url = reverse("consultations:assign", args=[conversation.pk])
    refused = post_form(signed_in_client(counsellor), url, {"assignee": supervisor.user.pk})
    assert refused.status_code == 400 and "Choose a member of your organisation." in refused.content.decode()
    assert post_form(signed_in_client(supervisor), url, {"assignee": counsellor.user.pk}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.assigned_to == counsellor.user


def test_it_turns_a_conversation_into_a_case_with_needs_status_and_sealed_notes(counsellor, org_a):
    start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    client = signed_in_client(counsellor)
    response = post_form(client, reverse("consultations:create_case", args=[conversation.pk]))
    case = Case.objects.get()
    assert response["Location"] == reverse("consultations:case", args=[case.pk])
    data = {"status": "in_progress", "needs": ["shelter", "immigration"], "assignee": counsellor.user.pk}
    post_form(client, reverse("consultations:update_case", args=[case.pk]), data)
    post_form(client, reverse("consultations:add_note", args=[case.pk]), {"note": "Shelter bed found in Osaka."})
    case.refresh_from_db()
    assert case.status == "in_progress" and case.needs == ["shelter", "immigration"]
    note = CaseNote.objects.get()
    assert crypto.unseal_text(org_a.private_key, note.sealed_for_organisation) == "Shelter bed found in Osaka."
    page = client.get(reverse("consultations:case", args=[case.pk])).content.decode()
    assert "Shelter bed found in Osaka." in page and "Immigration status" in page
    assert AuditEvent.objects.filter(action=ConsultationEvent.CASE_OPENED, target_id=str(case.pk)).count() >= 1


def test_it_deletes_a_conversation_only_for_a_lead_after_re_authentication(counsellor, supervisor, org_a):
    start(org_a.slug, "Question")
    conversation = Conversation.objects.get()
    url = reverse("consultations:delete", args=[conversation.pk])
    assert signed_in_client(counsellor).get(url).status_code == 404
    client = signed_in_client(supervisor)
    stored = client.session
    stored[session.FIELD] = {**stored[session.FIELD], "confirmed": time.time() - session.confirmation_seconds() - 1}
    stored.save()
    first = post_form(client, url)
    assert first.status_code == 302 and first["Location"].startswith(reverse("accounts:confirm"))
    assert Conversation.objects.exists()
    post_form(client, reverse("accounts:confirm"), {"password": supervisor.password, "code": fresh_code(supervisor)})
    assert post_form(client, url).status_code == 302
    assert not Conversation.objects.exists()
    assert AuditEvent.objects.filter(action=ConsultationEvent.CONVERSATION_DELETED).exists()


def test_it_shows_how_to_get_access_when_the_member_has_no_key_yet(org_a):
    start(org_a.slug, "Question")
    newcomer = make_staff(org_a, Role.COUNSELLOR, "new@a.example", with_key=False)
    client = signed_in_client(newcomer)
    response = client.get(open_url(Conversation.objects.get()))
    assert response.status_code == 403 and "an organisation admin" in response.content.decode()
    assert "Question" not in response.content.decode()


def test_it_announces_a_new_consultation_by_email_without_its_content(
    counsellor, supervisor, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(org_a.slug, "Private words nobody should e-mail")
    assert len(callbacks) == 1
    assert announce_new_consultation.call(org_a.organisation.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["counsellor@a.example", "supervisor@a.example"]
    for message in mail.outbox:
        assert "Private words" not in message.body and "Private words" not in message.subject
        assert reverse("consultations:inbox", args=[org_a.slug]).split("/", 2)[2] in message.body


def test_it_queues_the_announcement_when_the_conversation_is_committed(
    counsellor, org_a, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        start(org_a.slug, "Hello")
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("announce_new_consultation") and queued.args_kwargs["args"] == [
        org_a.organisation.pk
    ]
