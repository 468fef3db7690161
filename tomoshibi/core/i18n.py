"""Translation catalogues: find, compile and check them.

Compiling uses polib, so a machine without GNU gettext can still run the
platform; `make test` also runs Django's compilemessages where msgfmt exists.
"""

import gettext
import os
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

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
    if "fuzzy" in entry.flags:
        return [Problem(path, entry.msgid, "fuzzy")]
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    if not all(t.strip() for t in translations):
        return [Problem(path, entry.msgid, "untranslated")]
    expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    return [
        Problem(path, entry.msgid, f"placeholders differ ({sorted(placeholders(t))} != {sorted(expected)})")
        for t in translations
        if placeholders(t) != expected and not (entry.msgid_plural and placeholders(t) < expected)
    ][:1]


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


def compile_catalogues() -> list[Path]:
    """Write each catalogue's .mo file beside it, replacing the old one in a single step."""
    compiled = []
    for po in catalogue_paths():
        mo = po.with_suffix(".mo")
        partial = mo.with_name(f".{os.getpid()}.{mo.name}")
        polib.pofile(str(po)).save_as_mofile(str(partial))
        os.replace(partial, mo)  # a running server or test never reads a half-written file
        compiled.append(mo)
    return compiled
