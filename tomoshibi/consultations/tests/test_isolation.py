"""The isolation matrix: no role of organisation A reads or changes anything of organisation B.

Each pair (role of A, staff URL or API endpoint aimed at B) is its own test.
"Not yours" must look exactly like "not found": a 404.

Covered: every organisation-scoped staff URL of the consultations, referrals and accounts apps,
generated from the URL table (with the inbox's views; the referrals' platform figures, which name
no organisation, are tested in tomoshibi/referrals/tests), and the consultations API. The
hotline's staff URLs have their own matrix in tomoshibi/hotline/tests/test_isolation.py.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tomoshibi.accounts.actions import do_create_api_token, do_create_staff_account
from tomoshibi.accounts.models import ApiToken, Membership, Role
from tomoshibi.accounts.totp import new_key
from tomoshibi.audit.models import AuditEvent
from tomoshibi.consultations.actions import (
    do_add_case_note,
    do_close_conversation,
    do_create_case,
    do_start_conversation,
)
from tomoshibi.consultations.models import Case, CaseNote, Conversation, Message
from tomoshibi.directory.models import Service
from tomoshibi.referrals.actions import do_consent_to_referral, do_propose_referral
from tomoshibi.referrals.models import Referral
from tomoshibi.testing.personas import Staff, make_organisation, make_staff, post_form, signed_in_client
from tomoshibi.testing.urltable import matrix_endpoints

pytestmark = pytest.mark.django_db
SECRET_OF_B = "Only organisation B may ever read this sentence"
ROLES_OF_A = ["counsellor", "supervisor", "admin", "platform_admin"]

# The matrix is generated from the URL table: every staff URL of these namespaces, with each
# method its view accepts, and each URL argument filled from the world of B by its rule here. A
# staff URL with an argument that has no rule fails test_url_table.py until the rule is added.
NAMESPACES = ("accounts", "consultations", "referrals")
ARGUMENTS = {
    "organisation_slug": lambda b: b["slug"],
    "member_id": lambda b: b["member"].pk,
    "token_id": lambda b: b["token"].pk,
    "conversation_id": lambda b: b["conversation"].pk,
    "case_id": lambda b: b["case"].pk,
    "referral_id": lambda b: b["referral_made"].pk,
}
CLOSED = {"conversation_id": lambda b: b["closed"].pk}
RECEIVED = {"referral_id": lambda b: b["referral_received"].pk}
# URLs asked with other arguments than ARGUMENTS gives, or in more than one way: (name suffix, query, arguments).
VARIANTS = {
    "consultations:reopen": [("", "", CLOSED)],
    "consultations:conversation": [("", "", {}), (", closed", "", CLOSED)],
    "consultations:inbox": [("", "", {}), (", assigned to me", "view=mine", {}), (", closed", "view=closed", {})],
    "referrals:detail": [(", made", "", {}), (", received", "", RECEIVED)],
    "referrals:accept": [("", "", RECEIVED)],
    "referrals:decline": [("", "", RECEIVED)],
}


ENDPOINTS = matrix_endpoints(NAMESPACES, ARGUMENTS, VARIANTS)
# Form data that would succeed if the target were the user's own.
POST_DATA = {
    "body": "written by A",
    "note": "written by A",
    "email": "intruder@a.example",
    "role": "admin",
    "name": "stolen",
    "retention_days": "1",
    "tags": ["urgent"],
    "status": "closed",
    "needs": ["safety"],
    "service": "ngo-c",
    "kind": "share",
    "reason": "shelter",
    "summary": "written by A",
    "recovery_key": "",
    "password": "x",
}


def world_of_b():
    org = make_organisation("org-b")
    member = make_staff(org, Role.ADMIN, "admin@b.example")
    conversation, _receipt, _key = do_start_conversation(
        org.organisation, body=SECRET_OF_B, language="tl", age_group="minor", danger="yes", situations=["debt"]
    )
    closed, _receipt, _key = do_start_conversation(
        org.organisation, body=SECRET_OF_B, language="ja", age_group="adult", danger="no", situations=[]
    )
    do_close_conversation(closed, acting_user=member.user)
    case = do_create_case(conversation, acting_user=member.user)
    do_add_case_note(case, body=SECRET_OF_B, acting_user=member.user)
    token, _secret = do_create_api_token(
        member.membership, name="b", private_key=org.private_key, acting_user=member.user
    )
    made, received = referrals_of_b(org, member.user, conversation)
    return {
        "referral_made": made,
        "referral_received": received,
        "slug": org.slug,
        "org": org,
        "member": member.membership,
        "conversation": conversation,
        "closed": closed,
        "case": case,
        "token": token,
    }


def referrals_of_b(org, user, conversation):
    """A referral B made to a third organisation C, and one C made to B that the person agreed to."""
    service_c = Service.objects.create(
        id="ngo-c", name_ja="C", name_en="C", kind="ngo", source_url="https://c.example/"
    )
    service_b = Service.objects.create(
        id="ngo-b", name_ja="B", name_en="B", kind="ngo", source_url="https://b.example/"
    )
    org.organisation.directory_service = service_b
    org.organisation.save(update_fields=["directory_service"])
    org_c = make_organisation("org-c", directory_service=service_c)
    member_c = make_staff(org_c, Role.COUNSELLOR, "counsellor@c.example")
    made = do_propose_referral(conversation, service=service_c, reason="shelter", summary=SECRET_OF_B, acting_user=user)
    from_c, _receipt, person_key = do_start_conversation(
        org_c.organisation, body="", language="th", age_group="adult", danger="no", situations=[]
    )
    received = do_propose_referral(
        from_c, service=service_b, reason="legal", summary=SECRET_OF_B, acting_user=member_c.user
    )
    return made, do_consent_to_referral(received, person_private_key=person_key)


def staff_of_a(role: str) -> Staff:
    return staff_and_organisation_of_a(role)[0]


def staff_and_organisation_of_a(role: str):
    org_a = make_organisation("org-a")
    if role == "platform_admin":
        user, _keys = do_create_staff_account(
            email="root@platform.example", password="p-" * 10, totp_key=(key := new_key()), is_platform_admin=True
        )
        return Staff(user, None, "p-" * 10, key), org_a
    return make_staff(org_a, Role(role), f"{role}@a.example"), org_a


def snapshot_of_b(world) -> dict:
    organisation = world["org"].organisation
    organisation.refresh_from_db()
    conversations = Conversation.objects.filter(pk__in=[world["conversation"].pk, world["closed"].pk])
    case = Case.objects.filter(pk=world["case"].pk).values().first()
    return {
        "organisation": (organisation.retention_days, organisation.accepts_web_consultations, organisation.languages),
        "members": sorted(
            Membership.objects.filter(organisation=organisation).values_list("pk", "role", "wrapped_key", "key_grant")
        ),
        "invitations": organisation.invitations.count(),
        "tokens": sorted(ApiToken.objects.filter(membership__organisation=organisation).values_list("pk", flat=True)),
        "conversations": sorted(conversations.values(), key=lambda row: str(row["id"])),
        "messages": Message.objects.filter(conversation__organisation=organisation).count(),
        "case": case,
        "notes": CaseNote.objects.filter(case_id=world["case"].pk).count(),
        "audit": AuditEvent.objects.filter(organisation=organisation).count(),
        "referrals": sorted(Referral.objects.involving(organisation).values_list("pk", "status", "to_conversation")),
    }


@pytest.mark.parametrize("role", ROLES_OF_A)
@pytest.mark.parametrize("name, method, url_name, args", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_it_hides_everything_of_organisation_b_from_organisation_a(role, name, method, url_name, args):
    world = world_of_b()
    client = signed_in_client(staff_of_a(role))
    before = snapshot_of_b(world)
    url_name, _mark, query = url_name.partition("?")
    url = reverse(url_name, args=args(world)) + (f"?{query}" if query else "")
    response = client.get(url) if method == "get" else post_form(client, url, POST_DATA)
    assert response.status_code == 404, (role, name, response.status_code)
    assert SECRET_OF_B not in response.content.decode()
    assert snapshot_of_b(world) == before


API_ENDPOINTS = [
    ("inbox of B", lambda a, b: f"/consultations/{b['slug']}/inbox"),
    ("closed inbox of B", lambda a, b: f"/consultations/{b['slug']}/inbox?status=closed"),
    ("conversation of B under B", lambda a, b: f"/consultations/{b['slug']}/conversations/{b['conversation'].pk}"),
    ("conversation of B under A", lambda a, b: f"/consultations/{a}/conversations/{b['conversation'].pk}"),
    ("closed conversation of B under A", lambda a, b: f"/consultations/{a}/conversations/{b['closed'].pk}"),
]


@pytest.mark.parametrize("role", ROLES_OF_A[:3])
@pytest.mark.parametrize("name, path", API_ENDPOINTS, ids=[e[0] for e in API_ENDPOINTS])
def test_it_hides_organisation_b_from_the_api_tokens_of_organisation_a(role, name, path):
    world = world_of_b()
    staff, org_a = staff_and_organisation_of_a(role)
    _token, secret = do_create_api_token(
        staff.membership, name="a", private_key=org_a.private_key, acting_user=staff.user
    )
    before = snapshot_of_b(world)
    response = Client().get(f"/api/v1{path(org_a.slug, world)}", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 404, (role, name, response.status_code)
    assert SECRET_OF_B not in response.content.decode()
    assert snapshot_of_b(world) == before
