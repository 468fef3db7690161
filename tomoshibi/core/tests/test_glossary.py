"""The glossary: one rendering per concept, and no catalogue using a known wrong variant of it."""

import shutil

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tomoshibi.core import glossary, i18n
from tomoshibi.core.variants import full_languages

WRONG = glossary.wrong_variants(i18n.GLOSSARY)
LANGUAGES = [code for code, _name in full_languages()]
CONCEPTS = ["receipt", "trafficking", "victim", "one-stop", "prefecture", "hotline", "quick exit", "consultation"]
HEADER = next(
    line for line in i18n.GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| concept | en |")
)
COLUMNS = HEADER.strip("| ").split(" | ")[1:]
RENDERINGS = {
    row[0]: dict(zip(COLUMNS, row[1:], strict=True))
    for row in glossary.table_rows(i18n.GLOSSARY.read_text(encoding="utf-8"), HEADER)
}


def test_it_fixes_a_rendering_of_every_concept_in_every_language():
    assert set(LANGUAGES) <= set(COLUMNS)
    for concept in [*CONCEPTS, "police", "immigration", "child prostitution"]:
        assert all(RENDERINGS[concept][language] for language in LANGUAGES), concept


def test_it_lists_the_wrong_variants_the_review_found():
    listed = {(w.concept, w.language, w.variant) for w in WRONG}
    assert ("receipt", "tl", "resibo") in listed
    assert {("receipt", "zh_Hans", "受理号码"), ("receipt", "zh_Hans", "受理编号")} <= listed
    assert ("police", "vi", "Cơ quan Cảnh sát Quốc gia") in listed
    assert ("child prostitution", "zh_Hans", "儿童卖淫") in listed
    assert ("prefecture", "tl", "prepektura") in listed


def test_it_keeps_every_catalogue_on_the_glossary():
    assert [str(v) for v in i18n.glossary_violations()] == []


def test_it_never_flags_a_chosen_rendering_as_wrong():
    for wrong in WRONG:
        chosen = RENDERINGS[wrong.concept][
            next(code for code in COLUMNS if glossary.locale_name(code) == wrong.language)
        ]
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


def test_it_holds_the_screening_texts_to_the_glossary_too(tmp_path, settings, capsys):
    data = tmp_path / "data"
    shutil.copytree(settings.TRANSLATED_DATA_DIRS[0], data)
    module = data / "modules" / "school.toml"
    module.write_text(module.read_text(encoding="utf-8").replace("Cục Cảnh sát", "Cơ quan Cảnh sát", 1), "utf-8")
    settings.TRANSLATED_DATA_DIRS = [data]
    with pytest.raises(CommandError, match=r"school\.toml: glossary: 'police' rendered as 'Cơ quan Cảnh sát"):
        call_command("messages", "check")
    [vi] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("vi:")]
    assert "GLOSSARY VIOLATIONS (1)" in vi


