"""The design document as an archival PDF (issue 13, point 5), read back with pypdf and fontTools:
every font embedded and every drawn character a real glyph (names in Polish, Vietnamese,
Cyrillic, Chinese, Japanese, Hebrew, Arabic, Hindi, Bengali, Tamil, Telugu, Thai and Khmer
print, and copy out of the PDF as written), XMP metadata with the PDF/A-3b identification agreeing
with the document information, the language, dates from the design, the design attached as an
associated file, an sRGB output intent, PDF/A file syntax, and the same bytes every time.

Not checked here (no veraPDF on this machine): the full PDF/A-3b rule set, e.g. font widths
against the embedded programs, XMP schema validity beyond the properties read here."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject
from reportlab.pdfbase import pdfmetrics

from catalogs import load_catalog
from exports import fonts, scripts
from exports.document import ATTACHMENT, build_pdf, embedded_design
from tests.conftest import FLAGSHIP, SAMPLE_FILES
from workbench.cli import main
from workbench.model.canonical import dump_design
from workbench.model.design import Design
from workbench.model.io import loads_design

CATALOG = load_catalog(use_setting=False)
NAMES = {
    "organisation": "Łódź Szpital Wojewódzki",
    "owner": "Bệnh viện Chợ Rẫy",
    "component": "北京协和医院 ODB",
    "reviewers": ["東京大学病院 (情報部)", "Иван Петров (ИБ)", "Zażółć gęślą jaźń"],
    # scripts drawn right to left, or shaped (exports/scripts.py)
    "shaped": ["ד\"ר שלום כהן", "مستشفى الملك فيصل", "डॉ. प्रिया शर्मा", "ঢাকা মেডিকেল",
               "சென்னை மருத்துவமனை", "హైదరాబాద్", "โรงพยาบาลศิริราช", "មន្ទីរពេទ្យ"],
}
RTL = 2  # the first two of NAMES["shaped"]
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}


def _design(text: str) -> Design:
    return loads_design(text, "design.yaml", CATALOG).design


def multilingual_text(extra: dict[str, Any] | None = None) -> str:
    """The flagship with its organisation, owner, first component and approvers renamed."""
    data = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))
    data["metadata"]["organisation"] = NAMES["organisation"]
    data["metadata"]["owner"] = NAMES["owner"]
    data["components"][0]["name"] = NAMES["component"]
    template = data["reviews"]["approvals"][0]
    data["reviews"]["approvals"] = [dict(copy.deepcopy(template), reviewer=name)
                                    for name in NAMES["reviewers"] + NAMES["shaped"]]
    for key, value in (extra or {}).items():
        data["metadata"][key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def flagship() -> bytes:
    return build_pdf(_design(FLAGSHIP.read_text(encoding="utf-8")), CATALOG)


@pytest.fixture(scope="module")
def multilingual() -> tuple[Design, bytes]:
    design = _design(multilingual_text())
    return design, build_pdf(design, CATALOG)


def fonts_of(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Every font dictionary in the resources of every page and of the forms they draw."""
    def walk(resources: Any) -> Iterator[DictionaryObject]:
        resources = resources.get_object() if resources is not None else {}
        for font in _resolved(resources.get("/Font")).values():
            yield font.get_object()
        for xobject in _resolved(resources.get("/XObject")).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))
    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def _resolved(value: Any) -> Any:
    """A dictionary entry's value itself (pypdf 4 leaves indirect references to the caller)."""
    return value.get_object() if value is not None else {}


