"""`ehrwb propose` through the command line: the cheapest design that passes every rule for a
dozen requirement flags, written in canonical form, deterministic to the byte, explained by its
decisions and runner-up variants; one line and exit 1 for what cannot be met; exit 2 naming the
flag for what cannot be read."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.test_variants_cli import run
from workbench.cli import main
from workbench.model.io import load_design

AS_OF = ("--as-of", "2026-11-28")
COMMUNITY = SAMPLES / "community-hospital-shared.yaml"
# the organisation's records the compliance rules read (none is made up by the workbench)
RECORDS = ("--owner", "IT", "--revision", "1", "--effective-date", "2026-12-01",
           "--last-dr-test", "2026-04-20", "--criticality-analysis", "2026-01-12",
           "--emergency-access", "IT-SOP-22", "--baa-signed", "azure")
# the community hospital's requirements, asked as a new user would
DOZEN = ("--users", "2500", "--peak-grefs", "1500000",
         "--regions", "azure-eastus2,azure-centralus", "--availability", "99.9",
         "--rpo-minutes", "5", "--rto-minutes", "120", "--growth", "4", "--odb-tb", "6",
         "--site", "Riverside=1400", "--site", "Valley=800", "--site", "Clinics=300:clinic",
         *RECORDS)
DECISIONS = ("propose-tenancy", "propose-placement", "propose-database-sku",
             "propose-storage-tier", "propose-ecp", "propose-presentation-zones")
RULE_OR_COST = re.compile(r"\b[A-Z]{3}-\d{3}\b|\$[\d,]+")


def call(*args: str) -> tuple[int, str, str]:
    """``ehrwb ARGS`` in this process (for module fixtures, where capsys is not at hand)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def in_a_process(*args: str, seed: str) -> tuple[int, str, str]:
    """``ehrwb ARGS`` in a new interpreter with its own hash seed: the order of sets and
    dictionaries of strings differs from this process's."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "workbench.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def validated(path: Path, *more: str) -> dict:
    """``ehrwb validate PATH --format json``'s report (exit 0 or 1: the findings say why)."""
    code, out, err = call("validate", str(path), "--format", "json", *more, *AS_OF)
    assert code in (0, 1) and out, err
    data = json.loads(out)
    assert (code == 0) == (data["summary"]["error"] == 0), data["summary"]
    return data


def findings(data: dict) -> list[str]:
    """Every finding of a validate --format json report, waived or not, in one line each."""
    return [f"{f['rule']} {f['severity']}: {f['message']}" for f in data["findings"]]


@pytest.fixture(scope="module")
def proposed(tmp_path_factory) -> tuple[Path, str, str]:
    """The dozen-flag proposal: its file and what the command printed."""
    out = tmp_path_factory.mktemp("propose") / "proposed.yaml"
    code, stdout, stderr = call("propose", *DOZEN, "-o", str(out), *AS_OF)
    assert code == 0, stderr
    return out, stdout, stderr


def test_a_dozen_flags_give_a_canonical_design_with_no_finding(proposed):
    out, stdout, stderr = proposed
    assert stderr.strip() == f"{out}: written"
    first = stdout.splitlines()[0]
    assert first.startswith("proposed: ")
    assert re.search(r"(shared|dedicated) database hosts \([a-z0-9-]+\) in azure-eastus2 "
                     r"with DR in azure-centralus", first), first
    assert re.search(r"\$[\d,]+ over 5 years \(\$[\d,]+ a month\)", first), first
    assert "every rule passes with no finding" in first
    code, _, err = call("fmt", "--check", str(out))
    assert code == 0 and "already canonical" in err
    data = validated(out)
    assert findings(data) == []
    assert data["summary"] == {"error": 0, "warning": 0, "info": 0, "waived": 0}
    # the summary's cost is the cost validate finds
    horizon = data["metrics"]["cost"]["horizon_cost"]
    assert f"${horizon:,.0f} over 5 years" in first
    design = load_design(out).design
    assert design.requirements.concurrent_users == 2500
    assert sorted(s.concurrent_users for s in design.placement.sites) == [300, 800, 1400]
    assert {r.catalog_region for r in design.placement.regions} == {"azure-eastus2",
                                                                   "azure-centralus"}


def test_the_same_requirements_give_the_same_bytes(proposed, tmp_path):
    out, stdout, _ = proposed
    again, as_json, other_json = (tmp_path / n for n in ("again.yaml", "a.yaml", "b.yaml"))
    code, stdout_again, err = in_a_process("propose", *DOZEN, "-o", str(again), *AS_OF,
                                           seed="1")
    assert code == 0, err
    assert again.read_bytes() == out.read_bytes()
    assert stdout_again == stdout
    code, first, err = in_a_process("propose", *DOZEN, "-o", str(as_json), "--format", "json",
                                    *AS_OF, seed="2")
    assert code == 0, err
    code, second, err = call("propose", *DOZEN, "-o", str(other_json), "--format", "json",
                             *AS_OF)
    assert code == 0, err
    assert first == second
    assert as_json.read_bytes() == other_json.read_bytes() == out.read_bytes()
    data = json.loads(first)
    assert data["proposed"] is True and data["infeasible"] is None
    assert data["horizon_cost"] == validated(out)["metrics"]["cost"]["horizon_cost"]


