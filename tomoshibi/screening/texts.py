"""Wording in every supported language, as read from the instrument and scenario files.

Pure module (no Django): the data files are checked and scored without a web server.
"""

from collections.abc import Mapping
from dataclasses import dataclass

# The languages every item, scenario and piece of advice must exist in, in the site's order.
LANGUAGES: tuple[str, ...] = (
    "ja",
    "en",
    "tl",
    "th",
    "km",
    "vi",
    "zh-hans",
    "zh-hant",
    "ko",
    "id",
    "ne",
    "my",
    "pt-br",
    "es",
)
SOURCE_LANGUAGE = "en"


class ContentError(ValueError):
    """A data file is malformed: the message names the file part and what is wrong."""


@dataclass(frozen=True)
class Text:
    """One piece of wording in several languages."""

    by_language: Mapping[str, str]

    def get(self, language: str) -> str:
        """The wording in `language`; English if that language is missing (a test forbids it)."""
        return self.by_language.get(language.lower()) or self.by_language[SOURCE_LANGUAGE]

    def missing_languages(self) -> tuple[str, ...]:
        return tuple(code for code in LANGUAGES if not self.by_language.get(code, "").strip())


def parse_text(raw: object, where: str) -> Text:
    """A table of language code -> wording; English must exist, unknown codes are refused."""
    if not isinstance(raw, Mapping):
        raise ContentError(f"{where}: expected a table of languages {LANGUAGES}, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(LANGUAGES))
    if unknown:
        raise ContentError(f"{where}: unknown language codes {unknown}; valid codes are {LANGUAGES}")
    if not isinstance(raw.get(SOURCE_LANGUAGE), str):
        raise ContentError(f"{where}: the English wording is missing")
    return Text({str(code): " ".join(str(value).split()) for code, value in raw.items()})


def require(raw: Mapping[str, object], key: str, kind: type, where: str) -> object:
    """raw[key], which must exist and be of `kind`."""
    value = raw.get(key)
    if not isinstance(value, kind):
        raise ContentError(f"{where}: '{key}' must be a {kind.__name__}, got {value!r}")
    return value


def require_str(raw: Mapping[str, object], key: str, where: str) -> str:
    return str(require(raw, key, str, where))


def require_list(raw: Mapping[str, object], key: str, where: str) -> list[object]:
    value = require(raw, key, list, where)
    assert isinstance(value, list)  # for mypy: require checked the type
    return value


def require_tables(raw: Mapping[str, object], key: str, where: str) -> list[Mapping[str, object]]:
    """raw[key] as a list of tables (an array of tables in TOML)."""
    return [require_table(entry, f"{where} {key}") for entry in require_list(raw, key, where)]


def check_sources(cited: tuple[str, ...], known: set[str], where: str) -> None:
    """Every item or scenario cites at least one of its file's sources, and only those."""
    unknown = sorted(set(cited) - known)
    if unknown or not cited:
        raise ContentError(f"{where}: cites unknown or no sources {unknown}; the file's sources are {sorted(known)}")


def require_table(raw: object, where: str) -> Mapping[str, object]:
    if not isinstance(raw, Mapping):
        raise ContentError(f"{where}: expected a table, got {type(raw).__name__}")
    return raw
