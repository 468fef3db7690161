"""Translation catalogues: find, compile and check them.

Compiling uses polib, so a machine without GNU gettext can still run the
platform; `make test` also runs Django's compilemessages where msgfmt exists.
"""

import gettext
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

from tomoshibi.core import furigana, glossary

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
REVIEWED_HEADER = "X-Reviewed-By-Native"
MISSING = "missing (run `tomoshibi messages extract`)"

NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def catalogue_paths() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    roots += [Path(app.path) / "locale" for app in apps.get_app_configs() if app.name.startswith("tomoshibi.")]
    return sorted(po for root in roots if root.is_dir() for po in root.glob("*/LC_MESSAGES/django*.po"))


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def locale_dir_name(language: str) -> str:
    """Django's directory name for a language code: zh-hans -> zh_Hans."""
    from django.utils.translation import to_locale

    return to_locale(language)


@dataclass
class Problem:
    path: Path
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}: {self.msgid[:70]!r}"


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in NAMED_PLACEHOLDER.findall(text)}


def check_entry(path: Path, entry: polib.POEntry) -> list[Problem]:
    if entry.obsolete:
        return []
    if is_easy_japanese(path):
        return check_easy_japanese_entry(path, entry)
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    return check_entry_text(path, entry, translations)


def check_entry_text(path: Path, entry: polib.POEntry, translations: list[str]) -> list[Problem]:
    if "fuzzy" in entry.flags:
        return [Problem(path, entry.msgid, "fuzzy")]
    if not all(t.strip() for t in translations):
        return [Problem(path, entry.msgid, "untranslated")]
    expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    return [
        Problem(path, entry.msgid, f"placeholders differ ({sorted(placeholders(t))} != {sorted(expected)})")
        for t in translations
        if placeholders(t) != expected and not (entry.msgid_plural and placeholders(t) < expected)
    ][:1]


# Easy Japanese (ja-easy, catalogues ja_Easy) rewrites the public pages only; any other message falls
# back to ordinary Japanese. The public pages' messages are those used in these source files (as the
# catalogues' "#:" references name them): each must be rewritten, with a reading on every kanji.
EASY_JAPANESE_CATALOGUE = "ja_Easy"
EASY_JAPANESE_SOURCES = re.compile(
    r"^tomoshibi/("
    r"core/templates/core/(base|home|no_trace|400|404|500|csrf_failure|_field_notes)\.html"
    r"|help/(texts|engine|forms)\.py|help/templates/help/(_\w+|step_\w+|answer)\.html"
    r"|directory/templates/directory/(_recommendations|_recommendation|_contact|service_detail|service_list|refer)\.html"
    r"|directory/(referrals|forms)\.py"
    r"|consultations/templates/consultations/\w+\.html|consultations/(views/person|forms)\.py"
    r"|referrals/templates/referrals/_(person_cards|contact)\.html"
    r"|hotline/templates/hotline/\w+\.html|hotline/(views/public|forms)\.py"
    r"|stats/templates/stats/figures/index\.html|stats/templates/stats/rounds/_(public|result)\.html"
    r"|stats/views/figures\.py"
    r")$"
)


def is_easy_japanese(path: Path) -> bool:
    return glossary.catalogue_language(path) == EASY_JAPANESE_CATALOGUE


def on_public_pages(entry: polib.POEntry) -> bool:
    return any(EASY_JAPANESE_SOURCES.match(source) for source, _line in entry.occurrences)


# The translator comment on an easy-Japanese entry that carries the ordinary Japanese until it is rewritten
# (`tomoshibi messages fill-easy` writes it): complete for every check, exempt from furigana.
JAPANESE_FALLBACK = "ordinary Japanese until rewritten"


def is_japanese_fallback(entry: polib.POEntry) -> bool:
    return JAPANESE_FALLBACK in (entry.tcomment or "")


def check_easy_japanese_entry(path: Path, entry: polib.POEntry) -> list[Problem]:
    """A public page's message must be rewritten; any rewritten message needs well-formed furigana."""
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    if is_japanese_fallback(entry):
        return [Problem(path, entry.msgid, "ordinary Japanese on a public page")] if on_public_pages(entry) else []
    if not any(t.strip() for t in translations) and "fuzzy" not in entry.flags:
        return [Problem(path, entry.msgid, "untranslated")] if on_public_pages(entry) else []
    found = check_entry_text(path, entry, translations)
    return found + [Problem(path, entry.msgid, f"furigana: {p}") for t in translations for p in furigana.problems(t)]


