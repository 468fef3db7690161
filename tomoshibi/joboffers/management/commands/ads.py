"""`tomoshibi ads screen FILE [--lang L] [--json]`: check job offers from a file, ranked by concern.

FILE is one offer as plain text, or a JSON-lines file of {"id": ..., "text": ...}; "-" reads
standard input. The answer is the one the public page and the API give for the same text.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tomoshibi.joboffers import wording
from tomoshibi.joboffers.api import with_titles
from tomoshibi.joboffers.batch import read_offers, screen_offers
from tomoshibi.joboffers.checker import OfferRefused


class Command(BaseCommand):
    help = "Check job offers for signs of deceptive recruitment (nothing is stored)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        screen = sub.add_parser("screen", help="check one offer, or a JSON-lines file of offers")
        screen.add_argument("file", help='a text file, a JSON-lines file of {"id", "text"}, or - for standard input')
        screen.add_argument("--lang", default="en", help="language of the sign names (default en)")
        screen.add_argument("--json", action="store_true", help="print JSON: level and indicators with evidence")

    def handle(self, *args, action, file, lang, json, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        if lang not in languages:
            raise CommandError(f"--lang {lang!r} is not a site language; use one of {', '.join(languages)}")
        try:
            screened = screen_offers(read_offers(read_file(file)))
        except OfferRefused as refused:
            raise CommandError(str(refused)) from refused
        with translation.override(lang):
            results = [with_titles(s.as_data()) for s in screened]
            self.stdout.write(dumps(results) if json else "\n".join(summary(r) for r in results))


def read_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text; save it as UTF-8 and try again") from error


def dumps(results: list[dict]) -> str:
    return json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2)


def summary(result: dict) -> str:
    """One offer in a few lines: level, score, and each sign with the words that raised it."""
    lines = [f"{result['id']}: {wording.LEVEL_NAMES[result['level']]} ({result['level']}, score {result['score']})"]
    for indicator in result["indicators"]:
        words = "; ".join(e["text"] for e in indicator["evidence"])[:160]
        lines.append(f"  - {indicator['title']} [{indicator['id']}]: {words}")
    return "\n".join(lines)
