"""The one place the workbench reads the calendar.

Nothing else in the workbench asks the system for the date (a test checks this): checks that
depend on a date (waiver expiry, DR-test age, the growth base year when a design states none)
are judged at an *as-of date* that is either given (``--as-of``), taken from this module
(``validate`` and ``scenarios``, and the app, which asks again at every run), or read from the
design itself (``export``, so that a PDF depends only on its file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model.design import Design


def today() -> dt.date:
    """The local calendar date, read afresh at every call."""
    return dt.date.today()


def now() -> dt.datetime:
    """The current time in UTC to the second: when a comment or approval is made."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def parse_as_of(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError with a message a person can act on otherwise."""
    value = text.strip()
    try:
        if len(value) != 10:
            raise ValueError("expected YYYY-MM-DD")
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        reason = str(exc).removeprefix("Invalid isoformat string: ")
        if reason.startswith("'"):
            reason = "expected YYYY-MM-DD"
        raise ValueError(f"--as-of {text!r} is not a date ({reason})") from None


@dataclass(frozen=True)
class AsOf:
    """An as-of date and where it came from, as the PDF states it."""

    date: dt.date
    source: str

    def describe(self) -> str:
        return f"{self.date.isoformat()} ({self.source})"


def dates_recorded(design: Design) -> list[tuple[dt.date, str]]:
    """Every date the design file records, each with the field it came from."""
    out: list[tuple[dt.date, str]] = []
    for a in design.reviews.approvals:
        out.append((a.date.date(), "the newest approval's date"))
    for c in design.reviews.comments:
        out.append((c.date.date(), "the newest review comment's date"))
    for w in design.waivers:
        if w.granted is not None:
            out.append((w.granted, "the newest waiver's grant date"))
    record = design.policy.compliance
    if record.last_dr_test is not None:
        out.append((record.last_dr_test, "policy.compliance.last_dr_test"))
    if record.criticality_analysis is not None:
        out.append((record.criticality_analysis, "policy.compliance.criticality_analysis"))
    sizing = design.requirements.sizing
    if sizing is not None:
        out.append((sizing.date, "requirements.sizing.date"))
    return out


def document_as_of(design: Design, given: dt.date | None = None) -> AsOf:
    """The date a document is judged at: the one given, else ``metadata.effective_date``,
    else the date of this revision: the newest date the file records (an approval, a comment,
    a waiver's grant, a DR test, the sizing guide). A file that records no date at all is
    judged at today, and says so."""
    if given is not None:
        return AsOf(given, "--as-of")
    if design.metadata.effective_date is not None:
        return AsOf(design.metadata.effective_date, "metadata.effective_date")
    recorded = dates_recorded(design)
    if recorded:
        newest = max(recorded, key=lambda pair: pair[0])
        return AsOf(newest[0], f"{newest[1]}: the design states no effective date")
    return AsOf(today(), "the day of export: the design records no date")
