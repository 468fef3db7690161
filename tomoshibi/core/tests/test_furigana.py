"""The furigana notation ｛漢字｜かんじ｝: ruby in HTML text, plain text everywhere else, and never markup."""

from tomoshibi.core import furigana


def test_it_turns_the_notation_into_ruby_in_text():
    assert furigana.ruby("｛警察｜けいさつ｝に｛電話｜でんわ｝") == (
        "<ruby>警察<rt>けいさつ</rt></ruby>に<ruby>電話<rt>でんわ</rt></ruby>"
    )


def test_it_keeps_only_the_base_in_plain_text():
    assert furigana.plain("110｛番｜ばん｝に｛電話｜でんわ｝する") == "110番に電話する"


def test_it_puts_ruby_in_text_but_never_in_attributes_title_or_options():
    page = (
        '<title>｛相談｜そうだん｝</title><nav aria-label="｛言葉｜ことば｝">'
        '<a title="｛駅｜えき｝">｛駅｜えき｝</a></nav>'
        '<select><option value="">｛都道府県｜とどうふけん｝をえらぶ</option></select><p>｛安全｜あんぜん｝</p>'
    )
    assert furigana.html(page) == (
        '<title>相談</title><nav aria-label="言葉"><a title="駅"><ruby>駅<rt>えき</rt></ruby></a></nav>'
        '<select><option value="">都道府県をえらぶ</option></select><p><ruby>安全<rt>あんぜん</rt></ruby></p>'
    )


def test_it_never_changes_what_a_person_typed_into_a_text_box():
    page = "<textarea name=body>｛漢字｜かんじ｝</textarea><p>｛漢字｜かんじ｝</p>"
    assert furigana.html(page) == "<textarea name=body>漢字</textarea><p><ruby>漢字<rt>かんじ</rt></ruby></p>"


def test_it_cannot_be_used_to_inject_markup():
    """Escaped text stays escaped: a base or reading holding markup, quotes or entities is not notation."""
    for hostile in [
        "｛&lt;script&gt;｜かんじ｝",
        "｛漢字｜&lt;b&gt;｝",
        '｛漢"字｜かんじ｝',
        "｛漢字｜かんじ&quot;｝",
        "｛漢字｜<img src=x onerror=alert(1)>｝",
        "｛on click=x｜かんじ｝",
    ]:
        assert furigana.ruby(hostile) == hostile
        assert "<ruby>" not in furigana.html(f"<p>{hostile}</p>")


def test_it_reads_a_page_without_the_notation_unchanged():
    page = "<p>事件です。</p>"
    assert furigana.html(page) is page


def test_it_finds_kanji_without_a_reading_and_malformed_notation():
    assert furigana.problems("｛警察｜けいさつ｝に｛電話｜でんわ｝してください。") == []
    assert furigana.problems("警察に｛電話｜でんわ｝") == ["kanji without a reading: 察警"]
    assert furigana.problems("｛警察｜ケイサツ｝")[0].startswith("malformed furigana")
    assert furigana.problems("｛警察｜けいさつ")[0].startswith("malformed furigana")
    assert furigana.problems("｛けいさつ｜けいさつ｝") == ["furigana on a base with no kanji: ｛けいさつ｜けいさつ｝"]
    assert furigana.problems("Call 110 now") == []