def drawn_characters(font: DictionaryObject) -> dict[int, str]:
    """Code -> the characters it stands for, from the font's ToUnicode map (UTF-16: a shaped
    glyph may stand for several characters, or none)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    return {int(code, 16): bytes.fromhex(chars).decode("utf-16-be")
            for code, chars in re.findall(r"<([0-9A-F]{2})> <((?:[0-9A-F]{4})*)>", cmap)}


@pytest.mark.parametrize("which", ["flagship", "multilingual"])
def test_every_font_is_embedded_and_every_character_has_a_glyph(which, request):
    data = request.getfixturevalue(which)
    data = data if isinstance(data, bytes) else data[1]
    seen = set()
    for font in fonts_of(PdfReader(io.BytesIO(data))):
        name = str(font["/BaseFont"])
        if name in seen:
            continue
        seen.add(name)
        assert font["/Subtype"] == "/TrueType", name
        program = font["/FontDescriptor"].get_object().get("/FontFile2")
        assert program is not None, f"{name} is not embedded"
        face = TTFont(io.BytesIO(program.get_object().get_data()))
        code_to_glyph = face["cmap"].getcmap(1, 0).cmap
        for code, chars in drawn_characters(font).items():
            if not chars or chars.isspace() or unicodedata.category(chars[0]) == "Cc":
                continue
            glyph = code_to_glyph.get(code, ".notdef")
            assert glyph != ".notdef" and face["glyf"][glyph].numberOfContours != 0, \
                f"{chars!r} (U+{ord(chars[0]):04X}) has no glyph in {name}"
    assert seen and all(re.search(r"\+(DejaVuSans|NotoSans|HindSiliguri)", n) for n in seen), \
        seen


def test_names_in_every_script_print(multilingual):
    design, data = multilingual
    reader = PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for name in [NAMES["organisation"], NAMES["owner"], NAMES["component"], *NAMES["reviewers"],
                 *NAMES["shaped"][RTL:]]:
        assert re.sub(r"\s+", "", name) in text, name
    for name in NAMES["shaped"][:RTL]:  # pypdf gives right-to-left words in reading order
        assert all(word in text for word in name.split()), name
    faces = {str(font["/BaseFont"]).split("+")[1] for font in fonts_of(reader)}
    assert "NotoSansCJKsc-Regular" in faces, faces  # Han without kana: the Chinese forms
    for face in ("NotoSansArabic", "NotoSansDevanagari", "HindSiliguri-Regular", "NotoSansTamil",
                 "NotoSansTelugu", "NotoSansThai", "NotoSansKhmer"):
        assert any(f.startswith(face) for f in faces), (face, faces)


def test_a_character_no_font_has_prints_as_the_replacement_character():
    private_use = "\ue000"
    data = build_pdf(_design(multilingual_text({"owner": f"Owner {private_use}"})), CATALOG)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert f"Owner {fonts.REPLACEMENT}" in text and private_use not in text


def test_a_latin_document_never_opens_the_cjk_font_nor_shapes(monkeypatch):
    def refuse(*_: Any) -> bytes:
        raise AssertionError("the CJK collection was opened")

    monkeypatch.setattr(fonts, "truetype_cut", refuse)
    monkeypatch.setattr(scripts, "_shape", refuse)  # nor shapes text, nor loads a script font
    scripts.shaped.cache_clear()
    text = multilingual_text({"owner": "Ana Łęcka", "organisation": "Bệnh viện"}) \
        .replace(NAMES["component"], "ODB").replace("東京大学病院 (情報部)", "X")
    for name in NAMES["shaped"]:
        text = text.replace(name, "Y")
    build_pdf(_design(text), CATALOG)


def test_a_name_met_only_during_layout_is_cut_in_too():
    with fonts.document_fonts("Latin only") as document:
        assert document.fallback is None
        sans = pdfmetrics.getFont(fonts.SANS)
        assert sans.stringWidth("東京", 10) == pytest.approx(20, abs=0.5)  # full-width
        assert document.fallback is not None and {"東", "京"} <= document.tried
    assert sans.document is None


def xmp_of(reader: PdfReader) -> ET.Element:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream, "PDF/A: the metadata stream is not compressed"
    data = stream.get_data()
    assert data.startswith(b'<?xpacket begin="\xef\xbb\xbf"') and data.endswith(b'end="w"?>')
    return ET.fromstring(data.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])


def test_xmp_and_document_information_agree(multilingual):
    design, data = multilingual
    reader = PdfReader(io.BytesIO(data))
    xmp, info = xmp_of(reader), reader.metadata
    first = xmp.find(".//rdf:Description", NS)
    assert first is not None
    assert first.findtext("pdfaid:part", namespaces=NS) == "3"
    assert first.findtext("pdfaid:conformance", namespaces=NS) == "B"
    title = xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS)
    assert title == info.title == f"{design.metadata.name} - design document"
    assert xmp.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == info.author \
        == NAMES["owner"]
    assert xmp.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == info.subject
    assert xmp.findtext(".//pdf:Keywords", namespaces=NS) == info["/Keywords"]
    assert xmp.findtext(".//pdf:Producer", namespaces=NS) == info.producer
    assert xmp.findtext(".//xmp:CreatorTool", namespaces=NS) == info.creator
    assert xmp.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=NS) == "en"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert set(info) == {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
                         "/CreationDate", "/ModDate"}


def test_dates_are_the_design_as_of_date_never_today(multilingual):
    design, data = multilingual
    day = design.metadata.effective_date
    assert day is not None
    _assert_dated(data, day)
    other = dt.date(2031, 2, 3)
    _assert_dated(build_pdf(design, CATALOG, as_of=other), other)


def _assert_dated(data: bytes, day: dt.date) -> None:
    reader = PdfReader(io.BytesIO(data))
    info = reader.metadata
    assert info["/CreationDate"] == info["/ModDate"] == f"D:{day:%Y%m%d}000000+00'00'"
    xmp = xmp_of(reader)
    for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        assert xmp.findtext(f".//{key}", namespaces=NS) == f"{day.isoformat()}T00:00:00+00:00"
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    params = spec["/EF"]["/F"].get_object()["/Params"]
    assert params["/ModDate"] == f"D:{day:%Y%m%d}000000+00'00'"


def test_the_design_is_an_associated_file(multilingual):
    design, data = multilingual
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    spec = root["/AF"][0].get_object()
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0] == ATTACHMENT and names[1].get_object() == spec
    assert spec["/Type"] == "/Filespec" and spec["/F"] == spec["/UF"] == ATTACHMENT
    assert spec["/AFRelationship"] == "/Source"
    assert "canonical design" in spec["/Desc"]
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Type"] == "/EmbeddedFile" and stream["/Subtype"] == "/application/yaml"
    text = dump_design(design).encode("utf-8")
    assert stream.get_data() == text
    assert stream["/Params"]["/Size"] == len(text)
    checksum = stream["/Params"]["/CheckSum"]
    assert getattr(checksum, "original_bytes", checksum) == hashlib.md5(text).digest()
    assert embedded_design(data) == dump_design(design)
    assert b"/application#2Fyaml" in data  # the MIME type written as a PDF name


def test_srgb_output_intent(flagship):
    root = PdfReader(io.BytesIO(flagship)).trailer["/Root"]
    (intent,) = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    assert profile["/N"] == 3 and len(icc) == int.from_bytes(icc[:4], "big")
    assert icc[36:40] == b"acsp" and icc[12:16] == b"mntr" and icc[16:20] == b"RGB "
    assert icc[8] <= 4  # PDF/A-3 takes ICC profiles up to version 4


def test_pdfa_file_structure(flagship):
    data = flagship
    assert data.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in data[10:14])
    reader = PdfReader(io.BytesIO(data))
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and ids[0] == ids[1] and len(ids[0]) == 16
    assert "/Encrypt" not in reader.trailer
    streams = 0
    for number, offset in reader.xref[0].items():  # every stream: its /Length, then EOL
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject):
            start = data.index(b"stream", offset) + len(b"stream")
            length = re.search(rb"/Length (\d+)", data[offset:start])
            assert length, number
            assert data[start:start + 1] == b"\n" or data[start:start + 2] == b"\r\n"
            start += 1 if data[start:start + 1] == b"\n" else 2
            end = start + int(length.group(1))
            assert data[end:end + 10] in (b"\nendstream", b"\rendstream"), number
            streams += 1
    assert streams > 20
    for page in reader.pages:
        for annotation in _resolved(page.get("/Annots")) or []:
            assert annotation.get_object()["/F"] == 4  # printable, not hidden
        assert b" k\n" not in page.get_contents().get_data()  # no DeviceCMYK


def images_of(reader: PdfReader) -> Iterator[DictionaryObject]:
    def walk(resources: Any) -> Iterator[DictionaryObject]:
        resources = resources.get_object() if resources is not None else {}
        for xobject in _resolved(resources.get("/XObject")).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield from walk(xobject.get("/Resources"))
            else:
                yield xobject
    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def test_charts_are_vector_drawings_with_searchable_words(flagship):
    """The charts are vector art (exports/pdf_charts.py): no picture, so none with an alpha
    channel that would become a soft mask, and every label of the charts is text."""
    reader = PdfReader(io.BytesIO(flagship))
    assert list(images_of(reader)) == []
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("utilization at peak (%)", "headroom limit 75 %", "demand / capacity (%)",
                  "served throughput after the loss (% of peak demand)", "presentation"):
        assert words in text, words


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_sample_exports_with_embedded_fonts_and_metadata(path, tmp_path):
    out = tmp_path / "out.pdf"
    assert main(["export", str(path), "-o", str(out)]) == 0
    reader = PdfReader(out)
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts_of(reader))
    assert xmp_of(reader).findtext(".//pdfaid:part", namespaces=NS) == "3"


def test_the_same_bytes_whatever_was_exported_before(multilingual):
    """The CJK font is cut for each document: exporting another one between two exports of the
    same design changes nothing."""
    design, data = multilingual
    other = _design(multilingual_text({"owner": "서울대학교병원 ひらがな"}))
    build_pdf(other, CATALOG)
    again = _design(dump_design(design))
    assert build_pdf(again, CATALOG) == data


def test_the_same_bytes_in_another_process(multilingual, tmp_path):
    """Nothing in the document follows the process's hash seed (the CJK cut is made from a set
    of characters)."""
    design, data = multilingual
    source = tmp_path / "design.yaml"
    source.write_text(dump_design(design), encoding="utf-8")
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.pdf"
        done = subprocess.run([sys.executable, "-m", "workbench", "export", str(source), "-o",
                               str(out)], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        assert out.read_bytes() == data

