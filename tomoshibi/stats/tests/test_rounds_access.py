"""Who reaches what of one round: the coordinator, an admin of a participant, an admin of an organisation
left out, a counsellor and a monitor of a participant. Everything not theirs is a 404, as "not found" is.
And the coordinator, who holds the coordinating organisation's key, reaches nothing but rounds.
"""

import pytest
from django.urls import reverse

from tomoshibi.accounts.models import Role
from tomoshibi.testing.personas import make_organisation, make_staff, post_form, signed_in_client

from .rounds_world import make_round_world, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_round_world()


@pytest.fixture
def round_(world):
    return open_round(world)


def coordinator_urls(round_) -> list[tuple[str, str]]:
    return [
        ("get", reverse("stats:round", args=[round_.pk])),
        ("post", reverse("stats:run_round", args=[round_.pk])),
        ("post", reverse("stats:close_round", args=[round_.pk])),
        ("get", reverse("stats:round_report", args=[round_.pk, "en"])),
    ]


def participant_urls(round_, slug: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("stats:take_part", args=[round_.pk, slug])),
        ("post", reverse("stats:submit_list", args=[round_.pk, slug])),
        ("post", reverse("stats:withdraw_list", args=[round_.pk, slug])),
    ]


def answers(client, urls) -> list[int]:
    return [(client.get(url) if method == "get" else post_form(client, url)).status_code for method, url in urls]


def test_it_shows_a_participant_s_admin_their_own_page_only(world, round_):
    client = signed_in_client(world.admins[0])
    assert client.get(reverse("stats:take_part", args=[round_.pk, "shelter"])).status_code == 200
    assert answers(client, participant_urls(round_, "clinic")) == [404, 404, 404]
    assert answers(client, participant_urls(round_, "jnatip")) == [404, 404, 404]
    assert answers(client, coordinator_urls(round_)) == [404] * 4
    listed = client.get(reverse("stats:rounds")).content.decode()
    assert round_.title in listed and "Open a round" not in listed


def test_it_hides_the_round_from_an_organisation_left_out(world, round_):
    outsider = make_organisation("left-out")
    client = signed_in_client(make_staff(outsider, Role.ADMIN, "admin@left-out.example"))
    assert answers(client, participant_urls(round_, "left-out")) == [404, 404, 404]
    assert answers(client, coordinator_urls(round_)) == [404] * 4
    assert round_.title not in client.get(reverse("stats:rounds")).content.decode()


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.SUPERVISOR, Role.MONITOR])
def test_only_admins_of_a_participant_send_its_list(world, round_, role):
    client = signed_in_client(make_staff(world.participants[0], role, f"{role}@shelter.example"))
    assert answers(client, participant_urls(round_, "shelter")) == [404, 404, 404]
    assert answers(client, coordinator_urls(round_)) == [404] * 4


def test_the_coordinator_reaches_the_round_but_no_participant_s_page(world, round_):
    client = signed_in_client(world.coordinator)
    assert client.get(reverse("stats:round", args=[round_.pk])).status_code == 200
    for org in world.participants:
        assert answers(client, participant_urls(round_, org.slug)) == [404, 404, 404]
    listed = client.get(reverse("stats:rounds")).content.decode()
    assert round_.title in listed and "Open a round for Org jnatip" in listed


def test_the_coordinator_reaches_nothing_of_the_organisation_but_rounds(world):
    client = signed_in_client(world.coordinator)
    slug = world.coordinating.slug
    for name in ("consultations:inbox", "joboffers:batch", "joboffers:cases", "accounts:tokens", "accounts:members"):
        assert client.get(reverse(name, args=[slug])).status_code == 404, name
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("stats:rounds") in home and reverse("consultations:inbox", args=[slug]) not in home


def test_only_a_coordinator_opens_a_round_and_only_for_their_own_organisation(world, coordinator):
    client = signed_in_client(world.admins[0])
    assert client.get(reverse("stats:open_round", args=["shelter"])).status_code == 404
    assert client.get(reverse("stats:open_round", args=["jnatip"])).status_code == 404
    other = signed_in_client(coordinator)
    assert other.get(reverse("stats:open_round", args=["coordination"])).status_code == 200
    assert other.get(reverse("stats:open_round", args=["jnatip"])).status_code == 404
