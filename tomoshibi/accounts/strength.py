"""How guessable a staff password is: zxcvbn, told about Japanese words and the person's own details.

Pure module (no Django). A staff password protects an organisation's whole archive, so
it must resist an offline guesser, not only the login form: zxcvbn estimates how many
guesses a password would take from dictionaries, keyboard patterns, repeats, dates and
l33t substitutions. Its dictionaries are English; the romaji words below are what
people in Japan put in passwords (and what a guesser attacking a Japanese
organisation tries first), and the person's e-mail and organisation name are added
for each check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

# zxcvbn's 0-4 scale: 3 is "safely unguessable: moderate protection from an offline
# slow-hash scenario" (under 10^10 guesses is 0-2).
MIN_SCORE = 3
# zxcvbn's running time grows with length; beyond this a password is judged on its start.
MAX_CHECKED_LENGTH = 100

# Romaji and Japanese place, brand and character names common in leaked Japanese passwords.
JAPANESE_WORDS = (
    "tomoshibi", "akari", "sakura", "hikari", "himawari", "tsubasa", "hanako", "taro", "yuki",
    "haruka", "aoi", "hinata", "sora", "umi", "yume", "ai", "aishiteru", "daisuki", "arigatou",
    "arigato", "konnichiwa", "ohayou", "sayonara", "kawaii", "genki", "ganbare", "ganbatte",
    "nihon", "nippon", "japan", "tokyo", "osaka", "kyoto", "yokohama", "nagoya", "sapporo",
    "fukuoka", "kobe", "sendai", "hiroshima", "okinawa", "shinjuku", "shibuya", "ikebukuro",
    "fujisan", "yamato", "samurai", "ninja", "shogun", "sushi", "ramen", "sake", "neko",
    "inu", "usagi", "kitsune", "tanuki", "doraemon", "pikachu", "pokemon", "naruto", "sasuke",
    "goku", "totoro", "ghibli", "gundam", "kitty", "hellokitty", "sailormoon", "anpanman",
    "conan", "onepiece", "luffy", "zoro", "tanjiro", "nezuko", "kimetsu", "jujutsu",
    "mario", "zelda", "sonic", "yamada", "tanaka", "suzuki", "sato", "takahashi", "watanabe",
    "ito", "nakamura", "kobayashi", "kato", "yoshida", "yamamoto", "sasaki", "matsumoto",
    "inoue", "kimura", "hayashi", "shimizu", "kawasaki", "toyota", "honda", "sony", "nintendo",
    "giants", "tigers", "hanshin", "anime", "manga", "otaku", "kanji", "hiragana", "katakana",
    "gakkou", "sensei", "senpai", "kohai", "tomodachi", "kazoku", "okaasan", "otousan",
    "watashi", "boku", "ore", "anata", "kimi", "koibito", "shiawase", "kokoro", "inochi",
    "mirai", "kibou", "yuuki", "tenshi", "akuma", "kami", "hoshi", "tsuki", "taiyou",
    "hana", "kaze", "yama", "kawa", "mizu", "hi", "tsuchi", "ki", "kin", "gin",
    "soudan", "shien", "kodomo", "josei", "joshi", "fujin", "hogo", "anzen", "keisatsu",
    "paps", "colabo", "zoe", "bond", "lighthouse",
)  # fmt: skip


def details_as_words(details: Iterable[str]) -> list[str]:
    """The person's own details as zxcvbn inputs: whole, and split at dots, @, dashes and spaces."""
    words: list[str] = []
    for detail in details:
        text = detail.strip().casefold()
        if not text:
            continue
        words.append(text)
        words.extend(part for part in re.split(r"[@.\-_+\s]+", text) if len(part) >= 3)
    return words


def guessability_score(password: str, details: Iterable[str] = ()) -> int:
    """zxcvbn's score 0 (too guessable) to 4 (very unguessable), with Japanese words and the details."""
    inputs = [*details_as_words(details), *JAPANESE_WORDS]
    result = zxcvbn(password[:MAX_CHECKED_LENGTH], user_inputs=inputs, max_length=MAX_CHECKED_LENGTH)
    return int(result["score"])


def is_guessable(password: str, details: Iterable[str] = ()) -> bool:
    return guessability_score(password, details) < MIN_SCORE
