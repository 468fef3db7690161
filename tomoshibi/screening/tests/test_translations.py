"""Export and import of one language of the screening texts, through the command and the pure module."""

import json
import shutil
import tomllib

import pytest
from django.core.management import CommandError, call_command

from tomoshibi.screening import translations
from tomoshibi.screening.content import DATA_DIR, load_catalogue
from tomoshibi.screening.texts import LANGUAGES, ContentError

THREATS = "Threats, violence or fear of someone"


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def export(data, language, tmp_path):
    out = tmp_path / f"{language}.json"
    call_command("screening", "texts", "export", "--lang", language, "--data", str(data), str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_maps_every_english_text_to_its_wording(data, tmp_path):
    exported = export(data, "vi", tmp_path)
    texts = {text.get("en"): text.get("vi") for _where, text in load_catalogue(data).texts()}
    assert exported == texts
    assert exported[THREATS] == "Bị đe dọa, bạo lực hoặc sợ hãi một người nào đó"


def test_import_replaces_the_wording_and_keeps_every_other_line(data, tmp_path):
    wording = {english: f"{text} (2)" for english, text in export(data, "vi", tmp_path).items()}
    source = tmp_path / "vi-new.json"
    source.write_text(json.dumps(wording, ensure_ascii=False), encoding="utf-8")
    before = {path.name: path.read_text(encoding="utf-8").splitlines() for path in translations.data_files(data)}
    call_command("screening", "texts", "import", "--lang", "vi", "--data", str(data), str(source))
    for path in translations.data_files(data):
        after = path.read_text(encoding="utf-8").splitlines()
        changed = [(old, new) for old, new in zip(before[path.name], after, strict=True) if old != new]
        assert all(old.startswith("vi = ") and new.endswith(' (2)"') for old, new in changed)
    assert {text.get("vi") for _where, text in load_catalogue(data).texts()} == set(wording.values())


def test_import_refuses_an_unknown_english_text_and_writes_nothing(data, tmp_path):
    source = tmp_path / "vi.json"
    source.write_text(json.dumps({THREATS: "Đe dọa", "A text nobody wrote": "Không"}), encoding="utf-8")
    with pytest.raises(CommandError, match="not in the data files.*A text nobody wrote"):
        call_command("screening", "texts", "import", "--lang", "vi", "--data", str(data), str(source))
    assert [p.read_bytes() for p in translations.data_files(data)] == [
        p.read_bytes() for p in translations.data_files(DATA_DIR)
    ]


def test_import_writes_what_it_has_and_reports_what_is_missing(data, tmp_path, capsys):
    source = tmp_path / "vi.json"
    source.write_text(json.dumps({THREATS: 'Đe dọa "mới"'}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"\d+ texts have no vi wording"):
        call_command("screening", "texts", "import", "--lang", "vi", "--data", str(data), str(source))
    assert "missing vi wording for: Sexual violence or abuse" in capsys.readouterr().err
    domains = tomllib.loads((data / "domains.toml").read_text(encoding="utf-8"))
    assert domains["domains"][0]["name"]["vi"] == 'Đe dọa "mới"'


def test_a_new_language_goes_into_every_table_in_the_order_of_the_languages(data):
    codes = (*LANGUAGES, "fr", "de")
    english = translations.export_language(data, "en", codes)
    translations.import_language(data, "de", {text: f"eins {n}" for n, text in enumerate(english)}, codes)
    report = translations.import_language(data, "fr", {text: f"un {n}" for n, text in enumerate(english)}, codes)
    assert report.missing == [] and report.tables >= len(english)
    lines = (data / "domains.toml").read_text(encoding="utf-8").splitlines()
    at = lines.index('fr = "un 0"')
    assert lines[at - 1].startswith(f"{LANGUAGES[-1]} = ") and lines[at + 1] == 'de = "eins 0"'
    assert translations.export_language(data, "fr", codes)[THREATS] == "un 0"
    assert translations.export_language(data, "de", codes)[THREATS] == "eins 0"


def test_a_key_named_id_is_never_taken_for_indonesian(data):
    codes = tuple(dict.fromkeys((*LANGUAGES, "id")))
    english = translations.export_language(data, "en", codes)
    translations.import_language(data, "id", dict.fromkeys(english, "x"), codes)
    translations.import_language(data, "id", dict.fromkeys(english, "y"), codes)
    instrument = tomllib.loads((data / "instruments" / "minor_brief.toml").read_text(encoding="utf-8"))
    assert instrument["id"] == "minor_brief" and instrument["title"]["id"] == "y"
    assert instrument["sources"][0]["id"] == "greenbaum_2018"


def test_english_cannot_be_imported_over(data):
    with pytest.raises(ContentError, match="not a language to translate into"):
        translations.import_language(data, "en", {THREATS: "Threats"})
