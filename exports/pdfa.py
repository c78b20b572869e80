"""What makes the design document an archival PDF (PDF/A-3b), added to reportlab's document just
before it is written (``finish``, from the canvas's ``save``).

Document information and the same facts as XMP metadata (with the PDF/A identification), the
document language, an sRGB output intent (the ICC profile shipped in exports/data), the design
attached as an associated file (MIME type, relationship, description, date, checksum; in the
catalog's /AF and its embedded files), PDF version 1.7, every annotation printable (``F`` 4),
and a document ID that digests the metadata and the design. Every date is the design's as-of
date and nothing else varies, so the same input gives the same bytes.

reportlab writes a stream's data right up to ``endstream``; PDF/A wants an end-of-line between
them (not counted in /Length). ``stream_eol`` makes reportlab's stream writer add it, for every
PDF written in the process (any PDF reader accepts both).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import partial
from html import escape as html_escape
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
    PDFText,
    PDFZCompress,
)

PDF_VERSION = (1, 7)
ICC_PROFILE = Path(__file__).with_name("data") / "sRGB.icc"  # a file of the package
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@dataclass(frozen=True)
class Metadata:
    """The document's description, written both as document information and as XMP."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    creator: str  # the program that made the content
    producer: str  # the program that wrote the PDF
    language: str  # BCP 47, e.g. "en"
    date: dt.date  # creation and modification: the date the design is judged at
    identifier: str  # what the document is of (the design's fingerprint)


@dataclass(frozen=True)
class Attachment:
    """A file embedded as an associated file of the whole document."""

    name: str
    data: bytes
    mime: str
    description: str
    relationship: str  # Source, Data, Alternative, Supplement or Unspecified


@dataclass(frozen=True)
class Archive:
    """What ``finish`` adds to a document."""

    meta: Metadata
    attachment: Attachment


def finish(doc: Any, archive: Archive) -> None:
    """Make reportlab's ``doc`` (a ``PDFDocument`` about to be written) PDF/A-3b."""
    stream_eol()
    meta, attachment = archive.meta, archive.attachment
    xmp = xmp_packet(meta)
    doc._pdfVersion = max(doc._pdfVersion, PDF_VERSION)
    doc.info = _Info(info_entries(meta))
    doc.updateSignature(xmp + attachment.data)  # the ID changes with the design
    catalog = doc.Catalog
    catalog.Lang = PDFString(meta.language)
    catalog.PageMode = PDFName("UseOutlines")
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                                "Subtype": PDFName("XML")}), xmp)
    spec = doc.Reference(_file_spec(attachment, meta.date))
    catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary(
        {"Names": PDFArray([PDFString(attachment.name), spec])})})
    catalog.OutputIntents = PDFArray([_output_intent()])
    catalog.AF = PDFArray([spec])
    # keys reportlab's catalog does not know are written when listed here
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents", "AF"]


def printable(annotation: Any) -> None:
    """PDF/A: an annotation is printed and never hidden (reportlab's links have no flags)."""
    if isinstance(annotation, PDFDictionary):
        annotation["F"] = 4
    elif isinstance(getattr(annotation, "otherkw", None), dict):
        annotation.otherkw["F"] = 4


def pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000+00'00'"


def xmp_date(day: dt.date) -> str:
    return f"{day:%Y-%m-%d}T00:00:00+00:00"


def info_entries(meta: Metadata) -> dict[str, str]:
    """The document information: exactly what the XMP repeats (PDF/A wants them equal)."""
    entries = {"Title": meta.title, "Author": meta.author, "Subject": meta.subject,
               "Keywords": ", ".join(meta.keywords), "Creator": meta.creator,
               "Producer": meta.producer, "CreationDate": pdf_date(meta.date),
               "ModDate": pdf_date(meta.date)}
    return {key: value for key, value in entries.items() if value}


def xmp_packet(meta: Metadata) -> bytes:
    """The XMP metadata: Dublin Core, XMP basic, Adobe PDF and the PDF/A identification (part
    3, conformance B), the same values as the document information."""
    e, when = partial(html_escape, quote=False), xmp_date(meta.date)
    creator = (f"<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>\n"
               if meta.author else "")
    subjects = "".join(f"<rdf:li>{e(k)}</rdf:li>" for k in meta.keywords)
    body = (
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
        "<dc:format>application/pdf</dc:format>\n"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f"{creator}"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li>'
        "</rdf:Alt></dc:description>\n"
        f"<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>\n"
        f"<dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>\n"
        f"<dc:identifier>{e(meta.identifier)}</dc:identifier>\n"
        f"<pdf:Keywords>{e(', '.join(meta.keywords))}</pdf:Keywords>\n"
        f"<pdf:Producer>{e(meta.producer)}</pdf:Producer>\n"
        f"<xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>\n"
        f"<xmp:CreateDate>{when}</xmp:CreateDate>\n"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>\n"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>\n"
        "<pdfaid:part>3</pdfaid:part>\n"
        "<pdfaid:conformance>B</pdfaid:conformance>\n"
        "</rdf:Description>\n")
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f"{body}</rdf:RDF>\n</x:xmpmeta>\n"
            '<?xpacket end="w"?>').encode()


class _Info(PDFInfo):
    """reportlab's document information, with our entries and dates instead of its own."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__()
        self.entries = entries

    def digest(self, md5object: Any) -> None:
        for key, value in self.entries.items():
            md5object.update(f"{key}={value}".encode())

    def format(self, document: Any) -> bytes:
        entries = {key: PDFString(value) for key, value in self.entries.items()}
        return PDFDictionary(entries).format(document)


def _mime_name(mime: str) -> str:
    """A MIME type as a PDF name: ``/application#2Fyaml`` (reportlab leaves "/" as it is)."""
    return "/" + PDFName(mime)[1:].replace("/", "#2F")


def _file_spec(attachment: Attachment, day: dt.date) -> PDFDictionary:
    data = attachment.data
    stream = PDFStream(PDFDictionary({
        "Type": PDFName("EmbeddedFile"),
        "Subtype": _mime_name(attachment.mime),
        "Params": PDFDictionary({
            "Size": len(data), "ModDate": PDFString(pdf_date(day)),
            "CheckSum": PDFText(hashlib.md5(data, usedforsecurity=False).digest())})}),
        data, filters=[PDFZCompress])
    return PDFDictionary({
        "Type": PDFName("Filespec"), "F": PDFString(attachment.name),
        "UF": PDFString(attachment.name), "EF": PDFDictionary({"F": stream, "UF": stream}),
        "Desc": PDFString(attachment.description),
        "AFRelationship": PDFName(attachment.relationship)})


def _output_intent() -> PDFDictionary:
    profile = PDFStream(PDFDictionary({"N": 3}), ICC_PROFILE.read_bytes(),
                        filters=[PDFZCompress])
    return PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
        "Info": PDFString(OUTPUT_CONDITION), "RegistryName": PDFString("http://www.color.org"),
        "DestOutputProfile": profile})


_REPORTLAB_STREAM = getattr(pdfdoc.PDFStream.format, "__wrapped__", pdfdoc.PDFStream.format)
_END = b"endstream\n"


def _format_stream(self: Any, document: Any) -> bytes:
    """reportlab's stream, with an end-of-line before ``endstream``."""
    out: bytes = _REPORTLAB_STREAM(self, document)
    if out.endswith(_END):
        out = out[:-len(_END)] + b"\n" + _END
    return out


_format_stream.__wrapped__ = _REPORTLAB_STREAM  # type: ignore[attr-defined]


def stream_eol() -> None:
    pdfdoc.PDFStream.format = _format_stream