def test_the_decisions_name_what_was_rejected_and_why(proposed):
    out, stdout, _ = proposed
    design = load_design(out).design
    decisions = {d.id: d for d in design.decisions}
    assert tuple(decisions) == DECISIONS
    alternatives = 0
    for decision in decisions.values():
        assert decision.decided_by == "ehrwb propose" and decision.options, decision.id
        chosen, *others = decision.options
        assert decision.decision.startswith(chosen.name), decision.id
        assert chosen.summary.startswith("passes, $"), (decision.id, chosen.summary)
        for option in others:
            assert RULE_OR_COST.search(option.summary), (decision.id, option)
        alternatives += len(others)
        assert f"- {decision.title}: {decision.decision}" in stdout
    assert alternatives >= 5
    # a rejected alternative is named with the rule that rejected it
    rejected = [o for d in decisions.values() for o in d.options[1:]
                if o.summary.startswith("fails ")]
    assert rejected and all(re.match(r"fails [A-Z]{3}-\d{3} \((error|warning|info)\)",
                                     o.summary) for o in rejected)


def test_compare_sets_the_runner_ups_beside_the_proposal(proposed):
    out, stdout, _ = proposed
    names = [v.name for v in load_design(out).design.variants]
    assert names, "the proposal keeps its runner-ups as variants"
    for name in names:
        assert f"- runner-up kept as variant '{name}': " in stdout
    code, text, err = call("compare", str(out), *AS_OF)
    assert code == 0, err
    assert text.splitlines()[2].split() == ["base", *names]
    code, text, err = call("compare", str(out), "--format", "json", *AS_OF)
    assert code == 0, err
    labels = [v["label"] for v in json.loads(text)["variants"]]
    assert labels == ["base", *names]


def variant_findings(out: Path, tenancy: str, same: bool) -> dict[str, list[str]]:
    """The findings of each variant of ``out`` of the proposal's tenancy (``same``) or of
    another, with ``ehrwb validate OUT --variant NAME``."""
    base = validated(out)["metrics"]["cost"]["horizon_cost"]
    found = {}
    for variant in load_design(out).design.variants:
        if (variant.tenancy == tenancy) != same:
            continue
        data = validated(out, "--variant", variant.name)
        assert data["variant"] == variant.name
        # a runner-up: it costs at least as much as the proposal
        assert data["metrics"]["cost"]["horizon_cost"] >= base, variant.name
        found[variant.name] = findings(data)
    return found


def test_the_runner_up_of_the_same_tenancy_passes_with_no_finding(proposed):
    out, stdout, _ = proposed
    tenancy = "shared" if "proposed: shared " in stdout else "dedicated"
    found = variant_findings(out, tenancy, same=True)
    assert found and all(f == [] for f in found.values()), found


def test_the_other_tenancy_variant_passes_with_no_finding(proposed):
    out, stdout, _ = proposed
    tenancy = "shared" if "proposed: shared " in stdout else "dedicated"
    found = variant_findings(out, tenancy, same=False)
    assert found and all(f == [] for f in found.values()), found


# ---------------------------------------------------------------------------- cannot be met
def infeasible(capsys, tmp_path, *args: str) -> str:
    out = tmp_path / "never.yaml"
    code, stdout, err = run(capsys, "propose", *args, *RECORDS, "-o", str(out), *AS_OF)
    assert code == 1, err
    assert stdout == "" and not out.exists()
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ehrwb propose: ") and "Traceback" not in err
    return lines[0]


def test_a_peak_beyond_the_largest_configuration(capsys, tmp_path):
    line = infeasible(capsys, tmp_path, "--peak-grefs", "60000000")
    assert re.fullmatch(r"ehrwb propose: peak 60 M GRefs/s exceeds the largest dedicated "
                        r"configuration, (\d+(\.\d+)?) M", line), line
    limit = float(line.rsplit(", ", 1)[1].removesuffix(" M"))
    assert 0 < limit < 60


def test_a_peak_beyond_the_shared_ceiling_when_shared_is_asked(capsys, tmp_path):
    line = infeasible(capsys, tmp_path, "--tenancy", "shared", "--peak-grefs", "15000000")
    assert line.startswith("ehrwb propose: peak 15 M GRefs/s exceeds the largest shared "
                           "configuration, 12 M"), line
    assert "--tenancy dedicated" in line


