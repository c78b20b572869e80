"""What the approval board reads (issue 13): the executive brief on the page after the cover,
the cover's computed status, and the sections a design document needs (requirements and
constraints, decisions, risk register, review comments and conditions, sign-off by role,
transition, operations, glossary). Each exported through ``ehrwb export`` and read back from
the PDF's text; every figure checked against ``ehrwb validate --format json`` (or
``ehrwb scenarios --format json``) at the same as-of date."""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from exports.sections.brief import REFERENCED
from exports.story import TITLES
from tests.conftest import FLAGSHIP, SAMPLE_FILES, SAMPLES
from workbench.cli import main

FLAWED = SAMPLES / "flawed-design.yaml"
COMMUNITY = SAMPLES / "community-hospital-shared.yaml"
NEW_SECTIONS = ("Executive brief", "Requirements and constraints", "Architecture decisions",
                "Risk register", "Transition and rollback", "Operations", "Review comments",
                "Glossary")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def as_of(path: Path) -> str:
    """The date the exported document is judged at: the sample's effective date."""
    return str(yaml.safe_load(path.read_text())["metadata"]["effective_date"])


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    main(list(argv))
    return json.loads(capsys.readouterr().out)


@cache
def _export(text: str, paper: str) -> tuple[str, ...]:
    """The pages' text of the PDF ``ehrwb export`` writes for this design text."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "design.yaml", Path(tmp) / "design.pdf"
        src.write_text(text)
        assert main(["export", str(src), "-o", str(out), "--paper", paper]) == 0
        reader = PdfReader(io.BytesIO(out.read_bytes()))
        return tuple(page.extract_text() for page in reader.pages)


def pages(path: Path, paper: str = "a4", **metadata: object) -> tuple[str, ...]:
    text = path.read_text()
    if metadata:
        raw = yaml.safe_load(text)
        raw["metadata"].update(metadata)
        text = yaml.safe_dump(raw, sort_keys=False)
    return _export(text, paper)


def heading_of(page: str) -> str:
    """The first line after the page furniture (design name, revision, organisation)."""
    return page.splitlines()[3].strip()


def section(path: Path, title: str) -> str:
    """The text from the page the section starts on to the page before the next section."""
    texts = pages(path)
    starts = [i for i, p in enumerate(texts) if heading_of(p) in TITLES]
    first = next(i for i in starts if heading_of(texts[i]) == title)
    end = next((i for i in starts if i > first), len(texts))
    return flat("\n".join(texts[first:end]))


# ---------------------------------------------------------------------------- the brief
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_brief_is_the_page_after_the_cover_in_sentences(path, paper):
    texts = pages(path, paper)
    assert heading_of(texts[1]) == "Executive brief"
    assert heading_of(texts[2]) == TITLES[1], "the brief runs over one page"
    body = flat(texts[1].split("Executive brief", 1)[1].rsplit("page 2 of", 1)[0])
    sentences = [s for s in re.split(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", body)
                 if len(s.split()) >= 6]
    assert len(sentences) >= 5, sentences
    for needed in ("The board is asked to", "verdict is", "The tightest tier is the",
                   "failure scenario", "risk", "waiver"):
        assert needed in body, needed


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_each_brief_line_points_to_the_page_of_its_heading(path):
    texts = pages(path)
    brief = flat(texts[1])
    refs = re.findall(r"\(([A-Z][A-Za-z ]+), page (\d+)\)", brief)
    assert {title for title, _ in refs} == set(REFERENCED)
    for title, page in refs:
        target = texts[int(page) - 1]
        assert title in target.splitlines()[3:], f"{title} is not on page {page}"
    assert set(REFERENCED) - {"Failure scenarios"} <= set(TITLES)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_the_brief_names_the_tightest_tier_and_its_year(path, capsys):
    report = run_json(capsys, "validate", str(path), "--format", "json", "--as-of", as_of(path))
    tiers = [t for t in report["metrics"]["capacity"]["tiers"] if t["components"]]
    tightest = min(tiers, key=lambda t: t["headroom_pct"])
    brief = flat(pages(path)[1])
    assert f"The tightest tier is the {tightest['tier']} tier" in brief
    if tightest["headroom_pct"] >= 0:
        assert f"{tightest['headroom_pct']:.1f} points of headroom left" in brief
        assert f"breaches the headroom policy in {tightest['headroom_year']}" in brief
    else:
        assert f"{-tightest['headroom_pct']:.1f} points over the" in brief
        assert "breaches the headroom policy already" in brief
    # the summary's headroom row is the same tier's, not the database's
    summary = section(path, "Executive summary")
    assert f"Headroom left (tightest tier: {tightest['tier']})" in summary


def test_the_tightest_tier_is_not_always_the_database(capsys):
    report = run_json(capsys, "validate", str(COMMUNITY), "--format", "json", "--as-of",
                      as_of(COMMUNITY))
    by_tier = {t["tier"]: t["headroom_pct"] for t in report["metrics"]["capacity"]["tiers"]}
    assert by_tier["presentation"] < by_tier["database"]  # the case the issue names
    assert "The tightest tier is the presentation tier" in flat(pages(COMMUNITY)[1])


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_the_brief_lists_every_scenario_that_cannot_serve_peak(path, capsys):
    table = run_json(capsys, "scenarios", str(path), "--format", "json", "--as-of", as_of(path))
    short = [s for s in table["scenarios"] if s["served"] < s["demand"] * (1 - 1e-9)]
    brief = flat(pages(path)[1])
    if not short:
        assert f"Every one of the {len(table['scenarios'])} failure scenarios serves peak" \
            in brief
    else:
        assert f"{len(short)} of the {len(table['scenarios'])} failure scenarios cannot " \
               "serve peak" in brief
    for s in short:
        kind = "" if s["kind"] == "component" else s["kind"] + " "
        assert re.search(rf"lose {kind}{re.escape(s['target'])} \(serves", brief), s["id"]


def test_the_brief_names_expired_waivers_and_the_top_risk_with_its_owner():
    flawed = flat(pages(FLAWED)[1])
    assert "CMP-002 on er-gw-citrix expired on 2025-12-31" in flawed
    assert "(1) RISK-01: THR-001 on odb-prod" in flawed
    assert "owner Infrastructure lead (training), due 2026-09-30" in flawed
    flagship = flat(pages(FLAGSHIP)[1])
    assert "The design holds no waivers" in flagship
    assert "subject to 2 conditions recorded with the approvals: (1) Microsoft's written " \
           "confirmation of BAA coverage" in flagship
    assert "still proposed: ADR-003" in flagship


# ---------------------------------------------------------------------------- the cover
def test_approved_with_open_errors_is_stamped_not_approvable(capsys):
    report = run_json(capsys, "validate", str(FLAWED), "--format", "json", "--as-of",
                      as_of(FLAWED))
    errors = report["summary"]["error"]
    assert errors > 1
    texts = pages(FLAWED, status="approved")
    stamp = (f"NOT APPROVABLE — recorded status 'approved' is contradicted by {errors} open "
             "errors")
    assert stamp in flat(texts[0])
    assert "Recorded status approved" in flat(texts[0])
    assert stamp in flat(texts[1])  # and the brief says so too
    assert "The board is asked not to approve this revision" in flat(texts[1])
    in_review = flat(pages(FLAWED, status="in-review")[0])
    assert "NOT APPROVABLE — recorded status 'in-review' is contradicted by" in in_review
    # every page's header says the same as the cover, never the file's 'approved' alone
    assert all("revision 0.3, NOT APPROVABLE" in flat(t) for t in texts[1:]), "page header"
    assert not any("0.3, approved" in flat(t) for t in texts)


def test_a_clean_approved_design_is_stamped_approved():
    cover = flat(pages(FLAGSHIP, status="approved")[0])
    assert "APPROVED — by R. Okafor (Chief Information Security Officer) on 2026-11-12, this " \
           "very design" in cover
    assert "NOT APPROVABLE" not in cover and "NOT APPROVED" not in cover


def test_approved_without_an_approval_of_this_design_is_not_approved():
    raw = yaml.safe_load(FLAGSHIP.read_text())
    raw["metadata"]["status"] = "approved"
    raw["reviews"]["approvals"][0]["fingerprint"] = "0" * 64  # an earlier version's
    cover = flat(_export(yaml.safe_dump(raw, sort_keys=False), "a4")[0])
    assert "NOT APPROVED — recorded status 'approved' has no verified approval of this " \
           "design" in cover


def test_draft_and_in_review_stamps(capsys):
    report = run_json(capsys, "validate", str(FLAWED), "--format", "json", "--as-of",
                      as_of(FLAWED))
    assert f"DRAFT — not for approval ({report['summary']['error']} open errors)" in \
        flat(pages(FLAWED)[0])
    assert "DRAFT — not for approval Design" in flat(pages(COMMUNITY)[0])  # no open error
    assert "APPROVABLE — in review, no open errors" in flat(pages(FLAGSHIP)[0])


# ---------------------------------------------------------------------------- the sections
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_new_section_is_in_every_sample(path):
    texts = pages(path)
    headings = [heading_of(p) for p in texts]
    for title in NEW_SECTIONS:
        assert title in headings, title
    requirements = section(path, "Requirements and constraints")
    raw = yaml.safe_load(path.read_text())["requirements"]
    assert f"Allowed jurisdictions {', '.join(raw['allowed_jurisdictions'])}" in requirements
    assert f"Planning horizon {raw['planning_horizon_years']} years:" in requirements
    for label in ("Peak demand at the production ODB", "Concurrent clinical users",
                  "Production ODB size", "Annual growth", "Availability target", "RPO / RTO",
                  "Survivable failure domain", "Headroom limit", "Rule settings"):
        assert label in requirements, label
    glossary = section(path, "Glossary")
    for term in ("GRefs/s", "ODB", "ECP", "BCA", "ALI", "RPO", "RTO", "HCG", "PHI", "SPOF"):
        assert re.search(rf"(^| ){re.escape(term)} ", glossary), term


def test_a_design_without_them_says_so_in_one_line():
    assert "The design records no architecture decisions" in \
        section(FLAWED, "Architecture decisions")
    assert "No risks: no open error or warning" in section(COMMUNITY, "Risk register")
    assert "The design records nothing here (transition: cutover, rollback)" in \
        section(COMMUNITY, "Transition and rollback")
    assert "The design records nothing here (operations: monitoring, patching, support)" in \
        section(COMMUNITY, "Operations")
    assert "No review comment is recorded" in section(COMMUNITY, "Review comments")
    approvals = section(COMMUNITY, "Approval and revisions")
    assert "No verified approval records a note or a condition" in approvals
    assert "The design names no sign-off roles" in approvals


def test_the_flagships_decisions_risks_conditions_and_roles_are_printed():
    decisions = section(FLAGSHIP, "Architecture decisions")
    assert "ADR-001: Production ODB on dedicated Azure Large Instances" in decisions
    assert "Status: accepted (decided by Architecture Review Board, on 2026-10-14)" in decisions
    assert "Shared: Mbv3 / Msv3" in decisions and "dedicated" in decisions
    risks = section(FLAGSHIP, "Risk register")
    assert "RISK-01 CMP-006 on backup-snap-east, odb-dr, odb-prod-a, odb-prod-b, odb-rpt" \
        in risks
    assert "Chief Information Security Officer" in risks and "2027-01-15" in risks
    assert "open warning; mitigating" in risks
    approvals = section(FLAGSHIP, "Approval and revisions")
    assert "Condition 2: The South Central US failover test is repeated" in approvals
    assert "Security architecture approved." in approvals
    for role in ("Chief Information Officer", "Chief Medical Information Officer",
                 "Privacy Officer"):
        assert role in approvals
    comments = section(FLAGSHIP, "Review comments")
    assert "Dana Whitfield" in comments and "OPEN" in comments
    assert "Until go-live plus 72 hours" in section(FLAGSHIP, "Transition and rollback")
    assert "Monthly OS patching" in section(FLAGSHIP, "Operations")


def test_the_risk_register_holds_every_open_error_and_warning(capsys):
    report = run_json(capsys, "validate", str(FLAWED), "--format", "json", "--as-of",
                      as_of(FLAWED))
    register = section(FLAWED, "Risk register")
    open_rules = {f["rule"] for f in report["findings"]
                  if f["severity"] in ("error", "warning") and not f["waived"]}
    for rule in open_rules:
        assert f"{rule} on " in register, rule
    assert "not assigned" in register  # the design assesses two of them
    assert "RISK-02 No business continuity access during downtime" in register


def test_the_summary_says_missed_and_cannot_serve_peak():
    summary = section(FLAWED, "Executive summary")
    assert "MISSED (RPO, RTO)" in summary
    assert "cannot serve peak" in summary and "0.0000 %" not in summary
    assert "Worst RPO / RTO in that domain" in section(FLAGSHIP, "Executive summary")
    assert "MISSED" not in section(FLAGSHIP, "Executive summary")
