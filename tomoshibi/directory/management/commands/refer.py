import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tomoshibi.directory.codes import AGES, CHANNELS, DANGERS, GENDERS, SITUATIONS
from tomoshibi.directory.referral_engine import ReferralError, recommend, right_now
from tomoshibi.directory.referrals import (
    DEFAULT_LIMIT,
    active_services,
    build_request,
    recommendations_data,
    site_language,
)
from tomoshibi.directory.vocabulary import CONTACT_CHANNEL_LABELS

# The engine's field names where the option is named differently.
OPTIONS = {"language": "lang"}


class Command(BaseCommand):
    help = "Where to get help for one situation, best first (the same list as GET /api/v1/referrals)."

    def add_arguments(self, parser):
        parser.add_argument("--postal-code", default="", help="Japanese postal code, e.g. 530-0001")
        parser.add_argument("--prefecture", default="", help="JIS prefecture code 01-47 (instead of a postal code)")
        parser.add_argument("--age", default="unknown", help=f"one of: {', '.join(AGES)}")
        parser.add_argument("--gender", default="", help=f"one of: {', '.join(GENDERS)} (optional)")
        parser.add_argument("--lang", default="ja", help="the person's language (ISO 639-1), e.g. ja, en, tl")
        parser.add_argument(
            "--situation", action="append", default=[], help=f"repeatable or comma-separated: {', '.join(SITUATIONS)}"
        )
        parser.add_argument("--danger", default="unsure", help=f"one of: {', '.join(DANGERS)}")
        parser.add_argument(
            "--channel", action="append", default=[], help=f"repeatable or comma-separated: {', '.join(CHANNELS)}"
        )
        parser.add_argument("--at", default="", help="time in Japan, ISO 8601, e.g. 2026-12-31T23:00 (default: now)")
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="how many (the rest go under `more`)")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a list")

    def handle(self, *args, **options):
        try:
            request = build_request(
                postal_code=options["postal_code"],
                prefecture=options["prefecture"],
                age=options["age"],
                gender=options["gender"],
                language=options["lang"],
                situations=options["situation"],
                danger=options["danger"],
                channels=options["channel"],
                at=options["at"],
            )
        except ReferralError as error:
            option = "--" + OPTIONS.get(error.field, error.field).replace("_", "-")
            raise CommandError(f"{option}: {error}", returncode=2) from None
        services = active_services()
        found = recommend(services, request)
        limit = max(options["limit"], 1)
        data = recommendations_data(found, request.language, limit=limit, right_now=right_now(services, request, found))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            with translation.override(site_language(request.language) or "en"):
                self.print_list(data)

    def contact_line(self, contact) -> str:
        """The same words as the answer pages, in the person's language where the site has it."""
        channel = CONTACT_CHANNEL_LABELS.get(contact["channel"], contact["channel"])
        return f"{channel}: {contact['href'] or contact['value']} ({contact['status']})"

    def print_list(self, data):
        if data["right_now"]:
            self.stdout.write(_("Open right now, in your language"))
            for item in data["right_now"]:
                self.stdout.write(f"   {item['name_en']} [{item['service_id']}] {self.contact_line(item)}")
        for rank, item in enumerate(data["recommendations"] + data["more"], start=1):
            self.stdout.write(f"{rank}. {item['name']} [{item['service_id']}]")
            for contact in item["contacts"]:
                self.stdout.write(f"   {self.contact_line(contact)}")
            for code, sentence in zip(item["reasons"], item["explanations"], strict=True):
                self.stdout.write(f"   - {sentence} ({code})")