def test_it_finds_a_message_a_catalogue_was_never_extracted_with(tmp_path, settings):
    source = settings.BASE_DIR / "tomoshibi" / "line" / "locale"
    for language in ["ja", "vi"]:
        (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(source / language / "LC_MESSAGES" / "django.po", tmp_path / language / "LC_MESSAGES")
    assert i18n.missing_entries([tmp_path]) == []
    vi = polib.pofile(str(tmp_path / "vi" / "LC_MESSAGES" / "django.po"))
    vi.remove(vi.find("Choose your language:"))
    vi.save()
    [problem] = i18n.missing_entries([tmp_path])
    assert problem.msgid == "Choose your language:" and "messages extract" in problem.problem


def test_it_names_catalogue_directories_as_django_does():
    names = [glossary.locale_name(code) for code in ["ja", "zh-hans", "zh-hant", "pt-br", "es"]]
    assert names == ["ja", "zh_Hans", "zh_Hant", "pt_BR", "es"]


def test_it_reports_each_language_complete_consistent_and_reviewed(capsys):
    call_command("messages", "check")
    lines = capsys.readouterr().out.splitlines()
    for language in ["ja", "tl", "th", "km", "vi", "zh_Hans"]:
        [line] = [line for line in lines if line.startswith(f"{language}:")]
        assert "complete (0 untranslated, 0 fuzzy)" in line
        assert "glossary-consistent (0)" in line
        assert "reviewed by a native speaker: no" in line


def test_it_says_every_catalogue_was_not_yet_reviewed_by_a_native_speaker():
    for path in i18n.catalogue_paths():
        assert "X-Reviewed-By-Native" in polib.pofile(str(path)).metadata, path
        assert i18n.reviewed_by_native(path) == "no", path


def translation(app, language, msgid_start):
    base = i18n.GLOSSARY.parents[1] / ("locale" if app == "project" else f"tomoshibi/{app}/locale")
    catalogue = polib.pofile(str(base / language / "LC_MESSAGES" / "django.po"))
    return next(e.msgstr for e in catalogue if e.msgid.startswith(msgid_start))


NOT_IN_TROUBLE = "You are not in trouble, and what happened is not your fault."
ANY_TIME = "For sexual violence, call #8891 to reach the nearest one-stop support centre, any time."
VISA = "Tomoshibi helps you find the right support near you"
CHILD = "Under Japanese law, a child under 18 who is paid for sex is the victim."

# Meaning-changing errors a review found: the wrong wording must not come back, the right one must stay.
MEANING = [
    ("help", "ja", NOT_IN_TROUBLE, "罰せられ", "あなたは悪くありません"),
    ("help", "tl", NOT_IN_TROUBLE, "paparusahan", "mapapahamak"),
    ("help", "km", NOT_IN_TROUBLE, "ដាក់ទោស", "មិនមានបញ្ហាទេ"),
    ("help", "th", NOT_IN_TROUBLE, "ลงโทษ", "ไม่ได้ทำอะไรผิด"),
    ("help", "vi", NOT_IN_TROUBLE, "bị phạt", "không gặp rắc rối"),
    ("help", "zh_Hans", NOT_IN_TROUBLE, "惩罚", "惹麻烦"),
    ("help", "ja", CHILD, "同意していても", "させられた"),
    ("project", "ja", ANY_TIME, "いつでも", None),
    ("project", "tl", ANY_TIME, "anumang oras", None),
    ("project", "th", ANY_TIME, "ตลอดเวลา", None),
    ("project", "km", ANY_TIME, "គ្រប់ពេល", None),
    ("project", "vi", ANY_TIME, "bất cứ lúc nào", None),
    ("project", "zh_Hans", ANY_TIME, "随时", None),
    ("project", "th", VISA, "สถานะวีซ่า", "วีซ่าแบบใด"),
    ("project", "km", VISA, "ស្ថានភាពទិដ្ឋាការ", "ទិដ្ឋាការប្រភេទណា"),
]


@pytest.mark.parametrize(("app", "language", "msgid", "right", "wrong"), MEANING)
def test_it_keeps_the_meaning_a_review_restored(app, language, msgid, right, wrong):
    text = translation(app, language, msgid)
    assert right in text
    assert wrong is None or wrong not in text


def test_it_fails_the_check_on_a_glossary_violation(tmp_path, settings, monkeypatch):
    source = settings.BASE_DIR / "tomoshibi" / "hotline" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    path = copy_with(tmp_path, source, "Your receipt", "你的受理编号")
    monkeypatch.setattr(i18n, "catalogue_paths", lambda: [path])
    with pytest.raises(CommandError, match="glossary: 'receipt' rendered as '受理编号'"):
        call_command("messages", "check")


@pytest.mark.parametrize("app", ["project", "help", "consultations", "hotline", "directory"])
def test_it_speaks_to_a_person_on_the_public_pages_as_you_would_to_a_child_in_chinese(app):
    """A child moves from the help flow to a conversation or a report: one form of "you", 你, throughout."""
    base = i18n.GLOSSARY.parents[1] / ("locale" if app == "project" else f"tomoshibi/{app}/locale")
    catalogue = polib.pofile(str(base / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in catalogue if "您" in e.msgstr] == []
