"""Dates from the design: every date-dependent verdict (waiver expiry, DR-test age, the growth
base year when a design states none) is judged at an as-of date: --as-of when given, today
for validate and scenarios, the design's own date for export, so that a PDF depends only on
its file. Nothing but workbench/clock.py reads the system's calendar."""

from __future__ import annotations

import ast
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import FLAGSHIP, ROOT
from tests.validators.small import comp, complete
from workbench import clock
from workbench.cli import main

WAIVER = {"rule": "CMP-012", "target": "backup-dr", "justification": "immutability in Q2",
          "approver": "CISO", "granted": "2026-05-02", "expires": "2027-03-31"}


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def waived_file(tmp_path) -> Path:
    """The clean small design with one waived finding (CMP-012 on backup-dr, waiver expiring
    2027-03-31) and its last DR test on 2026-06-01."""
    doc = complete()
    comp(doc, "backup-dr")["security"]["integrity_controls"] = False
    doc["waivers"] = [dict(WAIVER)]
    path = tmp_path / "waived.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


def rules_at(capsys, path: Path, *extra: str) -> tuple[dict, list[tuple[str, bool]]]:
    code, out, err = run(capsys, "validate", str(path), "--format", "json", "--fail-on",
                         "never", *extra)
    assert code == 0, err
    data = json.loads(out)
    return data, sorted((f["rule"], f["waived"]) for f in data["findings"])


def test_validate_judges_waiver_expiry_and_dr_test_age_at_as_of(capsys, waived_file):
    data, found = rules_at(capsys, waived_file, "--as-of", "2027-03-31")
    assert data["as_of"] == "2027-03-31"
    assert found == [("CMP-012", True)]  # in force on its last day; DR test 10 months old

    data, found = rules_at(capsys, waived_file, "--as-of", "2027-04-01")
    assert found == [("CMP-012", False), ("CMP-013", False)]  # expired the day before
    # 2026-06-01 to 2027-07-02: 396 days, 13.0 months of 30.4375 days: over twelve
    data, found = rules_at(capsys, waived_file, "--as-of", "2027-07-02")
    assert found == [("CMP-009", False), ("CMP-012", False), ("CMP-013", False)]
    (dr,) = [f for f in data["findings"] if f["rule"] == "CMP-009"]
    assert dr["message"] == ("the last DR test (2026-06-01) is 13 months old on 2027-07-02 "
                             "(policy limit 12)")


def test_validate_defaults_to_the_clock_read_at_each_run(capsys, waived_file, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2027, 1, 15))
    data, found = rules_at(capsys, waived_file)
    assert data["as_of"] == "2027-01-15" and found == [("CMP-012", True)]
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 6, 15))
    data, found = rules_at(capsys, waived_file)
    assert data["as_of"] == "2031-06-15"
    assert found == [("CMP-009", False), ("CMP-012", False), ("CMP-013", False)]


def test_text_and_sarif_state_the_as_of_date(capsys, waived_file):
    code, out, _ = run(capsys, "validate", str(waived_file), "--as-of", "2027-04-01")
    assert code == 0 and ", judged as of 2027-04-01" in out.splitlines()[1]
    code, out, _ = run(capsys, "validate", str(waived_file), "--as-of", "2027-04-01",
                       "--format", "sarif")
    sarif = json.loads(out)["runs"][0]
    assert sarif["properties"]["asOf"] == "2027-04-01"
    assert {r["ruleId"] for r in sarif["results"]} == {"CMP-012", "CMP-013"}


@pytest.mark.parametrize("command", ["validate", "scenarios", "export"])
@pytest.mark.parametrize("bad,reason", [("2027-02-30", "day is out of range for month"),
                                        ("27-01-01", "expected YYYY-MM-DD"),
                                        ("2027-1-1", "expected YYYY-MM-DD"),
                                        ("tomorrow", "expected YYYY-MM-DD")])
def test_a_bad_as_of_is_one_line_and_exit_2(capsys, tmp_path, command, bad, reason):
    extra = ["-o", str(tmp_path / "out.pdf")] if command == "export" else []
    code, out, err = run(capsys, command, str(FLAGSHIP), "--as-of", bad, *extra)
    assert code == 2 and out == ""
    assert err == f"ehrwb {command}: --as-of {bad!r} is not a date ({reason})\n"
    assert not (tmp_path / "out.pdf").exists()


def test_scenarios_state_the_as_of_date(capsys, monkeypatch):
    code, out, _ = run(capsys, "scenarios", str(FLAGSHIP), "--format", "json",
                       "--as-of", "2030-01-01")
    assert code == 0 and json.loads(out)["as_of"] == "2030-01-01"
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 6, 15))
    code, out, _ = run(capsys, "scenarios", str(FLAGSHIP), "--format", "json")
    assert json.loads(out)["as_of"] == "2031-06-15"


