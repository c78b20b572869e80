"""--variant on validate, scenarios and export, and `ehrwb variant derive`, through the command
line on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FLAGSHIP, SAMPLES, without_variants
from workbench.cli import main
from workbench.model.canonical import dump_design, fingerprint
from workbench.model.io import load_design
from workbench.model.variants import apply_variant, variant_fingerprint

AS_OF = ("--as-of", "2026-11-28")
COMMUNITY = SAMPLES / "community-hospital-shared.yaml"
REGIONAL = SAMPLES / "regional-network-hybrid.yaml"
VARIANTS = """variants:
- name: shared
  tenancy: shared
  description: the reporting shadow on an M-series VM
  changes:
  - {component: odb-rpt, sku: azure-m176bds-4-v3, storage: {tier: azure-netapp-files-ultra}}
- name: more-citrix
  changes:
  - {component: citrix-east-z1, count: 300}
"""


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def flagship(tmp_path):
    path = tmp_path / "flagship.yaml"
    path.write_text(without_variants(FLAGSHIP.read_text(encoding="utf-8")) + VARIANTS,
                    encoding="utf-8")
    return path


def test_the_file_with_variants_is_canonical_and_keeps_the_base_fingerprint(capsys, flagship):
    # appended at the end, the section moves to its place after the links, as written
    assert run(capsys, "fmt", "--check", str(flagship))[0] == 1
    assert run(capsys, "fmt", str(flagship))[0] == 0
    text = flagship.read_text(encoding="utf-8")
    assert text.index("\nlinks:") < text.index("\nvariants:") < text.index("\ndecisions:")
    assert VARIANTS in text
    code, _, err = run(capsys, "fmt", "--check", str(flagship))
    assert code == 0 and "already canonical" in err
    code, out, _ = run(capsys, "validate", str(flagship), "--format", "json", *AS_OF)
    data = json.loads(out)
    assert data["variant"] is None
    assert data["design"]["fingerprint"] == fingerprint(load_design(FLAGSHIP).design)


def test_validate_a_variant_analyses_the_applied_design(capsys, flagship):
    code, out, err = run(capsys, "validate", str(flagship), "--variant", "shared", "--format",
                         "json", *AS_OF)
    assert code == 0, err
    data = json.loads(out)
    design = load_design(flagship).design
    assert data["variant"] == "shared"
    assert data["design"]["fingerprint"] == variant_fingerprint(design, "shared")
    assert data["design"]["fingerprint"] != fingerprint(design)
    # one instance moved from dedicated to shared (odb-rpt)
    _, base_out, _ = run(capsys, "validate", str(flagship), "--format", "json", *AS_OF)
    base = json.loads(base_out)["metrics"]
    assert data["metrics"]["dedicated_instances"] == base["dedicated_instances"] - 1
    # the presentation tier of the other variant has 140 more hosts (300 in place of 160)
    _, out, _ = run(capsys, "validate", str(flagship), "--variant", "more-citrix", "--format",
                    "json", *AS_OF)
    assert json.loads(out)["metrics"]["instances"] == base["instances"] + 140


def test_validate_text_and_sarif_say_the_variant(capsys, flagship):
    _, out, _ = run(capsys, "validate", str(flagship), "--variant", "shared", *AS_OF)
    assert out.splitlines()[0] == ("Academic Medical Center - Epic on Azure Large Instances, "
                                   f"variant shared  ({flagship})")
    _, out, _ = run(capsys, "validate", str(flagship), "--variant", "shared", "--format",
                    "sarif", *AS_OF)
    assert json.loads(out)["runs"][0]["properties"]["variant"] == "shared"
    _, out, _ = run(capsys, "validate", str(flagship), "--format", "sarif", *AS_OF)
    assert json.loads(out)["runs"][0]["properties"]["variant"] is None


def test_an_unknown_variant_is_exit_2_in_one_line_listing_the_variants(capsys, flagship):
    for command in (["validate"], ["scenarios"], ["export", "-o", str(flagship) + ".pdf"]):
        code, out, err = run(capsys, *command, str(flagship), "--variant", "dedicated")
        assert (code, out) == (2, "")
        assert err == (f"{flagship}: --variant: no variant 'dedicated'; the file holds shared, "
                       "more-citrix\n")
    code, _, err = run(capsys, "validate", str(REGIONAL), "--variant", "shared")
    assert code == 2 and err.endswith("the file holds no variants\n")


def test_scenarios_of_a_variant(capsys, flagship):
    code, out, _ = run(capsys, "scenarios", str(flagship), "--variant", "more-citrix",
                       "--format", "json", *AS_OF)
    assert code == 0
    data = json.loads(out)
    assert data["variant"] == "more-citrix"
    _, base, _ = run(capsys, "scenarios", str(flagship), "--format", "json", *AS_OF)
    assert json.loads(base)["variant"] is None
    _, text, _ = run(capsys, "scenarios", str(flagship), "--variant", "more-citrix", *AS_OF)
    assert text.splitlines()[0].endswith(f", variant more-citrix  ({flagship})")


def test_export_of_a_variant_says_it_and_attaches_the_applied_design(capsys, flagship,
                                                                     tmp_path):
    pdf = tmp_path / "shared.pdf"
    code, _, err = run(capsys, "export", str(flagship), "--variant", "shared", "-o", str(pdf),
                       *AS_OF)
    assert code == 0, err
    applied = apply_variant(load_design(flagship).design, "shared")
    assert dump_design(load_design(pdf).design) == dump_design(applied)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Variant shared" in text and variant_fingerprint(load_design(flagship).design,
                                                            "shared") in text.replace("\n", "")


def test_derive_shared_from_the_flagship_adds_the_variant_and_says_what_it_could_not_map(
        capsys, tmp_path):
    path = tmp_path / "flagship.yaml"
    shutil.copy(FLAGSHIP, path)
    before = load_design(path).design
    code, out, err = run(capsys, "variant", "derive", str(path), "--to", "shared")
    assert code == 0, err
    assert err == f"{path}: written, variant 'shared' (shared)\n"
    lines = out.splitlines()
    assert lines[0] == (f"{path}: variant 'shared' (dedicated -> shared): 5 components mapped, "
                        "0 not mapped")
    assert any(line.startswith("  odb-prod-a: azure-ali-s448se -> azure-m416bs-v3 (the largest "
                               "shared database SKU of azure") for line in lines[1:])
    assert "MAPPED, BUT THE VARIANT WILL NOT PASS (ehrwb compare shows by how much):" in lines
    assert "  odb-prod-a: peak demand 14 M GRefs/s is above the shared-tenancy ceiling 12 M " \
        "GRefs/s (catalog assumption shared_tenancy_grefs_ceiling): the variant fails PLC-002" \
        in lines
    after = load_design(path).design
    assert [v.name for v in after.variants] == ["shared"]
    assert after.variants[0].tenancy == "shared"
    # the base is as it was, and the file is canonical
    assert fingerprint(after) == fingerprint(before)
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    code, out, _ = run(capsys, "validate", str(path), "--variant", "shared", *AS_OF)
    assert code == 1 and "PLC-002" in out  # as the report said: above the shared ceiling
    # derived again under the same name: replaced, not added
    assert run(capsys, "variant", "derive", str(path), "--to", "shared")[0] == 0
    assert [v.name for v in load_design(path).design.variants] == ["shared"]


def test_derive_dedicated_from_the_community_hospital_to_another_file(capsys, tmp_path):
    out_file = tmp_path / "dedicated.yaml"
    code, out, err = run(capsys, "variant", "derive", str(COMMUNITY), "--to", "dedicated",
                         "--name", "single-tenant", "-o", str(out_file))
    assert code == 0, err
    assert "variant 'single-tenant' (shared -> dedicated)" in out.splitlines()[0]
    assert "  citrix-z1: azure-d16s-v5: no dedicated SKU of azure in the catalog states how " \
           "many users a host carries" in out
    counterpart = load_design(out_file).design
    base = load_design(COMMUNITY).design
    assert counterpart.variants == []
    odb = next(c for c in counterpart.components if c.id == "odb-a")
    assert odb.sku == "azure-dedicated-host-edsv5-type1"
    assert next(c for c in base.components if c.id == "odb-a").sku == "azure-e64bds-v5"
    assert run(capsys, "fmt", "--check", str(out_file))[0] == 0


def test_derive_refusals_are_exit_2_in_one_line(capsys, tmp_path):
    path = tmp_path / "regional.yaml"
    shutil.copy(REGIONAL, path)
    original = path.read_bytes()
    code, out, err = run(capsys, "variant", "derive", str(path), "--to", "shared", "-o",
                         str(path))
    assert (code, out) == (2, "") and err.startswith(f"{path}: is the input of ehrwb variant")
    code, _, err = run(capsys, "variant", "derive", str(COMMUNITY), "--to", "shared", "-o",
                       str(tmp_path / "x.yaml"))
    assert code == 2 and err.count("\n") == 1 and "nothing to map to shared" in err
    code, _, err = run(capsys, "variant", "derive", "-", "--to", "shared")
    assert code == 2 and "give -o OUT" in err
    assert path.read_bytes() == original


def test_derive_as_a_process():
    result = subprocess.run([sys.executable, "-m", "workbench", "variant", "derive",
                             str(REGIONAL), "--to", "bare-metal"], capture_output=True,
                            text=True)
    assert result.returncode == 2 and "invalid choice: 'bare-metal'" in result.stderr
