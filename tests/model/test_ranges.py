"""Numbers in a design are bounded: every integer and float field has a stated upper bound,
``policy.assumptions`` takes each assumption's catalog range, and a 4,000-digit integer is a
located validation error (exit 2), never an OverflowError deep in the analysis."""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from benchmarks.synthetic import synthetic_design
from catalogs.errors import InputError
from catalogs.models import Assumptions
from tests.conftest import SAMPLE_FILES
from workbench.cli import main
from workbench.model.design import Design, Policy
from workbench.model.io import loads_design

COMMUNITY = next(p for p in SAMPLE_FILES if p.name == "community-hospital-shared.yaml")


def _numeric_fields(model: type[BaseModel], where: str = "", seen: set[type] | None = None):
    """(path, FieldInfo) of every int or float field reachable from ``model``."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        for tp in _leaves(info.annotation):
            if tp in (int, float):
                yield f"{where}{name}", info
            elif isinstance(tp, type) and issubclass(tp, BaseModel):
                yield from _numeric_fields(tp, f"{where}{name}.", seen)


def _leaves(tp):
    args = typing.get_args(tp)
    if typing.get_origin(tp) is typing.Annotated:
        yield from _leaves(args[0])
    elif args:
        for a in args:
            yield from _leaves(a)
    else:
        yield tp


def _bounds(info):
    return [m for m in info.metadata if isinstance(m, (Le, Lt, Ge, Gt))]


def test_every_number_in_the_design_has_an_upper_bound():
    fields = dict(_numeric_fields(Design))
    assert "requirements.peak_grefs_per_s" in fields and "layout.positions.x" in fields
    unbounded = [path for path, info in fields.items()
                 if not any(isinstance(m, (Le, Lt)) for m in _bounds(info))]
    # dicts of numbers whose validators or value types bound each value (tested below)
    assert sorted(unbounded) == ["policy.assumptions", "policy.rules.thresholds",
                                 "requirements.sizing.servers"]


def test_guide_server_counts_are_bounded():
    from workbench.model.design import Sizing

    assert Sizing(source="HCG", date="2026-01-01", servers={"ecp-app-server": 100_000})
    with pytest.raises(ValueError, match="less than or equal to 100000"):
        Sizing(source="HCG", date="2026-01-01", servers={"ecp-app-server": 100_001})


def test_upper_bounds_keep_float_arithmetic_finite():
    for path, info in _numeric_fields(Design):
        for m in _bounds(info):
            if isinstance(m, (Le, Lt)):
                high = m.le if isinstance(m, Le) else m.lt
                assert high <= 1e12, path  # far from float overflow even when multiplied


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "design.yaml"
    path.write_text(text)
    return str(path)


def _with_assumptions(tmp_path, assumptions: dict) -> str:
    doc = yaml.safe_load(COMMUNITY.read_text())
    doc.setdefault("policy", {})["assumptions"] = assumptions
    return _write(tmp_path, yaml.safe_dump(doc, sort_keys=False))


@pytest.mark.parametrize("name, value", [
    ("client_bandwidth_kbps_per_user", 0),
    ("client_bandwidth_kbps_per_user", -150),
    ("shared_tenancy_derating", 0),
    ("shared_tenancy_derating", -0.5),
    ("shared_tenancy_derating", 2),
    ("journal_mb_s_per_million_grefs", 0),
    ("ecp_scaleout_factor", -3),
    ("platform_grefs_ceiling", 0),
    ("sync_failover_rto_minutes", -2),
])
def test_a_bad_design_assumption_is_a_located_input_error(tmp_path, capsys, name, value):
    path = _with_assumptions(tmp_path, {name: value})
    code = main(["validate", path])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(rf"design\.yaml:\d+:\d+: policy\.assumptions\.{name}: must be ", err), err
    assert "internal error" not in err


def test_the_design_assumption_message_names_the_range(tmp_path, capsys):
    path = _with_assumptions(tmp_path, {"client_bandwidth_kbps_per_user": 0})
    assert main(["validate", path]) == 2
    err = capsys.readouterr().err
    rng = Assumptions.range_of("client_bandwidth_kbps_per_user")
    assert f"must be more than 0 and at most {rng.high:,.0f}" in err and "got 0" in err, err


def test_a_good_design_assumption_still_applies(tmp_path, capsys):
    path = _with_assumptions(tmp_path, {"shared_tenancy_derating": 0.5})
    assert main(["validate", path]) in (0, 1), capsys.readouterr().err


def test_an_unknown_assumption_name_is_still_refused(minimal):
    import yaml as y

    minimal["policy"] = {"assumptions": {"client_bandwith": 150}}
    with pytest.raises(InputError, match="did you mean 'client_bandwidth_kbps_per_user'"):
        loads_design(y.safe_dump(minimal), "d.yaml")


def test_assignment_of_a_bad_assumption_is_refused():
    policy = Policy()
    with pytest.raises(ValueError, match="policy|must be more than 0"):
        policy.assumptions = {"client_bandwidth_kbps_per_user": 0.0}


@pytest.mark.parametrize("key", ["peak_grefs_per_s", "concurrent_users", "odb_size_tb"])
def test_a_4000_digit_integer_in_the_requirements_is_a_located_error(tmp_path, capsys, key):
    text = COMMUNITY.read_text()
    text, n = re.subn(rf"(?m)^(  {key}:) .*$", r"\1 " + "9" * 4000, text)
    assert n == 1
    code = main(["validate", _write(tmp_path, text)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(rf"design\.yaml:\d+:\d+: requirements\.{key}: ", err), err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err


@pytest.mark.parametrize("where, value", [
    ("threshold", 10**400),
    ("iops", 10**12),
    ("retention_days", 10**6),
    ("users_per_host", 10**9),
])
def test_huge_integers_elsewhere_are_refused(minimal, where, value):
    if where == "threshold":
        minimal["policy"] = {"rules": {"THR-001": {"thresholds": {"limit": value}}}}
    elif where == "iops":
        minimal["components"][0]["storage"] = {"tier": "ali-netapp-flash", "size_tb": 4,
                                               "iops": value}
    elif where == "retention_days":
        minimal["components"][0]["security"] = {"backup_policy": {"retention_days": value}}
    else:
        minimal["components"][0]["overrides"] = {"users_per_host": value}
    with pytest.raises(InputError) as info:
        loads_design(yaml.safe_dump(minimal), "d.yaml")
    (problem,) = info.value.problems
    assert problem.line is not None and problem.path


def test_the_samples_and_the_benchmark_design_are_within_bounds():
    for path in SAMPLE_FILES:
        loads_design(path.read_text(), path.name)
    assert len(synthetic_design(10_000).components) == 10_000
