import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from tomoshibi.directory.referral import AGES, CHANNELS, DANGERS, GENDERS, SITUATIONS, ReferralError, recommend
from tomoshibi.directory.referrals import active_services, build_request, recommendations_data, site_language
from tomoshibi.directory.vocabulary import CHANNEL_LABELS

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
        data = recommendations_data(recommend(active_services(), request), request.language)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            with translation.override(site_language(request.language) or "en"):
                self.print_list(data["recommendations"])

    def how_to_reach(self, item) -> str:
        """The same words as the answer pages, in the person's language where the site has it."""
        if item["phone"]:
            return _("Call %(number)s") % {"number": item["phone"]}
        channel = CHANNEL_LABELS.get(item["channel"], item["channel"])
        return _("They can be reached by: %(channel)s.") % {"channel": channel}

    def open_state(self, open_now: bool | None) -> str:
        if open_now is None:
            return _("Opening hours not known: it may be closed now.")
        return _("Open now") if open_now else _("Closed now")

    def print_list(self, recommendations):
        for rank, item in enumerate(recommendations, start=1):
            how, state = self.how_to_reach(item), self.open_state(item["open_now"])
            self.stdout.write(f"{rank}. {item['name']} [{item['service_id']}]: {how} ({state})")
            for code, sentence in zip(item["reasons"], item["explanations"], strict=True):
                self.stdout.write(f"   - {sentence} ({code})")
