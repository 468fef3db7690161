"""The glossary: one rendering per concept, and no catalogue using a known wrong variant of it."""

import shutil

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tomoshibi.core import glossary, i18n

WRONG = glossary.wrong_variants(i18n.GLOSSARY)
LANGUAGES = ["en", "ja", "tl", "th", "km", "vi", "zh-hans"]
CONCEPTS = ["receipt", "trafficking", "victim", "one-stop", "prefecture", "hotline", "quick exit", "consultation"]
RENDERINGS = {
    row[0]: dict(zip(LANGUAGES, row[1:], strict=True))
    for row in glossary.table_rows(
        i18n.GLOSSARY.read_text(encoding="utf-8"), "| concept | en | ja | tl | th | km | vi | zh-hans |"
    )
}


def test_it_fixes_a_rendering_of_every_concept_in_every_language():
    for concept in [*CONCEPTS, "police", "immigration"]:
        assert all(RENDERINGS[concept][language] for language in LANGUAGES), concept


def test_it_lists_the_wrong_variants_the_review_found():
    listed = {(w.concept, w.language, w.variant) for w in WRONG}
    assert ("receipt", "tl", "resibo") in listed
    assert {("receipt", "zh_Hans", "受理号码"), ("receipt", "zh_Hans", "受理编号")} <= listed
    assert ("police", "vi", "Cơ quan Cảnh sát Quốc gia") in listed
    assert ("child prostitution", "zh_Hans", "儿童卖淫") in listed


def test_it_keeps_every_catalogue_on_the_glossary():
    assert [str(v) for v in i18n.glossary_violations()] == []


def test_it_never_flags_a_chosen_rendering_as_wrong():
    for wrong in WRONG:
        chosen = RENDERINGS[wrong.concept][wrong.language.replace("_Hans", "-hans").lower()]
        assert wrong.variant not in chosen, wrong


def copy_with(tmp_path, app_catalogue, msgid, msgstr):
    path = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    shutil.copy(app_catalogue, path)
    catalogue = polib.pofile(str(path))
    next(e for e in catalogue if e.msgid == msgid).msgstr = msgstr
    catalogue.save()
    return path


def test_it_finds_a_wrong_receipt_name_in_a_catalogue(tmp_path, settings):
    source = settings.BASE_DIR / "tomoshibi" / "hotline" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path = copy_with(tmp_path, source, "Your receipt", "你的受理编号")
    [violation] = glossary.violations(path, WRONG)
    assert violation.wrong.variant == "受理编号" and violation.msgid == "Your receipt"


def test_it_allows_a_word_where_the_english_does_not_name_the_concept(tmp_path, settings):
    source = settings.BASE_DIR / "tomoshibi" / "hotline" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path = copy_with(tmp_path, source, "Hotline desk", "受理编号")
    assert glossary.violations(path, WRONG) == []


def test_it_reports_each_language_complete_consistent_and_reviewed(capsys):
    call_command("messages", "check")
    lines = capsys.readouterr().out.splitlines()
    for language in ["ja", "tl", "th", "km", "vi", "zh_Hans"]:
        [line] = [line for line in lines if line.startswith(f"{language}:")]
        assert "complete (0 untranslated, 0 fuzzy)" in line
        assert "glossary-consistent (0)" in line
        assert "reviewed by a native speaker: no" in line


def test_it_fails_the_check_on_a_glossary_violation(tmp_path, settings, monkeypatch):
    source = settings.BASE_DIR / "tomoshibi" / "hotline" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path = copy_with(tmp_path, source, "Your receipt", "你的受理编号")
    monkeypatch.setattr(i18n, "catalogue_paths", lambda: [path])
    with pytest.raises(CommandError, match="glossary: 'receipt' rendered as '受理编号'"):
        call_command("messages", "check")
