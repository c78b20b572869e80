"""The ehrwb command: the contract of PRODUCT.md section 5 as far as it exists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.catalogs.test_reading import BILLION_LAUGHS
from tests.conftest import FLAGSHIP, ROOT, SAMPLE_FILES
from workbench.cli import main
from workbench.model.canonical import dump_design, fingerprint
from workbench.model.io import load_design


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_json_has_the_contract_shape(capsys):
    code, out, err = run(capsys, "validate", str(FLAGSHIP), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"design", "variant", "as_of", "summary", "findings", "metrics",
                         "approvals"}
    assert data["variant"] is None
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


def test_fmt_check_of_several_files_as_the_readme_runs_it():
    """`ehrwb fmt --check assets/samples/*.yaml`, the README's example, through the shell."""
    proc = subprocess.run(f"{sys.executable} -m workbench fmt --check assets/samples/*.yaml",
                          shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"assets/samples/{p.name}: already canonical"
                                        for p in SAMPLE_FILES]


@pytest.fixture
def four_files(tmp_path):
    """A canonical file, one that is not, broken YAML and a missing file, in that order."""
    canonical, messy = tmp_path / "canonical.yaml", tmp_path / "messy.yaml"
    shutil.copy(FLAGSHIP, canonical)
    messy.write_text(yaml.safe_dump(yaml.safe_load(FLAGSHIP.read_text()), sort_keys=True))
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 2\nmetadata: {name: x\n")
    return canonical, messy, broken, tmp_path / "missing.yaml"


def test_fmt_check_reports_every_file_and_exits_with_the_worst(capsys, four_files):
    canonical, messy, broken, missing = four_files
    before = [p.read_bytes() for p in (canonical, messy, broken)]
    code, out, err = run(capsys, "fmt", "--check", *map(str, four_files))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 4
    assert lines[0] == f"{canonical}: already canonical"
    assert lines[1] == f"{messy}: would reformat (run 'ehrwb fmt {messy}')"
    assert lines[2].startswith(f"{broken}:3:1: invalid YAML")
    assert lines[3] == f"{missing}: cannot read file: No such file or directory"
    assert [p.read_bytes() for p in (canonical, messy, broken)] == before
    # without the unreadable files the worst is a file to reformat
    assert run(capsys, "fmt", "--check", str(canonical), str(messy))[0] == 1
    assert run(capsys, "fmt", "--check", str(canonical), str(canonical))[0] == 0


def test_fmt_rewrites_every_file_it_can_and_says_which_it_could_not(capsys, four_files):
    canonical, messy, broken, missing = four_files
    broken_bytes = broken.read_bytes()
    code, _, err = run(capsys, "fmt", str(missing), str(messy), str(broken), str(canonical))
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"{missing}: cannot read file: No such file or directory"
    assert lines[1] == f"{messy}: reformatted" and lines[3] == f"{canonical}: already canonical"
    assert messy.read_text() == FLAGSHIP.read_text() and broken.read_bytes() == broken_bytes
    assert not missing.exists()


def test_fmt_formats_standard_input_alone(capsys, four_files):
    code, out, err = run(capsys, "fmt", "-", str(four_files[0]))
    assert (code, out) == (2, "")
    assert err == "ehrwb fmt: - (standard input) is formatted alone, not with other files\n"


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
    # the comments the file starts with stay above the canonical text
    header = src.read_text().split("schema_version: 1\n")[0]
    assert header.startswith("# ") and path.read_text().startswith(header + "schema_version: 2\n")


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
    assert ali["grefs_per_s"]["value"] == 7_000_000 and "assumption" in ali["grefs_per_s"]


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


# ----------------------------------------------------------------- no display
def _without_display() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def _ehrwb(*args: str, env: dict[str, str] | None = None, stdin=None, input=None,
           timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          cwd=ROOT, env=env, stdin=stdin, input=input, timeout=timeout)


def test_bare_ehrwb_without_a_display_prints_its_help():
    proc = _ehrwb(env=_without_display())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("usage: ehrwb") and proc.stderr == b""


@pytest.mark.parametrize("args", [["gui"], ["review", str(FLAGSHIP)]])
def test_the_app_without_a_display_exits_2_with_one_line(args):
    proc = _ehrwb(*args, env=_without_display())
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"ehrwb {args[0]}: no display: set DISPLAY (or " \
                                   "WAYLAND_DISPLAY) or use --screenshot\n"


def test_a_window_system_platform_without_its_display_is_no_display():
    proc = _ehrwb("gui", env=dict(_without_display(), QT_QPA_PLATFORM="xcb"))
    assert proc.returncode == 2 and b"no display" in proc.stderr


def test_screenshot_needs_no_display(monkeypatch):
    import workbench.ui.app as app

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    calls = []
    monkeypatch.setattr(app, "run", lambda catalog, path, screenshot=None, read_only=False:
                        calls.append((path, screenshot, read_only)) or 0)
    assert main(["review", "d.yaml", "--screenshot", "out.png"]) == 0
    assert calls == [("d.yaml", "out.png", True)]


# ----------------------------------------------------------------- files that are refused
def _pdf_with_design(text: bytes, *, flate_bomb: int = 0) -> bytes:
    """A small PDF carrying ``text`` as design.yaml, as an export does; with ``flate_bomb``,
    the attachment is that many bytes of zeros, compressed (about 1/1000 of the size)."""
    import io
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import EncodedStreamObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("design.yaml", text)
    if flate_bomb:
        packer = zlib.compressobj(9)
        zeros = bytes(1 << 20)
        packed = b"".join(packer.compress(zeros) for _ in range(flate_bomb >> 20))
        bomb = EncodedStreamObject()
        bomb[NameObject("/Type")] = NameObject("/EmbeddedFile")
        bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
        bomb._data = packed + packer.flush()
        spec = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
        spec["/EF"][NameObject("/F")] = writer._add_object(bomb)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def minimal_file(tmp_path, minimal) -> Path:
    path = tmp_path / "design.yaml"
    path.write_text(yaml.safe_dump(minimal, sort_keys=False))
    return path


@pytest.fixture
def pdf_file(tmp_path, minimal_file) -> Path:
    path = tmp_path / "design.pdf"
    path.write_bytes(_pdf_with_design(minimal_file.read_bytes()))
    return path


def _one_line(err: str, path: Path | str) -> str:
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"{path}:"), err
    return err