def test_growth_that_outruns_the_ceiling_within_the_horizon(capsys, tmp_path):
    line = infeasible(capsys, tmp_path, "--peak-grefs", "15000000", "--growth", "8",
                      "--horizon", "7")
    # 15 M x 1.08^7 = 25.7 M
    assert "peak 15 M GRefs/s grows to 25.7 M at 8 % a year over 7 years" in line, line
    assert re.search(r"beyond the largest dedicated configuration, \d+(\.\d+)? M", line), line


def test_an_availability_no_configuration_reaches(capsys, tmp_path):
    line = infeasible(capsys, tmp_path, "--users", "2500", "--availability", "99.9999")
    match = re.fullmatch(r"ehrwb propose: availability 99\.9999 % exceeds the most available "
                         r"configuration, (\d+\.\d+) % \(.+\)", line)
    assert match, line
    assert 99.9 < float(match[1]) < 99.9999


# ---------------------------------------------------------------------------- input errors
def refused(capsys, tmp_path, *args: str, out: Path | None = None) -> str:
    out = out or tmp_path / "never.yaml"
    code, stdout, err = run(capsys, "propose", *args, "-o", str(out), *AS_OF)
    assert code == 2, err
    assert stdout == "" and "Traceback" not in err
    return err


def test_an_unknown_region_is_named_with_a_suggestion(capsys, tmp_path):
    err = refused(capsys, tmp_path, "--users", "2500", "--regions",
                  "azure-eastus9,azure-centralus")
    assert "--regions" in err and "'azure-eastus9'" in err
    assert "did you mean 'azure-eastus" in err
    assert not (tmp_path / "never.yaml").exists()


def test_sites_must_add_up_to_the_users(capsys, tmp_path):
    err = refused(capsys, tmp_path, "--users", "2500", "--site", "A=1400", "--site", "B=800")
    assert "--site" in err and "2,200" in err and "2,500" in err


@pytest.mark.parametrize("flag", ["--effective-date", "--last-dr-test",
                                  "--criticality-analysis"])
def test_a_bad_date_names_its_flag(capsys, tmp_path, flag):
    err = refused(capsys, tmp_path, "--users", "2500", flag, "2026-13-01")
    assert flag in err and "'2026-13-01'" in err and "YYYY-MM-DD" in err


def test_an_existing_file_is_replaced_only_with_force(capsys, tmp_path):
    out = tmp_path / "mine.yaml"
    mine = COMMUNITY.read_bytes()
    out.write_bytes(mine)
    err = refused(capsys, tmp_path, "--users", "500", *RECORDS, out=out)
    assert str(out) in err and "--force" in err
    assert out.read_bytes() == mine
    code, _, err = run(capsys, "propose", "--users", "500", *RECORDS, "-o", str(out),
                       "--force", *AS_OF)
    assert code == 0, err
    assert load_design(out).design.requirements.concurrent_users == 500


def test_force_never_writes_over_a_file_that_is_not_a_design(capsys, tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("mine\n", encoding="utf-8")
    err = refused(capsys, tmp_path, "--users", "500", *RECORDS, "--force", out=out)
    assert str(out) in err and "not a design file" in err
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_a_broken_from_file_is_named_with_its_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 2\nrequirements:\n  concurrent_users: 100\n"
                   "  peak_grefs_per_s: [\n", encoding="utf-8")
    err = refused(capsys, tmp_path, "--from", str(bad))
    assert re.search(re.escape(str(bad)) + r":\d+:\d+: invalid YAML", err), err


# ---------------------------------------------------------------------------- from a sample
def test_from_the_community_sample_no_dearer_than_the_sample(capsys, tmp_path):
    """Requirements, sites and records from the hand-built sample: the proposal passes with no
    finding and costs no more over the horizon."""
    out = tmp_path / "proposed.yaml"
    code, stdout, err = run(capsys, "propose", "--from", str(COMMUNITY), "--baa-signed",
                            "azure", "-o", str(out), "--format", "json", *AS_OF)
    assert code == 0, err
    proposal = json.loads(stdout)
    data = validated(out)
    assert findings(data) == []
    sample = validated(COMMUNITY)["metrics"]["cost"]["horizon_cost"]
    assert data["metrics"]["cost"]["horizon_cost"] == proposal["horizon_cost"] <= sample
    design = load_design(out).design
    start = load_design(COMMUNITY).design
    assert design.requirements == start.requirements
    assert design.placement.sites == start.placement.sites
    assert design.metadata.organisation == start.metadata.organisation
    record = design.policy.compliance
    assert record.last_dr_test == start.policy.compliance.last_dr_test
    assert record.emergency_access_procedure == start.policy.compliance.emergency_access_procedure
