"""Names in right-to-left and shaped scripts (exports/scripts.py): drawn in the order they are
read on paper, Arabic joined, Indic vowel signs moved before their consonant; each shaped glyph
a private-use character a document gives out itself and maps back to the name."""

from __future__ import annotations

from functools import cache

from fontTools.ttLib import TTFont

from exports import fonts, scripts


@cache
def _glyph_order(index: int) -> list[str]:
    return TTFont(str(scripts.font_path(scripts.SCRIPTS[index]))).getGlyphOrder()


def glyphs(text: str) -> list[str]:
    """What ``text`` is drawn with, left to right: characters, or the names of shaped glyphs."""
    return [p if isinstance(p, str) else _glyph_order(p[0])[p[1]] for p in scripts.shaped(text)]


def test_hebrew_is_drawn_reversed_with_numbers_in_their_own_order():
    assert scripts.visual("שלום") == "םולש"
    assert scripts.visual("בניין 12") == "12 ןיינב"
    assert scripts.visual("1,250 מיטות") == "1,250 תוטימ"


def test_right_to_left_inside_left_to_right_keeps_the_english_in_place():
    assert scripts.visual("Dr. שלום כהן (CISO)") == "Dr. ןהכ םולש (CISO)"
    # a bracket inside right-to-left text is mirrored, so it still opens towards its content
    assert scripts.visual("שלום (א) עולם") == "םלוע (א) םולש"


def test_a_hebrew_point_stays_with_its_letter():
    assert scripts.visual("שָׁלוֹם") == "םוֹלשָׁ"


def test_arabic_letters_take_their_joined_forms_right_to_left():
    # سلام: seen (initial) lam (medial) alef (final, the lam-alef form) meem (isolated), drawn
    # from the right: the leftmost glyph is the last letter
    assert glyphs("سلام") == ["uni0645", "uni0627.fina.rlig.2", "uni0644.medi.rlig",
                              "uni0633.init"]


def test_devanagari_vowel_sign_i_is_drawn_before_its_consonant():
    drawn = glyphs("हिन्दी")
    assert drawn[0].startswith("uni093F") and drawn[1] == "uni0939"  # ि before ह
    assert "uni0928094D" in drawn  # न् as one half form: a conjunct, not a visible virama


def test_latin_and_cjk_pass_through_untouched():
    for text in ("Hôpital Łódź", "東京大学病院", "Иван"):
        assert not scripts.needs_visual(text) and scripts.visual(text) == text


def test_codes_belong_to_the_document_in_the_order_it_meets_glyphs():
    first, second = scripts.Codes(), scripts.Codes()
    second.text(scripts.shaped("மருத்துவமனை"))  # another document met other glyphs first
    a, b = first.text(scripts.shaped("சென்னை")), scripts.Codes().text(scripts.shaped("சென்னை"))
    assert a == b  # the same codes whatever else was drawn in the process
    tamil = next(i for i, s in enumerate(scripts.SCRIPTS) if s.name == "Tamil")
    assert ord(a[0]) == scripts.PRIVATE + tamil * scripts.BLOCK
    # each code stands for its cluster's characters: together they give the name back
    assert "".join(first.meaning[ord(c)] for c in a) == "சென்னை"


def test_the_tounicode_map_gives_shaped_text_and_characters_beyond_the_bmp_back():
    with fonts.document_fonts("") as document:
        code = ord(document.codes.text(scripts.shaped("हि"))[0])
        cmap = fonts.to_unicode_cmap("F1", [32, 0x20000, code])
    assert "<00> <0020>" in cmap
    assert "<01> <D840DC00>" in cmap  # U+20000 as a UTF-16 surrogate pair
    assert f"<02> <{'हि'.encode('utf-16-be').hex().upper()}>" in cmap


def test_a_shaped_name_measures_what_it_draws():
    fonts.register()
    sans = fonts.pdfmetrics.getFont(fonts.SANS)
    with fonts.document_fonts("हिन्दी"):
        width = sans.stringWidth("हिन्दी", 10)
    # the advances of the glyphs drawn: fewer and narrower than the characters one by one
    assert 10 < width < 40