def falls_back(entry: polib.POEntry) -> bool:
    """An easy-Japanese message left to ordinary Japanese."""
    return not entry.obsolete and not on_public_pages(entry) and (is_japanese_fallback(entry) or not entry.translated())


def check_plural_forms(path: Path, catalogue: polib.POFile) -> list[Problem]:
    """A placeholder or broken Plural-Forms header makes every page in that language fail."""
    header = catalogue.metadata.get("Plural-Forms", "nplurals=2; plural=(n != 1);")
    try:
        gettext.c2py(header.split("plural=", 1)[1].rstrip(";"))
    except (IndexError, ValueError, SyntaxError):
        return [Problem(path, "Plural-Forms", f"invalid header {header!r}")]
    return []


def check_catalogue(path: Path) -> list[Problem]:
    catalogue = polib.pofile(str(path))
    problems = check_plural_forms(path, catalogue)
    return problems + [problem for entry in catalogue for problem in check_entry(path, entry)]


def data_paths() -> list[Path]:
    """The TOML files of translated content that is data, not interface (screening and training texts)."""
    return sorted(path for folder in settings.TRANSLATED_DATA_DIRS for path in Path(folder).rglob("*.toml"))


def entry_keys(catalogue: polib.POFile) -> dict[tuple[str, str], str]:
    return {(entry.msgctxt or "", entry.msgid): entry.msgid for entry in catalogue if not entry.obsolete}


def missing_entries(roots: list[Path] | None = None) -> list[Problem]:
    """Messages the source-language catalogue of an app has and another of its catalogues lacks.

    A catalogue made before a string was added, and not extracted again since, would show that
    string in the fallback language while counting as complete.
    """
    problems = []
    for root in roots or sorted({po.parents[2] for po in catalogue_paths()}):
        reference = root / locale_dir_name(settings.LANGUAGE_CODE) / "LC_MESSAGES" / "django.po"
        if not reference.exists():
            continue
        expected = entry_keys(polib.pofile(str(reference)))
        for po in sorted(root.glob("*/LC_MESSAGES/django.po")):
            present = entry_keys(polib.pofile(str(po)))
            problems += [Problem(po, expected[key], MISSING) for key in expected.keys() - present.keys()]
    return problems


def glossary_violations(paths: list[Path] | None = None) -> list[glossary.Violation]:
    """Catalogue messages and data texts whose translation uses a known wrong variant."""
    wrong = glossary.wrong_variants(GLOSSARY)
    found = [v for po in (paths or catalogue_paths()) for v in glossary.violations(po, wrong)]
    return found + [v for data in ([] if paths else data_paths()) for v in glossary.data_violations(data, wrong)]


@dataclass
class LanguageStatus:
    """What a maintainer needs to know about one language: complete, consistent, reviewed."""

    language: str
    untranslated: int = 0
    fuzzy: int = 0
    glossary_violations: int = 0
    reviewed: set[str] = field(default_factory=set)  # the catalogues' X-Reviewed-By-Native values
    furigana: int = 0  # easy Japanese only: messages whose readings are missing or malformed
    fallback: int = 0  # easy Japanese only: messages off the public pages, left to ordinary Japanese

    @property
    def reviewed_by_native(self) -> str:
        return "yes" if self.reviewed == {"yes"} else "partly" if "yes" in self.reviewed else "no"

    def __str__(self) -> str:
        if self.language == EASY_JAPANESE_CATALOGUE:
            return self.easy_japanese_line()
        complete = "complete" if not (self.untranslated or self.fuzzy) else "INCOMPLETE"
        consistent = "glossary-consistent" if not self.glossary_violations else "GLOSSARY VIOLATIONS"
        return (
            f"{self.language}: {complete} ({self.untranslated} untranslated, {self.fuzzy} fuzzy), "
            f"{consistent} ({self.glossary_violations}), reviewed by a native speaker: {self.reviewed_by_native}"
        )

    def easy_japanese_line(self) -> str:
        complete = "complete" if not (self.untranslated or self.fuzzy or self.furigana) else "INCOMPLETE"
        return (
            f"{self.language} (easy Japanese): public pages {complete} ({self.untranslated} untranslated, "
            f"{self.fuzzy} fuzzy, {self.furigana} furigana problems), "
            f"{self.fallback} other messages fall back to Japanese, reviewed by a native speaker: "
            f"{self.reviewed_by_native}"
        )