def test_a_pdf_is_read_but_never_reformatted(capsys, pdf_file):
    before = pdf_file.read_bytes()
    assert run(capsys, "validate", str(pdf_file), "--fail-on", "never")[0] == 0
    for args in (["fmt", str(pdf_file)], ["fmt", "--check", str(pdf_file)]):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == ""
        assert "is a PDF document" in _one_line(err, pdf_file)
    assert pdf_file.read_bytes() == before


@pytest.mark.parametrize("which", ["yaml", "pdf", "link"])
def test_export_onto_its_own_input_is_refused(capsys, tmp_path, minimal_file, pdf_file, which):
    source = pdf_file if which == "pdf" else minimal_file
    output = source
    if which == "link":
        output = tmp_path / "out.pdf"
        output.symlink_to(minimal_file)
    before = source.read_bytes()
    code, _, err = run(capsys, "export", str(source), "-o", str(output))
    assert code == 2 and "is the input of this export" in _one_line(err, output)
    assert source.read_bytes() == before


@pytest.mark.parametrize("content, reason", [
    (b"schema_version: 2\nmetadata: {name: other}\n", "is a design file, not a PDF"),
    (b"meeting notes\n", "exists and is not a PDF"),
])
def test_export_never_replaces_a_file_that_is_not_a_pdf(capsys, tmp_path, minimal_file,
                                                        content, reason):
    target = tmp_path / "other.yaml"
    target.write_bytes(content)
    code, _, err = run(capsys, "export", str(minimal_file), "-o", str(target))
    assert code == 2 and reason in _one_line(err, target)
    assert target.read_bytes() == content


@pytest.mark.parametrize("kind", ["fifo", "folder", "/dev/full"])
def test_export_onto_a_fifo_device_or_folder_is_refused(capsys, tmp_path, minimal_file, kind):
    target: Path
    if kind == "fifo":
        target = tmp_path / "out.pdf"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "out"
        target.mkdir()
    else:
        target = Path(kind)
        if not target.exists():
            pytest.skip("no /dev/full")
    code, _, err = run(capsys, "export", str(minimal_file), "-o", str(target))
    assert code == 2, err
    _one_line(err, target)
    if kind == "fifo":
        assert target.is_fifo()
    elif kind == "folder":
        assert target.is_dir() and not any(target.iterdir())


