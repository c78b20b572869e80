"""The ehrwb command: the contract of PRODUCT.md section 5 as far as it exists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import FLAGSHIP, ROOT, SAMPLE_FILES
from tests.model.test_source import BILLION_LAUGHS
from workbench.cli import main
from workbench.model.canonical import fingerprint
from workbench.model.io import load_design


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_has_the_contract_shape(capsys):
    code, out, err = run(capsys, "validate", str(FLAGSHIP), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "summary", "findings", "metrics"}
    assert data["design"]["name"] == "Academic Medical Center - Epic on Azure Large Instances"
    assert data["design"]["fingerprint"] == fingerprint(load_design(FLAGSHIP).design)
    assert set(data["summary"]) == {"error", "warning", "info", "waived"}
    assert isinstance(data["findings"], list)
    m = data["metrics"]
    assert m["components"] == 58 and m["regions"] == 2 and m["zones"] == 6
    assert m["dedicated_instances"] + m["shared_instances"] == m["instances"]


def test_validate_text_prints_the_fingerprint(capsys):
    code, out, _ = run(capsys, "validate", str(FLAGSHIP))
    assert code == 0
    assert f"fingerprint {fingerprint(load_design(FLAGSHIP).design)}" in out


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_validates_and_is_canonical(capsys, path):
    expected = 1 if path.stem == "flawed-design" else 0
    assert run(capsys, "validate", str(path), "--format", "json")[0] == expected
    code, _, err = run(capsys, "fmt", "--check", str(path))
    assert code == 0 and "already canonical" in err


def test_validate_broken_yaml_exits_2_with_location(capsys, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("schema_version: 2\nmetadata: {name: x\n")
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2 and out == ""
    assert err.startswith(f"{bad}:") and "invalid YAML" in err
    assert "Traceback" not in err


def test_validate_schema_error_exits_2_with_field_path(capsys, tmp_path):
    data = yaml.safe_load(FLAGSHIP.read_text())
    data["components"][3]["count"] = "many"
    bad = tmp_path / "typed.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False))
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2 and "components[3].count" in err


def test_validate_cross_reference_error_exits_2(capsys, tmp_path):
    text = FLAGSHIP.read_text().replace("sku: azure-ali-s448se", "sku: azure-ali-s448", 1)
    bad = tmp_path / "xref.yaml"
    bad.write_text(text)
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert "unknown SKU 'azure-ali-s448' (did you mean 'azure-ali-s448se'?)" in err


def test_fail_on_thresholds(capsys, monkeypatch):
    from validators import report

    finding = report.Finding("THR-001", "warning", ("odb-prod-a",), "m")
    original = report.Report.summary

    def with_warning(self):
        self.findings = [finding]
        return original(self)

    monkeypatch.setattr(report.Report, "summary", with_warning)
    assert run(capsys, "validate", str(FLAGSHIP))[0] == 0
    assert run(capsys, "validate", str(FLAGSHIP), "--fail-on", "warning")[0] == 1
    assert run(capsys, "validate", str(FLAGSHIP), "--fail-on", "never")[0] == 0


def test_fmt_rewrites_and_is_idempotent(capsys, tmp_path):
    data = yaml.safe_load(FLAGSHIP.read_text())
    messy = tmp_path / "messy.yaml"
    messy.write_text(yaml.safe_dump(data, sort_keys=True, indent=4))
    assert run(capsys, "fmt", "--check", str(messy))[0] == 1
    code, _, err = run(capsys, "fmt", str(messy))
    assert code == 0 and "reformatted" in err
    assert messy.read_text() == FLAGSHIP.read_text()
    assert run(capsys, "fmt", "--check", str(messy))[0] == 0
    assert run(capsys, "fmt", str(messy))[0] == 0 and messy.read_text() == FLAGSHIP.read_text()


def test_fmt_keeps_files_with_dangling_references(capsys, tmp_path):
    text = FLAGSHIP.read_text().replace("to: er-gw-east", "to: er-gw-eats", 1)
    path = tmp_path / "dangling.yaml"
    path.write_text(text)
    assert run(capsys, "fmt", "--check", str(path))[0] == 0
    assert run(capsys, "validate", str(path))[0] == 2


def test_fmt_migrates_old_versions(capsys, tmp_path):
    src = ROOT / "tests" / "fixtures" / "formats" / "v1" / "community-v1.yaml"
    path = tmp_path / "old.yaml"
    shutil.copy(src, path)
    code, _, err = run(capsys, "fmt", str(path))
    assert code == 0 and "migrated from schema_version 1" in err
    assert path.read_text().startswith("schema_version: 2\n")


def test_schema_command_prints_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")
    assert "Component" in schema["$defs"]


def test_catalog_command_formats(capsys):
    code, out, _ = run(capsys, "catalog")
    assert code == 0 and "| azure-ali-s224se |" in out and "## Assumptions" in out
    code, out, _ = run(capsys, "catalog", "--format", "json")
    data = json.loads(out)
    ali = next(s for s in data["skus"] if s["id"] == "azure-ali-s224se")
    assert ali["grefs_per_s"]["value"] == 13_611_000 and "assumption" in ali["grefs_per_s"]


def test_catalog_option_adds_user_folder(capsys):
    user = ROOT / "tests" / "fixtures" / "catalog-user"
    code, out, _ = run(capsys, "--catalog", str(user), "catalog", "--format", "json")
    assert code == 0 and any(s["id"] == "onprem-hcg-db-server" for s in json.loads(out)["skus"])


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for command in ("gui", "validate", "scenarios", "fmt", "schema", "rules", "catalog"):
        assert command in out


def test_no_command_opens_the_app_on_the_flagship(monkeypatch):
    import workbench.ui.app as app

    calls = []
    monkeypatch.setattr(app, "run", lambda catalog, path, screenshot=None, read_only=False:
                        calls.append((path, screenshot)) or 0)
    assert main([]) == 0
    assert calls == [(None, None)]


def test_internal_errors_are_one_line(capsys, monkeypatch):
    import workbench.cli as cli

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setitem(cli._COMMANDS, "schema", broken)
    code, _, err = run(capsys, "schema")
    assert code == 3 and err.strip() == "ehrwb: internal error: KeyError: 'boom'"


# ----------------------------------------------------------------- hostile input, real processes
def _hostile_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["billion-laughs"] = tmp_path / "lol.yaml"
    files["billion-laughs"].write_text(BILLION_LAUGHS)
    files["50 MB"] = tmp_path / "huge.yaml"
    with open(files["50 MB"], "wb") as fh:
        chunk = b"- {id: x, name: padding padding padding padding padding padding}\n" * 16384
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    files["binary junk"] = tmp_path / "junk.yaml"
    files["binary junk"].write_bytes(os.urandom(1 << 20))
    files["empty"] = tmp_path / "empty.yaml"
    files["empty"].write_bytes(b"")
    return files


# Runs the CLI, then reports the process's own peak resident memory (VmHWM is per address
# space and starts afresh at exec, unlike ru_maxrss, which inherits the forking parent's peak).
_MEASURED = """
import sys
from workbench.cli import main
rc = main(sys.argv[1:])
peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))
sys.stderr.write('\\nVmHWM-KB ' + peak + '\\n')
sys.exit(rc)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_hostile_inputs_exit_2_quickly_with_bounded_memory(tmp_path):
    for label, path in _hostile_files(tmp_path).items():
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-c", _MEASURED, "validate", str(path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
        elapsed = time.monotonic() - start
        err, _, peak = proc.stderr.rpartition("VmHWM-KB ")
        assert proc.returncode == 2, (label, proc.stderr)
        assert err.startswith(str(path)), (label, err)
        assert "Traceback" not in err, label
        assert elapsed < 5, (label, elapsed)
        assert int(peak) < 200 * 1024, (label, peak)
