"""Schema errors name the field path and the line; wrong words get a suggestion."""

from __future__ import annotations

import pytest
import yaml

from catalogs.errors import InputError
from workbench.model.io import loads_design


def problems(doc):
    with pytest.raises(InputError) as info:
        loads_design(yaml.safe_dump(doc, sort_keys=False), "d.yaml")
    return info.value.problems


def test_wrong_type_names_field_path_and_line(minimal):
    minimal["components"][1]["count"] = "four"
    (p,) = problems(minimal)
    assert p.path == "components[1].count" and p.line is not None
    assert "integer" in p.message


def test_misspelt_field_suggests_the_real_one(minimal):
    minimal["components"][0]["secuirty"] = {}
    (p,) = problems(minimal)
    assert p.path == "components[0].secuirty"
    assert p.message == "unknown field (did you mean 'security'?)"


def test_misspelt_alias_field(minimal):
    minimal["links"][0]["form"] = minimal["links"][0].pop("from")
    msgs = [p.message for p in problems(minimal)]
    assert "unknown field (did you mean 'from'?)" in msgs
    assert "required field is missing" in msgs


def test_bad_choice_suggests_nearest(minimal):
    minimal["requirements"]["survivable_failure_domain"] = "zones"
    (p,) = problems(minimal)
    assert p.path == "requirements.survivable_failure_domain"
    assert "got 'zones'" in p.message and "(did you mean 'zone'?)" in p.message


def test_missing_required_section(minimal):
    del minimal["requirements"]
    (p,) = problems(minimal)
    assert p.path == "requirements" and p.message == "required field is missing"


def test_negative_and_out_of_range_values(minimal):
    minimal["requirements"]["peak_grefs_per_s"] = -5
    minimal["requirements"]["availability_target_pct"] = 100.5
    paths = {p.path for p in problems(minimal)}
    assert paths == {"requirements.peak_grefs_per_s", "requirements.availability_target_pct"}


def test_bad_id_characters(minimal):
    minimal["components"][0]["id"] = "odb prod!"
    (p,) = problems(minimal)
    assert p.path == "components[0].id" and "pattern" in p.message


def test_bad_rule_id_in_policy(minimal):
    minimal["policy"] = {"rules": {"THR-1": {"enabled": False}}}
    (p,) = problems(minimal)
    assert p.path.startswith("policy.rules")


def test_missing_schema_version(minimal):
    del minimal["schema_version"]
    (p,) = problems(minimal)
    assert "missing 'schema_version'" in p.message


def test_newer_schema_version(minimal):
    minimal["schema_version"] = 99
    (p,) = problems(minimal)
    assert "newer workbench" in p.message and p.line == 1


def test_non_numeric_schema_version(minimal):
    minimal["schema_version"] = "two"
    (p,) = problems(minimal)
    assert "whole number" in p.message


def test_nan_is_refused(minimal):
    text = yaml.safe_dump(minimal, sort_keys=False).replace("odb_size_tb: 4", "odb_size_tb: .nan")
    with pytest.raises(InputError) as info:
        loads_design(text, "d.yaml")
    assert info.value.problems[0].path == "requirements.odb_size_tb"