def test_export_and_fmt_through_a_symlink_update_the_file_it_points_to(capsys, tmp_path,
                                                                       minimal_file):
    real_pdf = tmp_path / "real.pdf"
    real_pdf.write_bytes(b"%PDF-1.4 old\n")
    link_pdf = tmp_path / "link.pdf"
    link_pdf.symlink_to(real_pdf)
    assert run(capsys, "export", str(minimal_file), "-o", str(link_pdf))[0] == 0
    assert link_pdf.is_symlink() and real_pdf.read_bytes().startswith(b"%PDF-")
    assert dump_design(load_design(real_pdf).design) == \
        dump_design(load_design(minimal_file).design)
    link_yaml = tmp_path / "link.yaml"
    link_yaml.symlink_to(minimal_file)
    assert run(capsys, "fmt", str(link_yaml))[0] == 0
    assert link_yaml.is_symlink() and run(capsys, "fmt", "--check", str(minimal_file))[0] == 0


@pytest.mark.parametrize("failing, code, reason", [
    ("fsync", 28, "No space left on device"),
    ("mkstemp", 30, "Read-only file system"),
    ("replace", 13, "Permission denied"),
])
@pytest.mark.parametrize("command", ["fmt", "export"])
def test_a_full_or_read_only_disk_is_one_line_and_the_file_is_kept(
        capsys, monkeypatch, tmp_path, minimal_file, command, failing, code, reason):
    import tempfile

    target = minimal_file if command == "fmt" else tmp_path / "out.pdf"
    if command == "export":
        target.write_bytes(b"%PDF-1.4 old\n")
    before = target.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile if failing == "mkstemp" else os, failing, fail)
    args = ["fmt", str(target)] if command == "fmt" else \
        ["export", str(minimal_file), "-o", str(target)]
    code_, _, err = run(capsys, *args)
    assert code_ == 2
    assert _one_line(err, target) == f"{target}: cannot write: {reason}\n"
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["design.yaml"] + (["out.pdf"] if command == "export" else []))


def test_fmt_keeps_a_revision_as_written(capsys, minimal_file):
    minimal_file.write_text(minimal_file.read_text().replace(
        "  name: Minimal\n", "  name: 2025\n  revision: 1.10\n  owner: 010\n"))
    assert run(capsys, "fmt", str(minimal_file))[0] == 0
    design = load_design(minimal_file).design
    assert (design.metadata.name, design.metadata.revision, design.metadata.owner) == \
        ("2025", "1.10", "010")
    assert "  revision: '1.10'\n" in minimal_file.read_text()


def test_text_that_yaml_reads_as_a_bool_is_refused_with_how_to_quote_it(capsys, minimal_file):
    minimal_file.write_text(minimal_file.read_text().replace(
        "  name: Minimal\n", "  name: Minimal\n  revision: yes\n"))
    code, _, err = run(capsys, "fmt", str(minimal_file))
    assert code == 2 and _one_line(err, minimal_file) == \
        f"{minimal_file}:4:3: metadata.revision: 'yes' is read as true; write it in quotes: " \
        "revision: 'yes'\n"


# ----------------------------------------------------------------- standard input
def test_validate_reads_standard_input(minimal_file):
    with open(minimal_file, "rb") as fh:
        proc = _ehrwb("validate", "-", "--format", "json", "--fail-on", "never", stdin=fh)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["design"]["name"] == "Minimal"


