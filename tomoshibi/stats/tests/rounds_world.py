"""The people of the round tests: a coordinating organisation and its coordinator, three participating
organisations and their admins, and three small synthetic lists with overlaps large enough to estimate.

The lists are drawn from a fixed seed: distinct people (romaji, kana and kanji names, dates of birth),
each organisation recording some of them, sometimes in another script. They are encoded exactly as
`tomoshibi linkage encode` does (its own functions), with a secret only the test knows.
"""

import csv
import io
import json
import random
from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tomoshibi.accounts.models import Role
from tomoshibi.linkage.cli import FORMAT, FORMAT_VERSION, read_people
from tomoshibi.linkage.encode import Encoder, load_schema
from tomoshibi.linkage.normalise import INPUT_COLUMNS, normalise
from tomoshibi.stats.actions import do_open_round
from tomoshibi.testing.personas import Org, Staff, make_coordinator, make_organisation, make_staff

SECRET = b"harbour lantern cedar window 7731"
# The one name every list carries, to look for in the database and in request bodies.
MARKED = (("Kawaguchi", "かわぐち", "川口"), ("Shizuru", "しずる"), (1994, 3, 9), "F", "JP")
MARKED_WORDS = ("Kawaguchi", "KAWAGUCHI", "kawaguchi", "Shizuru", "かわぐち", "しずる", "1994-03-09")
FAMILIES = [
    ("Tanaka", "たなか", "田中"),
    ("Suzuki", "すずき", "鈴木"),
    ("Nguyen", "", ""),
    ("Santos", "", ""),
    ("Yamamoto", "やまもと", "山本"),
    ("Reyes", "", ""),
    ("Tran", "", ""),
    ("Kobayashi", "こばやし", "小林"),
]
GIVEN = [
    ("Hanako", "はなこ"),
    ("Maria", ""),
    ("Linh", ""),
    ("Yuki", "ゆき"),
    ("Ana", ""),
    ("Mai", "まい"),
    ("Rosa", ""),
]
CAPTURE = (0.55, 0.5, 0.45)
LIST_SLUGS = ("shelter", "clinic", "ngo")


@dataclass
class RoundWorld:
    coordinating: Org
    coordinator: Staff
    participants: list[Org]
    admins: list[Staff]
    csvs: list[str]


def draw_people(count: int, rng: random.Random) -> list[tuple]:
    people, seen = [], set()
    while len(people) < count:
        family, given = rng.choice(FAMILIES), rng.choice(GIVEN)
        born = (rng.randint(1975, 2007), rng.randint(1, 12), rng.randint(1, 28))
        key = (family[0], given[0], born)
        if key not in seen:
            seen.add(key)
            people.append((family, given, born, rng.choice("FM"), "JP" if family[1] else "PH"))
    return [MARKED, *people]


def written(person: tuple, rng: random.Random) -> list[str]:
    family, given, (year, month, day), sex, nationality = person
    if family[1] and given[1] and rng.random() < 0.3:
        names = [family[1], given[1]]  # written in kana by this organisation
    else:
        names = [family[0].upper() if rng.random() < 0.5 else family[0], given[0]]
    return [*names, f"{year}-{month:02d}-{day:02d}", sex, nationality]


def synthetic_csvs(people: int = 120, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    population = draw_people(people, rng)
    texts = []
    for share in CAPTURE:
        rows = [written(person, rng) for index, person in enumerate(population) if index == 0 or rng.random() < share]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(INPUT_COLUMNS)
        writer.writerows(rows)
        texts.append(out.getvalue())
    return texts


def encoded(csv_text: str, secret: bytes = SECRET) -> bytes:
    """The .clk.json `tomoshibi linkage encode` writes for this CSV."""
    lines, people = read_people(csv_text, "list.csv")
    schema = load_schema()
    clks = Encoder(secret, schema).encode_all([normalise(person) for person in people])
    document = {"format": FORMAT, "version": FORMAT_VERSION, "schema": schema.fingerprint, "bits": schema.length}
    return (json.dumps({**document, "lines": lines, "clks": clks}) + "\n").encode()


def make_round_world(people: int = 120) -> RoundWorld:
    coordinating, coordinator = make_coordinator("jnatip")
    participants = [make_organisation(slug) for slug in LIST_SLUGS]
    admins = [make_staff(org, Role.ADMIN, f"admin@{org.slug}.example") for org in participants]
    return RoundWorld(coordinating, coordinator, participants, admins, synthetic_csvs(people))


def round_fields(**changes) -> dict:
    today = timezone.localdate()
    fields = {
        "title": "Trafficking survivors supported in Aichi, 2026",
        "definition": "Every person supported who was recruited or moved for sexual exploitation or forced labour.",
        "period_from": today.replace(month=1, day=1),
        "period_to": today,
        "deadline": today + timedelta(days=14),
    }
    return {**fields, **changes}


def open_round(world: RoundWorld, **changes):
    organisations = [org.organisation for org in world.participants]
    return do_open_round(
        world.coordinating.organisation, participants=organisations, acting_user=world.coordinator.user,
        **round_fields(**changes),
    )  # fmt: skip


def upload(client, round_, org: Org, data: bytes, name: str = "list.clk.json"):
    """Send an encoded list through the page's form, as a browser does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tomoshibi.testing.personas import post_form

    url = reverse("stats:submit_list", args=[round_.pk, org.slug])
    return post_form(client, url, {"encodings": SimpleUploadedFile(name, data, content_type="application/json")})