def reviewed_by_native(path: Path) -> str:
    """The catalogue's own answer; a catalogue that does not say was not reviewed."""
    return polib.pofile(str(path)).metadata.get(REVIEWED_HEADER, "no").strip().lower() or "no"


def language_status(problems: list[Problem], violations: list[glossary.Violation]) -> list[LanguageStatus]:
    by_language: dict[str, LanguageStatus] = {}
    for po in catalogue_paths():
        status = by_language.setdefault(
            glossary.catalogue_language(po), LanguageStatus(glossary.catalogue_language(po))
        )
        status.reviewed.add(reviewed_by_native(po))
        if is_easy_japanese(po):
            status.fallback += sum(falls_back(entry) for entry in polib.pofile(str(po)))
    for problem in problems:
        status = by_language[glossary.catalogue_language(problem.path)]
        status.untranslated += problem.problem in ("untranslated", MISSING)
        status.fuzzy += problem.problem == "fuzzy"
        status.furigana += problem.problem.startswith("furigana: ")
    for violation in violations:
        language = violation.wrong.language
        by_language.setdefault(language, LanguageStatus(language)).glossary_violations += 1
    return sorted(by_language.values(), key=lambda s: s.language)


def missing_catalogues() -> list[str]:
    """Apps (and the project) whose catalogue is missing in a supported language."""
    roots = {po.parents[2] for po in catalogue_paths()}
    missing = []
    for root in sorted(roots):
        for language in supported_languages():
            if language == "en":
                continue  # English is the source language.
            if not (root / locale_dir_name(language) / "LC_MESSAGES" / "django.po").exists():
                missing.append(f"{root}: {language}")
    return missing


def translated_entries(paths: list[Path]) -> dict[tuple[str | None, str], polib.POEntry]:
    """Messages really translated: an easy-Japanese copy of the ordinary Japanese does not count."""
    return {
        (e.msgctxt, e.msgid): e
        for po in paths
        for e in polib.pofile(str(po))
        if e.translated() and not is_japanese_fallback(e)
    }


def compiled_catalogue(po: Path, easy: dict[tuple[str | None, str], polib.POEntry]) -> polib.POFile:
    """The catalogue as compiled; an easy-Japanese one fills each message it leaves, first with the
    easy Japanese another app's catalogue has for it, else with its own app's Japanese.

    Django merges the catalogues of all apps into one and consults a catalogue's own fallback (here
    ja) only after that merged whole, which holds Django's own Japanese too. Filling the gaps here
    makes a message read exactly as on the Japanese page, unless it is rewritten somewhere; and a
    message rewritten in one app is never undone by the Japanese of another app that merely uses it.
    """
    catalogue = polib.pofile(str(po))
    base = po.parents[2] / "ja" / "LC_MESSAGES" / po.name
    if not is_easy_japanese(po):
        return catalogue
    japanese = translated_entries([base]) if base.exists() else {}
    for entry in catalogue:
        source = easy.get((entry.msgctxt, entry.msgid)) or japanese.get((entry.msgctxt, entry.msgid))
        if source is not None and (not entry.translated() or is_japanese_fallback(entry)):
            entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    return catalogue


def fill_easy_japanese() -> int:
    """Write the ordinary Japanese into every easy-Japanese entry not rewritten, marked as such, so that no
    catalogue has an empty entry; a later run refreshes the copies when the Japanese changes."""
    filled = 0
    for po in [path for path in catalogue_paths() if is_easy_japanese(path)]:
        japanese = {
            (e.msgctxt, e.msgid): e for e in polib.pofile(str(po.parents[2] / "ja" / "LC_MESSAGES" / "django.po"))
        }
        catalogue = polib.pofile(str(po))
        for entry in catalogue:
            source = japanese.get((entry.msgctxt, entry.msgid))
            if source is None or entry.obsolete or (entry.translated() and not is_japanese_fallback(entry)):
                continue
            entry.msgstr, entry.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
            entry.tcomment = JAPANESE_FALLBACK
            filled += 1
        catalogue.save(str(po))
    return filled


def compile_catalogues() -> list[Path]:
    """Write each catalogue's .mo file beside it, replacing the old one in a single step."""
    compiled = []
    easy = translated_entries([po for po in catalogue_paths() if is_easy_japanese(po)])
    for po in catalogue_paths():
        mo = po.with_suffix(".mo")
        partial = mo.with_name(f".{os.getpid()}.{mo.name}")
        compiled_catalogue(po, easy).save_as_mofile(str(partial))
        os.replace(partial, mo)  # a running server or test never reads a half-written file
        compiled.append(mo)
    return compiled
