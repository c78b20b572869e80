"""`ehrwb compare`: two or more designs, or one design's base beside its variants, as text and
JSON; and the PDF's "Alternatives considered" built from the same comparison."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from tests.conftest import FLAGSHIP, SAMPLES, without_variants
from tests.test_variants_cli import run

AS_OF = ("--as-of", "2026-11-28")
COMMUNITY = SAMPLES / "community-hospital-shared.yaml"
REGIONAL = SAMPLES / "regional-network-hybrid.yaml"  # holds no variants
# the flagship's production and DR data servers on the largest M-series VM
SHARED = """variants:
- name: on-vms
  tenancy: shared
  changes:
  - {component: odb-prod-a, sku: azure-m416bs-v3}
  - {component: odb-prod-b, sku: azure-m416bs-v3}
  - {component: odb-dr, sku: azure-m416bs-v3}
"""


@pytest.fixture
def with_variant(tmp_path):
    path = tmp_path / "flagship.yaml"
    text = without_variants(FLAGSHIP.read_text(encoding="utf-8"))
    path.write_text(text.replace("\ndecisions:\n", "\n" + SHARED + "decisions:\n", 1),
                    encoding="utf-8")
    return path


def test_one_file_compares_its_base_with_its_variants(capsys, with_variant):
    code, out, err = run(capsys, "compare", str(with_variant), *AS_OF)
    assert code == 0, err
    header = out.splitlines()[2]
    assert header.split() == ["base", "on-vms"]
    assert "Comparison judged as of 2026-11-28" in out
    assert "ceiling of the tenancy (GRefs/s)" in out and "12 M" in out and "21 M" in out
    assert "The on-vms variant (shared) is " in out
    assert "but is above its 12 M GRefs/s shared ceiling already and fails PLC-002" \
        in out
    assert "on-vms opens: PLC-002 on odb-prod-a; PLC-002 on odb-prod-b" in out


def test_json_has_ceiling_and_costs_per_variant(capsys, with_variant):
    code, out, _ = run(capsys, "compare", str(with_variant), "--format", "json", *AS_OF)
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-28"
    base, shared = data["variants"]
    assert (base["label"], shared["label"]) == ("base", "on-vms")
    assert base["ceiling"] == 21e6 and shared["ceiling"] == 12e6
    assert base["ceiling_year"] == 2033 and shared["ceiling_year"] == 2026
    for v in data["variants"]:
        assert v["monthly_cost"] > 0 and v["horizon_cost"] > 5 * 12 * v["monthly_cost"] * 0.9
    assert shared["monthly_cost"] < base["monthly_cost"]  # VMs list below ALI's stated price
    assert len(data["explanation"]) == 2


def test_several_files_the_first_is_the_baseline(capsys):
    code, out, err = run(capsys, "compare", str(FLAGSHIP), str(COMMUNITY), "--format", "json",
                         *AS_OF)
    assert code == 0, err
    labels = [v["label"] for v in json.loads(out)["variants"]]
    assert labels == [str(FLAGSHIP), str(COMMUNITY)]


def test_one_file_without_variants_says_how_to_make_one(capsys):
    code, out, err = run(capsys, "compare", str(REGIONAL))
    assert code == 2 and out == ""
    assert err.strip() == (f"ehrwb compare: {REGIONAL} holds no variants: give two or more "
                           "designs, or add one with ehrwb variant derive "
                           f"{REGIONAL} --to shared|dedicated")


def test_the_samples_show_the_decision(capsys):
    """The flagship's shared counterpart is above the shared ceiling at today's peak; the
    community hospital's dedicated hosts cost more for capacity it does not need."""
    code, out, _ = run(capsys, "compare", str(FLAGSHIP), *AS_OF)
    assert code == 0
    assert "The shared variant (shared) is 5 % cheaper" in out
    assert "but is above its 12 M GRefs/s shared ceiling already and fails PLC-002" in out
    code, out, _ = run(capsys, "compare", str(COMMUNITY), *AS_OF)
    assert code == 0
    assert "The dedicated variant (dedicated) is 5 % dearer" in out
    assert ("The base design already serves its demand past the end of its planning horizon "
            "(2031): what the dedicated variant pays for is not needed before then.") in out


def test_a_broken_file_is_an_input_error(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: [\n", encoding="utf-8")
    code, _, err = run(capsys, "compare", str(FLAGSHIP), str(bad))
    assert code == 2 and str(bad) in err and "Traceback" not in err


def test_the_pdf_sets_the_variants_side_by_side(capsys, with_variant, tmp_path):
    out = tmp_path / "d.pdf"
    code, _, err = run(capsys, "export", str(with_variant), "-o", str(out))
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    section = text.split("Alternatives considered")[2]  # after the contents page's entry
    assert "The design holds 1 variant beside its base (on-vms)" in section
    assert "ceiling of the tenancy" in section and "monthly cost" in section
    assert "The on-vms variant (shared)" in section


def test_a_pdf_without_variants_says_so_in_one_line(capsys, tmp_path):
    out = tmp_path / "d.pdf"
    assert run(capsys, "export", str(REGIONAL), "-o", str(out))[0] == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "The design holds no variants, so no alternative was set beside it." in text
