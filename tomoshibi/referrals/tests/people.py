"""A small world for referrals: a first organisation, a shelter on the platform, a service outside it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from tomoshibi.accounts.models import Role
from tomoshibi.consultations.models import Conversation
from tomoshibi.directory.models import Service
from tomoshibi.testing.personas import Org, Staff, make_organisation, make_staff, post_form, signed_in_client, start

PERSON_SAYS = "ฉันถูกยึดหนังสือเดินทางและต้องการที่พักที่ปลอดภัยในโอซาก้า"
SUMMARY = "Thai woman, 24, passport held by the bar owner in Namba, needs a safe room tonight"


@dataclass
class World:
    sender: Org
    receiver: Org
    counsellor_a: Staff
    counsellor_b: Staff
    shelter: Service
    outside: Service


def make_world() -> World:
    shelter = Service.objects.create(
        id="ngo-hidamari",
        name_ja="ひだまりシェルター",
        name_en="Hidamari Shelter",
        kind="ngo",
        phone="03-0000-0301",
        source_url="https://example.org/hidamari",
    )
    outside = Service.objects.create(
        id="hotline-outside",
        name_ja="外国人相談ダイヤル",
        name_en="Foreign residents' line",
        kind="hotline",
        phone="0120-000-111",
        source_url="https://example.org/line",
    )
    sender = make_organisation("sakura", languages=["th", "ja", "en"])
    receiver = make_organisation("hidamari", languages=["th", "ja"], directory_service=shelter)
    counsellor_a = make_staff(sender, Role.COUNSELLOR, "a@sakura.example")
    counsellor_b = make_staff(receiver, Role.COUNSELLOR, "b@hidamari.example")
    return World(sender, receiver, counsellor_a, counsellor_b, shelter, outside)


def person_writes(world: World, body: str = PERSON_SAYS):
    """(the person's client, receipt, conversation). The test reads the pages in English after."""
    client, receipt = start(world.sender.slug, body, language="th")
    translation.activate("en")  # the Thai pages activated Thai in this thread
    return client, receipt, Conversation.objects.filter(organisation=world.sender.organisation).latest("created_at")


def propose(staff_client, conversation, *, service="ngo-hidamari", kind="share", reason="shelter", summary=SUMMARY):
    data = {"service": service, "kind": kind, "reason": reason, "summary": summary}
    return post_form(staff_client, reverse("referrals:propose", args=[conversation.pk]), data)


def answer(person_client, referral, decision: str, messages=()):
    data = {"decision": decision, "messages": [str(m) for m in messages]}
    return post_form(person_client, reverse("referrals:answer", args=[referral.pk]), data)


def staff(world_staff: Staff):
    return signed_in_client(world_staff)