@pytest.mark.parametrize("path", ["/dev/stdin", "/dev/fd/0"])
def test_a_design_piped_through_dev_stdin_is_read(minimal_file, path):
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    proc = _ehrwb("validate", path, "--format", "json", "--fail-on", "never",
                  input=minimal_file.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["design"]["name"] == "Minimal"


def test_fmt_of_standard_input_writes_the_canonical_text(minimal_file):
    proc = _ehrwb("fmt", "-", input=minimal_file.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == dump_design(load_design(minimal_file).design).encode()


def test_broken_standard_input_is_one_line_naming_it():
    proc = _ehrwb("validate", "-", input=b"schema_version: 2\nmetadata: {name: x\n")
    assert proc.returncode == 2
    _one_line(proc.stderr.decode(), "<stdin>")


# ----------------------------------------------------------------- inputs that are not designs
@pytest.mark.parametrize("kind", ["missing", "folder", "empty folder", "symlink loop", "fifo",
                                  "/dev/null", "damaged pdf", "pdf without design",
                                  "pdf bomb", "custom tag on a mapping", "custom tag on a list",
                                  "custom tag on a scalar", "python object", "5000 digits",
                                  "4000-digit threshold"])
def test_every_way_an_input_is_wrong_is_exit_2_and_one_line(capsys, tmp_path, minimal_file,
                                                            minimal, kind):
    path = tmp_path / "input.yaml"
    text = minimal_file.read_text()
    if kind == "folder":
        path = tmp_path / "folder"
        path.mkdir()
        (path / "notes.txt").write_text("not a design\n")
    elif kind == "empty folder":
        path = tmp_path / "empty"
        path.mkdir()
    elif kind == "symlink loop":
        path.symlink_to(path)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "/dev/null":
        path = Path(kind)
    elif kind == "damaged pdf":
        path.write_bytes(_pdf_with_design(text.encode())[:400])
    elif kind == "pdf without design":
        path.write_bytes(b"%PDF-1.4\n" + b"%" * 100)
    elif kind == "pdf bomb":
        path.write_bytes(_pdf_with_design(b"", flate_bomb=100 << 20))
    elif kind == "custom tag on a mapping":
        path.write_text(text.replace("metadata:", "metadata: !design", 1))
    elif kind == "custom tag on a list":
        path.write_text(text.replace("links:", "links: !links", 1))
    elif kind == "custom tag on a scalar":
        path.write_text(text.replace("name: Minimal", "name: !name Minimal", 1))
    elif kind == "python object":
        path.write_text(text.replace("name: Minimal", "name: !!python/object:os.system x", 1))
    elif kind == "5000 digits":
        path.write_text(text.replace("concurrent_users: 500", "concurrent_users: " + "9" * 5000))
    elif kind == "4000-digit threshold":
        path.write_text(text + "policy:\n  rules:\n    THR-001: {thresholds: {limit: "
                        + "9" * 4000 + "}}\n")
    elif kind != "missing":
        raise AssertionError(kind)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and out == "", err
    _one_line(err, path)
    assert "internal error" not in err and "Traceback" not in err
    assert len(err) < len(str(path)) + 200, err  # says what is wrong, never quotes a bomb
    if kind in ("fifo", "/dev/null"):
        assert "not a regular file" in err


def test_a_damaged_pdf_is_one_line_without_the_pdf_library_warnings(tmp_path, minimal_file):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(_pdf_with_design(minimal_file.read_bytes())[:400])
    proc = _ehrwb("validate", str(path))  # a process of its own: pytest captures logging
    assert proc.returncode == 2
    assert "cannot read the PDF" in _one_line(proc.stderr.decode(), path)


def test_a_problem_repeated_many_times_is_summarised(capsys, tmp_path, minimal):
    link = minimal["links"][1]
    minimal["links"] = [dict(link) for _ in range(1000)]
    path = tmp_path / "dups.yaml"
    path.write_text(yaml.safe_dump(minimal, sort_keys=False))
    code, _, err = run(capsys, "validate", str(path))
    lines = err.splitlines()
    assert code == 2 and len(lines) == 11, err
    assert all(line.startswith(f"{path}:") and "duplicate" in line for line in lines[:10])
    assert lines[10] == "... and 989 more problems"


def test_file_text_in_messages_cannot_break_lines(capsys, tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text('schema_version: 2\n"a\\nb\\x1b[31m": 1\n"a\\nb\\x1b[31m": 2\n')
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "\x1b" not in err
    assert _one_line(err, path).endswith("duplicate key 'a\\nb\\x1b[31m'\n")


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
    files["missing"] = tmp_path / "missing.yaml"
    files["folder"] = tmp_path / "folder"
    files["folder"].mkdir()
    (files["folder"] / "notes.txt").write_text("no design here\n")
    files["empty folder"] = tmp_path / "empty-folder"
    files["empty folder"].mkdir()
    files["symlink loop"] = tmp_path / "loop.yaml"
    files["symlink loop"].symlink_to(files["symlink loop"])
    files["fifo"] = tmp_path / "fifo.yaml"
    os.mkfifo(files["fifo"])
    for device in ("/dev/zero", "/dev/urandom"):
        if os.path.exists(device):
            files[device] = Path(device)
    design = FLAGSHIP.read_text()
    files["damaged pdf"] = tmp_path / "damaged.pdf"
    files["damaged pdf"].write_bytes(_pdf_with_design(design.encode())[:2000])
    files["pdf bomb"] = tmp_path / "bomb.pdf"
    files["pdf bomb"].write_bytes(_pdf_with_design(b"", flate_bomb=100 << 20))
    for digits in (4000, 5000):
        files[f"{digits} digits"] = tmp_path / f"digits-{digits}.yaml"
        files[f"{digits} digits"].write_text(design.replace(
            "peak_grefs_per_s: ", "peak_grefs_per_s: " + "9" * digits + "#", 1))
    for where, key in (("mapping", "metadata:"), ("list", "components:"),
                       ("scalar", "revision:")):
        files[f"tag on a {where}"] = tmp_path / f"tag-{where}.yaml"
        files[f"tag on a {where}"].write_text(design.replace(key, key + " !custom", 1))
    files["python object"] = tmp_path / "python.yaml"
    files["python object"].write_text(design.replace(
        "revision:", "revision: !!python/object/apply:os.system ['true'] #", 1))
    return files


def _duplicate_link_ids(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "dups.yaml"
    text = FLAGSHIP.read_text()
    head, sep, tail = text.partition("\nlinks:\n")
    first = tail.splitlines()[0]
    assert first.startswith("- {id: ")
    path.write_text(head + sep + (first + "\n") * n + tail)
    return path


# Runs the CLI, then reports the process's own peak resident memory (VmHWM is per address
# space and starts afresh at exec, unlike ru_maxrss, which inherits the forking parent's peak).
# EHRWB_TEST_FAIL names an os function to fail with an errno, as a full or read-only disk does.
_MEASURED = """
import errno, os, sys, tempfile
failing = os.environ.get("EHRWB_TEST_FAIL")
if failing:
    name, code = failing.split(":")
    def fail(*args, **kwargs):
        raise OSError(int(code), os.strerror(int(code)))
    setattr(tempfile if name == "mkstemp" else os, name, fail)
from workbench.cli import main
rc = main(sys.argv[1:])
peak = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))
sys.stderr.write('\\nVmHWM-KB ' + peak + '\\n')
sys.exit(rc)
"""


def _measured(args: list[str], *, stdin: Path | None = None,
              fail: str | None = None) -> tuple[int, str, int]:
    """Exit code, stderr and peak memory (KB) of the CLI run in its own process, within 60 s
    (CI machines are slow; a hang, as a FIFO once caused, fails here instead)."""
    env = dict(os.environ, **({"EHRWB_TEST_FAIL": fail} if fail else {}))
    with open(stdin if stdin else os.devnull, "rb") as fh:
        proc = subprocess.run([sys.executable, "-c", _MEASURED, *args], stdin=fh, env=env,
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    err, _, peak = proc.stderr.rpartition("VmHWM-KB ")
    return proc.returncode, err.rstrip("\n") + "\n", int(peak)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_hostile_inputs_exit_2_with_one_line_and_bounded_memory(tmp_path):
    for label, path in _hostile_files(tmp_path).items():
        code, err, peak = _measured(["validate", str(path)])
        assert code == 2, (label, err)
        assert err.startswith(f"{path}:") and err.count("\n") == 1, (label, err)
        assert "Traceback" not in err and "internal error" not in err, label
        assert peak < 200 * 1024, (label, peak)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_endless_standard_input_is_read_within_the_limit(tmp_path):
    for device in ("/dev/zero", "/dev/urandom"):
        if not os.path.exists(device):
            continue
        code, err, peak = _measured(["validate", "-"], stdin=Path(device))
        assert code == 2 and err.startswith("<stdin>: ") and err.count("\n") == 1, err
        assert peak < 200 * 1024, (device, peak)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_100000_duplicate_link_ids_are_summarised(tmp_path):
    path = _duplicate_link_ids(tmp_path, 100_000)
    code, err, peak = _measured(["validate", str(path)])
    lines = err.splitlines()
    assert code == 2 and len(lines) == 11, err[:2000]
    assert all(line.startswith(f"{path}:") for line in lines[:10])
    assert lines[10] == "... and 99,990 more problems"
    assert peak < 1024 * 1024, peak  # the design itself is 7 MB of links


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_writes_on_a_full_or_read_only_disk_exit_2_with_one_line(tmp_path):
    design = tmp_path / "messy.yaml"
    design.write_text(yaml.safe_dump(yaml.safe_load(FLAGSHIP.read_text()), sort_keys=True))
    before = design.read_bytes()
    for fail in ("fsync:28", "mkstemp:30"):
        for args, target in ((["fmt", str(design)], design),
                             (["export", str(FLAGSHIP), "-o", str(tmp_path / "o.pdf")],
                              tmp_path / "o.pdf")):
            code, err, peak = _measured(args, fail=fail)
            assert code == 2 and err.startswith(f"{target}: cannot write: "), (fail, err)
            assert err.count("\n") == 1 and peak < 400 * 1024, (fail, err, peak)
    assert design.read_bytes() == before and not (tmp_path / "o.pdf").exists()