def test_a_design_without_a_base_year_grows_from_the_as_of_year(capsys, tmp_path):
    doc = yaml.safe_load(FLAGSHIP.read_text())
    doc["metadata"].pop("effective_date")
    doc["requirements"].pop("base_year", None)
    path = tmp_path / "undated.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    years = {}
    for as_of in ("2027-05-01", "2031-05-01"):
        _, out, _ = run(capsys, "validate", str(path), "--format", "json", "--as-of", as_of)
        years[as_of] = json.loads(out)["metrics"]["capacity"]["base_year"]
    assert years == {"2027-05-01": 2027, "2031-05-01": 2031}


# ------------------------------------------------------------------------------ export
def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_export_is_judged_at_the_effective_date_whatever_the_clock(capsys, tmp_path,
                                                                    monkeypatch):
    pdfs = []
    for year in (2026, 2031):
        monkeypatch.setattr(clock, "today", lambda y=year: dt.date(y, 12, 1))
        out = tmp_path / f"{year}.pdf"
        code, _, err = run(capsys, "export", str(FLAGSHIP), "-o", str(out))
        assert code == 0
        assert err == f"{out}: written, judged as of 2026-11-02 (metadata.effective_date)\n"
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1]
    assert "Judged as of 2026-11-02 (metadata.effective_date)" in pdf_text(tmp_path / "2031.pdf")


def test_export_without_an_effective_date_uses_the_newest_date_the_file_records(
        capsys, tmp_path, waived_file, monkeypatch):
    doc = yaml.safe_load(waived_file.read_text())
    doc["metadata"].pop("effective_date")
    doc["reviews"] = {"approvals": [{
        "reviewer": "Board", "date": "2026-08-14T10:00:00Z", "decision": "approve",
        "fingerprint": "0" * 64}]}
    path = tmp_path / "undated.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 6, 15))
    out = tmp_path / "undated.pdf"
    code, _, err = run(capsys, "export", str(path), "-o", str(out))
    assert code == 0
    expected = ("2026-08-14 (the newest approval's date: the design states no effective "
                "date)")
    assert err == f"{out}: written, judged as of {expected}\n"
    text = pdf_text(out)
    assert f"Judged as of {expected}" in text
    # judged in 2026 the waiver is in force, so the PDF lists no CMP-013
    assert "CMP-013" not in text and "CMP-012" in text


def test_export_as_of_overrides_the_design_date(capsys, tmp_path, waived_file):
    out = tmp_path / "late.pdf"
    code, _, err = run(capsys, "export", str(waived_file), "-o", str(out),
                       "--as-of", "2027-04-01")
    assert code == 0 and err.endswith("judged as of 2027-04-01 (--as-of)\n")
    text = pdf_text(out)
    assert "Judged as of 2027-04-01 (--as-of)" in text and "CMP-013" in text


def test_document_as_of_of_a_file_without_any_date_says_it_is_the_day_of_export(monkeypatch):
    from workbench.model.design import Design

    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 6, 15))
    design = Design.model_validate({"schema_version": 2, "metadata": {"name": "x"},
                                    "requirements": {"peak_grefs_per_s": 1,
                                                     "concurrent_users": 1, "odb_size_tb": 1}})
    when = clock.document_as_of(design)
    assert when == clock.AsOf(dt.date(2031, 6, 15), "the day of export: the design records "
                                                    "no date")


# ------------------------------------------------------------------------ one clock
READS_THE_CALENDAR = {("date", "today"), ("datetime", "today"), ("datetime", "now"),
                      ("datetime", "utcnow"), ("time", "time"), ("time", "localtime"),
                      ("time", "gmtime"), ("time", "ctime"), ("time", "strftime"),
                      ("date", "fromtimestamp"), ("datetime", "fromtimestamp")}


def calendar_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else \
                owner.id if isinstance(owner, ast.Name) else None
            if (name, node.attr) in READS_THE_CALENDAR:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}.{node.attr}")
    return found


def test_only_the_clock_module_reads_the_calendar():
    sources = [p for pkg in ("workbench", "validators", "exports", "catalogs")
               for p in sorted((ROOT / pkg).rglob("*.py"))]
    assert len(sources) > 50
    reads = [r for p in sources if p.name != "clock.py" for r in calendar_reads(p)]
    assert reads == []
    # the scan sees calls of the form the workbench writes (dt.date.today()): the clock's own
    assert [r.split()[-1] for r in calendar_reads(ROOT / "workbench" / "clock.py")] == [
        "date.today", "datetime.now"]
