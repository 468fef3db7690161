"""Passing a person on: consent first, the summary sealed, the receiver's answer, one receipt for both."""

import io
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tomoshibi.accounts.models import Organisation
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.models import Conversation, Message
from tomoshibi.referrals.models import Referral, Status
from tomoshibi.referrals.tasks import expire_referral_proposals, remind_unanswered_referrals
from tomoshibi.testing.personas import come_back, make_organisation, post_form

from .people import PERSON_SAYS, SUMMARY, answer, make_world, person_writes, propose, staff

pytestmark = pytest.mark.django_db
SHELTER_REPLY = "We have a room for you tonight. Can you come to Tennoji station at 8?"


def events(organisation) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(organisation=organisation, action__startswith="referral.").values_list(
            "action", flat=True
        )
    )


def test_it_passes_the_person_on_only_after_they_agree_and_one_receipt_reads_both():
    world = make_world()
    person, receipt, conversation = person_writes(world)
    a, b = staff(world.counsellor_a), staff(world.counsellor_b)
    assert propose(a, conversation).status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Status.PROPOSED and referral.to_organisation == world.receiver.organisation

    # Before consent the receiver knows nothing: not in its list, and the referral is "not found".
    assert SUMMARY not in b.get(reverse("referrals:list", args=[world.receiver.slug])).content.decode()
    assert b.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert events(world.receiver.organisation) == []

    # The person reads what would be shared, with whom, and chooses to add their first message.
    thread = person.get(reverse("consultations:thread")).content.decode()
    assert SUMMARY in thread and "Hidamari" in thread and "03-0000-0301" in thread
    first = Message.objects.get(conversation=conversation)
    assert answer(person, referral, "accept", [first.pk]).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CONSENTED and referral.shared_messages == 1
    inbox = reverse("consultations:inbox", args=[world.receiver.slug])
    assert "Referrals (1)" in b.get(inbox).content.decode()

    # The receiver reads the summary and the chosen message, accepts, and writes to the person.
    page = b.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert SUMMARY in page and PERSON_SAYS in page
    response = post_form(b, reverse("referrals:accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert "Referrals (" not in b.get(inbox).content.decode()
    assert response["Location"] == reverse("consultations:conversation", args=[referral.to_conversation_id])
    post_form(b, reverse("consultations:reply", args=[referral.to_conversation_id]), {"body": SHELTER_REPLY})

    # The receiver cannot read the first organisation's conversation, nor the sender the new one.
    assert b.get(reverse("consultations:conversation", args=[conversation.pk])).status_code == 404
    assert a.get(reverse("consultations:conversation", args=[referral.to_conversation_id])).status_code == 404

    # One receipt, on a new device, reads both organisations and writes to the one chosen.
    returning, _response = come_back(receipt)
    thread = returning.get(reverse("consultations:thread")).content.decode()
    assert PERSON_SAYS in thread and SHELTER_REPLY in thread and "Org sakura" in thread and "Org hidamari" in thread
    post_form(
        returning, reverse("consultations:thread"), {"body": "I will come", "to": str(referral.to_conversation_id)}
    )
    assert Message.objects.filter(conversation_id=referral.to_conversation_id, from_person=True).count() == 1

    # The sender sees "accepted"; both logs hold consent, share and acceptance.
    assert "Accepted" in a.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert events(world.sender.organisation) == sorted(
        ["referral.proposed", "referral.consented", "referral.shared", "referral.accepted", "referral.opened"]
    )
    assert events(world.receiver.organisation) == sorted(
        ["referral.consented", "referral.shared", "referral.opened", "referral.accepted"]
    )


def test_it_shares_nothing_when_the_person_says_no():
    world = make_world()
    person, _receipt, conversation = person_writes(world)
    propose(staff(world.counsellor_a), conversation)
    referral = Referral.objects.get()
    answer(person, referral, "refuse")
    referral.refresh_from_db()
    assert referral.status == Status.REFUSED and referral.shared_for_receiver is None
    b = staff(world.counsellor_b)
    assert b.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert events(world.receiver.organisation) == []
    assert "Nothing was shared" in person.get(reverse("consultations:thread")).content.decode()


def test_it_lets_a_proposal_expire_and_refuses_a_late_yes():
    world = make_world()
    person, _receipt, conversation = person_writes(world)
    propose(staff(world.counsellor_a), conversation)
    referral = Referral.objects.get()
    Referral.objects.filter(pk=referral.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_referral_proposals.call() == 1
    response = answer(person, referral, "accept")
    assert response["Location"].endswith("notice=referral_closed")
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED and referral.shared_for_receiver is None
    assert "referral.expired" in events(world.sender.organisation)
    assert staff(world.counsellor_b).get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_it_tells_the_sender_why_the_receiver_declined_and_lets_them_try_another():
    world = make_world()
    person, _receipt, conversation = person_writes(world)
    a = staff(world.counsellor_a)
    propose(a, conversation)
    referral = Referral.objects.get()
    answer(person, referral, "accept")
    b = staff(world.counsellor_b)
    post_form(b, reverse("referrals:decline", args=[referral.pk]), {"reason": "no_capacity"})
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED and referral.decline_reason == "no_capacity"
    assert Conversation.objects.filter(organisation=world.receiver.organisation).count() == 0
    page = a.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "No place or capacity now" in page and "propose another service" in page
    assert "cannot take you on" in person.get(reverse("consultations:thread")).content.decode()
    assert "referral.declined" in events(world.sender.organisation)
    assert "referral.declined" in events(world.receiver.organisation)
    assert propose(a, conversation, service="hotline-outside", kind="contact", summary="").status_code == 302


def test_it_reminds_the_sender_once_when_the_receiver_does_not_answer():
    world = make_world()
    person, _receipt, conversation = person_writes(world)
    propose(staff(world.counsellor_a), conversation)
    referral = Referral.objects.get()
    answer(person, referral, "accept")
    assert remind_unanswered_referrals.call() == 0
    Referral.objects.filter(pk=referral.pk).update(consented_at=timezone.now() - timedelta(days=4))
    mail.outbox.clear()
    assert remind_unanswered_referrals.call() == 1
    assert [m.to for m in mail.outbox] == [["a@sakura.example"]]
    assert SUMMARY not in mail.outbox[0].body and "Org hidamari" in mail.outbox[0].body
    assert remind_unanswered_referrals.call() == 0


def test_it_gives_a_contact_outside_the_platform_at_once_and_shares_nothing():
    world = make_world()
    person, _receipt, conversation = person_writes(world)
    a = staff(world.counsellor_a)
    refused = propose(a, conversation, service="hotline-outside", kind="share")
    assert refused.status_code == 400 and "not on the platform" in refused.content.decode()
    assert propose(a, conversation, service="hotline-outside", kind="contact", summary="").status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Status.CONTACT_GIVEN and referral.summary_for_person is None
    assert referral.to_organisation is None
    assert "0120-000-111" in person.get(reverse("consultations:thread")).content.decode()


def test_it_asks_for_a_summary_before_proposing_to_share():
    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    response = propose(staff(world.counsellor_a), conversation, summary="")
    assert response.status_code == 400 and "Write the summary" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_person_cannot_answer_someone_elses_proposal():
    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    stranger, _other_receipt, _other = person_writes(world, "another person")
    propose(staff(world.counsellor_a), conversation)
    referral = Referral.objects.get()
    assert answer(stranger, referral, "accept").status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.PROPOSED


def test_the_answer_to_a_proposal_keeps_neither_the_address_nor_the_user_agent(caplog):
    """The person's answer is an anonymous form: it joins the identity-leak test's promise."""
    from django.test import Client

    from tomoshibi.core.tests.test_security import IDENTITY, NEEDLES, all_database_text
    from tomoshibi.testing.personas import receipt_from, write_first_message

    caplog.set_level(logging.DEBUG)
    world = make_world()
    person = Client(enforce_csrf_checks=True, **IDENTITY)
    receipt_from(write_first_message(person, world.sender.slug, PERSON_SAYS, "th"), person)
    conversation = Conversation.objects.get()
    propose(staff(world.counsellor_a), conversation)
    person.get(reverse("consultations:thread"))
    assert answer(person, Referral.objects.get(), "accept").status_code == 302
    assert Referral.objects.get().status == Status.CONSENTED
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    stored = all_database_text()
    for needle in NEEDLES:
        assert needle not in logged and needle not in stored


def test_a_platform_admin_links_an_organisation_to_its_directory_entry_and_referrals_find_it():
    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    a = staff(world.counsellor_a)
    refused = propose(a, conversation, service="hotline-outside")
    assert refused.status_code == 400
    call_command("linkdirectory", world.sender.slug, "hotline-outside", stdout=io.StringIO())
    # Its own entry is never a target of its own referrals; another organisation's is.
    assert propose(a, conversation, service="hotline-outside").status_code == 400
    call_command("linkdirectory", world.sender.slug, "--unlink", stdout=io.StringIO())
    other = make_organisation("line-org")
    call_command("linkdirectory", other.slug, "hotline-outside", stdout=io.StringIO())
    assert propose(a, conversation, service="hotline-outside").status_code == 302
    assert Referral.objects.get().to_organisation == other.organisation
    changes = AuditEvent.objects.filter(organisation=other.organisation, action="organisation.settings_changed")
    assert changes.get().new_values == {"directory_service_id": "hotline-outside"}
    with pytest.raises(CommandError, match="already the entry of 'line-org'.*linkdirectory line-org --unlink"):
        call_command("linkdirectory", world.sender.slug, "hotline-outside")
    with pytest.raises(CommandError, match="already the entry of 'line-org'"):
        call_command(
            "createorganisation", "Third", "--admin-email", "t@x.example", "--directory-service-id", "hotline-outside"
        )
    assert not Organisation.objects.filter(slug="third").exists()


def test_the_database_refuses_a_second_organisation_on_one_directory_entry():
    """Whatever path writes the link (a command racing another, a shell), one entry has one organisation."""
    world = make_world()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.sender.organisation.pk).update(directory_service=world.shelter)
    assert Organisation.objects.filter(directory_service=world.shelter).count() == 1
    Organisation.objects.filter(pk=world.sender.organisation.pk).update(directory_service=world.outside)


def test_a_member_of_both_organisations_sees_a_proposal_only_as_its_sender():
    from tomoshibi.accounts.actions import do_add_member_with_key
    from tomoshibi.accounts.keys import password_keys
    from tomoshibi.accounts.models import Role

    world = make_world()
    _person, _receipt, conversation = person_writes(world)
    propose(staff(world.counsellor_a), conversation)
    both = world.counsellor_b
    keys = password_keys(both.user.staff_profile, both.password)
    do_add_member_with_key(world.sender.organisation, both.user, Role.COUNSELLOR, world.sender.private_key, keys)
    page = staff(both).get(reverse("referrals:detail", args=[Referral.objects.get().pk])).content.decode()
    assert SUMMARY in page and "Your summary" in page and "Accept and write" not in page
