"""Every catalog figure is range-checked: a user's catalog folder cannot feed the analysis a
negative rating, an SLA of 250 %, a NaN, a null calibration value or a zero divisor; and only
regular files in a catalog folder are read (a FIFO or device named *.yaml is refused)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import typing

import pytest

from catalogs import load_catalog
from catalogs.errors import InputError
from catalogs.models import Assumptions, Calibration, Cpu, Range, Sku, Sla, StorageTier
from tests.conftest import ROOT, SAMPLE_FILES
from workbench.cli import main

SAMPLE = str(SAMPLE_FILES[0])

SKU = """\
skus:
  - id: my-db-server
    name: My database server
    provider: on-premises
    category: compute
    classes: [database-server]
    tenancy: dedicated
    kind: bare-metal
    service: customer-premises
    source: "our load test"
    cpu: {model: Xeon, generation: sapphire-rapids, cores: 64}
"""


def _validate(tmp_path, text, capsys, name="mine.yaml", design=SAMPLE):
    """Exit code and stderr of `ehrwb --catalog DIR validate DESIGN` with ``text`` in DIR."""
    (tmp_path / name).write_text(textwrap.dedent(text))
    code = main(["--catalog", str(tmp_path), "validate", design])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("line, path, text", [
    (12, "skus[0].grefs_per_s", "grefs_per_s: -5000000"),
    (12, "skus[0].grefs_per_s", "grefs_per_s: .nan"),
    (12, "skus[0].grefs_per_s", "grefs_per_s: .inf"),
    (12, "skus[0].grefs_per_s", "grefs_per_s: 1.0e+30"),
    (13, "skus[0].sla.single", "sla:\n      single: 250"),
    (13, "skus[0].sla.zones", "sla:\n      zones: 100"),
    (12, "skus[0].memory_gb", "memory_gb: 0"),
    (12, "skus[0].users_per_host", "users_per_host: -3"),
])
def test_a_sku_figure_out_of_range_is_refused_with_file_line_and_field(tmp_path, capsys, line,
                                                                       path, text):
    code, err = _validate(tmp_path, SKU + "    " + text + "\n", capsys)
    assert code == 2, err
    assert f"mine.yaml:{line}:" in err and path in err, err
    assert "internal error" not in err


def test_the_message_states_the_range(tmp_path, capsys):
    code, err = _validate(tmp_path, SKU + "    sla: {single: 250}\n", capsys)
    assert code == 2
    assert "skus[0].sla.single: must be more than 0 and less than 100 (percent); got 250" in err


def test_a_nan_figure_written_as_a_mapping_is_refused(tmp_path, capsys):
    code, err = _validate(tmp_path, SKU + "    grefs_per_s: {value: .nan, assumption: x}\n",
                          capsys)
    assert code == 2 and "mine.yaml:12:" in err and "skus[0].grefs_per_s" in err, err


def test_cpu_cores_have_an_upper_bound(tmp_path, capsys):
    code, err = _validate(tmp_path, SKU.replace("cores: 64", "cores: 1000000"), capsys)
    assert code == 2 and "skus[0].cpu.cores" in err, err


@pytest.mark.parametrize("text, path", [
    ("calibration:\n  reference_grefs_per_core: {value: null, source: x}",
     "calibration.reference_grefs_per_core.value"),
    ("calibration:\n  reference_grefs_per_core: {value: -97222, source: x}",
     "calibration.reference_grefs_per_core"),
    ("calibration:\n  large_host_factor: {value: 1.5, assumption: x}",
     "calibration.large_host_factor"),
    ("calibration:\n  large_host_cores: 0", "calibration.large_host_cores"),
    ("calibration:\n  generation_factor:\n    haswell: {value: 0, source: x}",
     "calibration.generation_factor.haswell"),
])
def test_a_bad_calibration_value_is_refused(tmp_path, capsys, text, path):
    code, err = _validate(tmp_path, text, capsys)
    assert code == 2 and "mine.yaml:" in err and path in err, err
    assert "internal error" not in err


@pytest.mark.parametrize("name, value", [
    ("client_bandwidth_kbps_per_user", 0),
    ("client_bandwidth_kbps_per_user", -150),
    ("shared_tenancy_derating", 0),
    ("shared_tenancy_derating", 1.2),
    ("journal_mb_s_per_million_grefs", -4),
    ("ecp_scaleout_factor", 0),
    ("platform_grefs_ceiling", 0),
    ("async_replication_lag_seconds", -1),
    ("dr_min_distance_km", ".nan"),
])
def test_a_bad_catalog_assumption_is_refused(tmp_path, capsys, name, value):
    code, err = _validate(tmp_path, f"assumptions:\n  {name}: {{value: {value}, "
                          "assumption: x}\n", capsys)
    assert code == 2, err
    assert "mine.yaml:2:" in err and f"assumptions.{name}" in err, err


def _figure_fields(model):
    """(field, annotation) of every Figure-valued field of ``model`` and of models inside it."""
    for name, info in model.model_fields.items():
        text = str(info.annotation)
        if "Figure" in text:
            yield f"{model.__name__}.{name}", info
        for sub in (Cpu, Sla):
            if sub.__name__ in text:
                yield from _figure_fields(sub)


@pytest.mark.parametrize("model", [Sku, StorageTier, Calibration, Assumptions])
def test_every_figure_field_states_its_range(model):
    for where, info in _figure_fields(model):
        ranges = [m for a in typing.get_args(info.annotation) or [info.annotation]
                  for t in [a, *typing.get_args(a)] for m in getattr(t, "__metadata__", ())]
        ranges += list(info.metadata)
        assert any(isinstance(getattr(m, "func", None), Range) for m in ranges), where


def test_every_assumption_has_a_range():
    for name in Assumptions.model_fields:
        assert isinstance(Assumptions.range_of(name), Range), name


def test_every_builtin_figure_lies_in_its_range(catalog):
    # the bundled catalog loads (it would raise otherwise); ranges leave room above its figures
    for name in Assumptions.model_fields:
        value = getattr(catalog.assumptions, name).value
        rng = Assumptions.range_of(name)
        assert rng.low < value < rng.high, name


def test_the_user_fixture_catalog_still_loads():
    from tests.conftest import FIXTURES

    cat = load_catalog([FIXTURES / "catalog-user"], use_setting=False)
    assert cat.assumptions.shared_tenancy_derating.value == 0.7


# ---- only regular files ----------------------------------------------------------------------
def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, so that a hang fails the test instead of blocking the suite."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EHRWB_CATALOG_PATH", None)
    return subprocess.run([sys.executable, "-m", "workbench.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_yaml_in_a_catalog_folder_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "x.yaml")
    result = _run_cli("--catalog", str(tmp_path), "validate", SAMPLE)
    assert result.returncode == 2, result.stderr
    assert "x.yaml" in result.stderr and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_named_yaml_in_a_catalog_folder_is_refused_at_once(tmp_path):
    (tmp_path / "x.yaml").symlink_to("/dev/zero")
    result = _run_cli("--catalog", str(tmp_path), "validate", SAMPLE)
    assert result.returncode == 2, result.stderr
    assert "x.yaml" in result.stderr and "not a regular file" in result.stderr


def test_a_folder_or_dangling_link_named_yaml_is_refused(tmp_path):
    (tmp_path / "a.yaml").mkdir()
    (tmp_path / "b.yaml").symlink_to(tmp_path / "missing")
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    messages = {os.path.basename(p.file or ""): p.message for p in info.value.problems}
    assert messages["a.yaml"] == "not a regular file", messages
    assert "b.yaml" in messages, messages
