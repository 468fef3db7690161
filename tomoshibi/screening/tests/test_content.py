"""The instrument, role and scenario files: complete in every language, cited, and consistent."""

import re
import shutil

import pytest

from tomoshibi.core.variants import full_languages  # easy Japanese is tested in test_easy_japanese.py
from tomoshibi.screening.content import (
    DATA_DIR,
    SITUATION_CHOICES,
    default_catalogue,
    load_catalogue,
)
from tomoshibi.screening.scoring import Level
from tomoshibi.screening.texts import LANGUAGES, ContentError

CATALOGUE = default_catalogue()
TEXTS = list(CATALOGUE.texts())


def test_it_knows_the_same_seven_languages_as_the_site():
    assert tuple(code for code, _name in full_languages()) == LANGUAGES


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[where for where, _text in TEXTS])
def test_it_has_every_item_and_scenario_in_every_language(where, text):
    assert text.missing_languages() == (), f"{where} is missing {text.missing_languages()}"


def test_it_fails_the_check_when_a_language_is_missing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "instruments" / "adult_brief.toml"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("km = ")))
    missing = [where for where, text in load_catalogue(data).texts() if "km" in text.missing_languages()]
    assert "instrument adult_brief item threatened" in missing
    assert "instrument adult_brief source raft use" in missing


def test_it_fails_the_check_when_a_source_note_of_a_module_lacks_a_language(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "modules" / "hotel.toml"
    note = 'th = "เด็กถูกบังคับให้ให้บริการทางเพศ เรียบเรียงด้วยถ้อยคำของเราเอง"\n'
    path.write_text(path.read_text().replace(note, "", 1))
    missing = [where for where, text in load_catalogue(data).texts() if text.missing_languages() == ("th",)]
    assert missing == ["module hotel source npa use"]


def test_it_refuses_a_source_note_in_english_only(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "modules" / "school.toml"
    note = re.compile(r'\[sources\.use\]\nen = ("Unexplained gifts[^"]*")\n(?:[a-z-]+ = "[^"]*"\n)+')
    path.write_text(note.sub(r"use = \1\n", path.read_text(), count=1))
    with pytest.raises(ContentError, match="school.toml source gacares use: expected a table of languages"):
        load_catalogue(data)


def test_it_refuses_an_unknown_language_code(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "domains.toml"
    path.write_text(path.read_text().replace('zh-hans = "威胁', 'zh = "威胁', 1))
    with pytest.raises(ContentError, match="unknown language codes"):
        load_catalogue(data)


def test_it_refuses_an_item_whose_domain_does_not_exist(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "instruments" / "observe_hotel.toml"
    path.write_text(path.read_text().replace('domain = "commercial_sex"', 'domain = "nonsense"', 1))
    with pytest.raises(ContentError, match="nonsense"):
        load_catalogue(data)


def test_it_offers_every_role_a_screen_for_each_situation_and_a_training_module():
    for role in CATALOGUE.roles:
        assert all(CATALOGUE.screen_for(role, situation) for situation in SITUATION_CHOICES), role
        assert CATALOGUE.instrument_for(role, "observe"), role
        assert any(module.role == role for module in CATALOGUE.modules.values()), role


def test_it_cites_a_source_with_an_address_for_every_instrument_and_module():
    for thing in [*CATALOGUE.instruments.values(), *CATALOGUE.modules.values()]:
        assert thing.sources and thing.version
        assert all(source.url.startswith(("http://", "https://")) and source.use.get("en") for source in thing.sources)


def test_it_names_the_japanese_patterns_the_sources_describe():
    wording = [text for where, text in TEXTS if where.startswith("instrument") and " source " not in where]
    english = " ".join(text.get("en") for text in wording).lower()
    for pattern in ("jk business", "compensated dating", "modelling", "host", "passport", "short-stay visa"):
        assert pattern in english, pattern


def test_it_maps_indicator_domains_to_referral_situations():
    assert CATALOGUE.referral_situations(("documents_held", "debt")) == ("documents_taken", "visa_worry", "debt")
    assert CATALOGUE.referral_situations(()) == ("other",)


def test_it_gives_every_role_advice_at_every_level():
    for role in CATALOGUE.roles:
        for level in Level:
            assert CATALOGUE.actions_for(role, level, involves_minor=False), (role, level)


def test_it_tells_everyone_never_to_separate_a_child_from_help():
    adult = {a.text.get("en") for a in CATALOGUE.actions_for("hotel", Level.STRONG_SIGNS, involves_minor=False)}
    child = {a.text.get("en") for a in CATALOGUE.actions_for("hotel", Level.STRONG_SIGNS, involves_minor=True)}
    assert any("Never separate a child" in text for text in child - adult)


def texts_containing(english: str):
    return [text for _where, text in TEXTS if english in text.get("en")]


# Key words of facts that were once wrong, per language: they must stay in every translation.
FACTS = {
    "AV Appearance Harm Act does not cover a swimsuit shoot": {
        "en": ["one year", "two years", "Civil Code"],
        "ja": ["1年", "2年", "民法", "対象ではありません"],
        "tl": ["isang taon", "dalawang taon", "Civil Code"],
        "th": ["หนึ่งปี", "สองปี", "ประมวลกฎหมายแพ่ง"],
        "km": ["មួយឆ្នាំ", "ពីរឆ្នាំ", "ក្រមរដ្ឋប្បវេណី"],
        "vi": ["một năm", "hai năm", "Bộ luật Dân sự"],
        "zh-hans": ["一年", "两年", "《民法》", "不属于"],
    },
    "passport of a foreign guest who has no address in Japan": {
        "ja": ["日本国内に住所のない"],
        "tl": ["walang tirahan sa Japan"],
        "th": ["ไม่มีที่อยู่ในญี่ปุ่น"],
        "km": ["គ្មានអាសយដ្ឋាននៅប្រទេសជប៉ុន"],
        "vi": ["không có địa chỉ tại Nhật"],
        "zh-hans": ["在日本没有住址"],
    },
    "Anti-Prostitution Act (Article 5)": {
        language: ["5", "0570-078374", "0570-078377"] for language in ("en", "ja", "tl", "th", "km", "vi", "zh-hans")
    },
}


@pytest.mark.parametrize("english", sorted(FACTS))
def test_it_keeps_the_corrected_facts_in_every_language(english):
    texts = texts_containing(english)
    assert texts, english
    for text in texts:
        for language, words in FACTS[english].items():
            assert all(word in text.get(language) for word in words), (english, language)


def test_it_never_calls_the_cancellation_of_an_appearance_contract_unconditional():
    for _where, text in TEXTS:
        assert "无条件" not in text.get("zh-hans")
