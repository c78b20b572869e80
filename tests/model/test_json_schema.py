"""The published JSON Schema accepts every sample, checked by an independent validator."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import FIXTURES, SAMPLE_FILES
from workbench.model.schema import design_json_schema


def _jsonable(value):
    # YAML gives dates and datetimes; JSON Schema sees their ISO strings
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator():
    schema = design_json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_declares_draft_2020_12():
    schema = design_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["metadata", "requirements"]
    assert list(schema["properties"])[0] == "schema_version"
    json.dumps(schema)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_validate_against_the_schema(validator, path):
    data = _jsonable(yaml.safe_load(path.read_text()))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_schema_rejects_what_the_model_rejects(validator):
    data = _jsonable(yaml.safe_load(SAMPLE_FILES[0].read_text()))
    data["components"][0]["count"] = 0
    data["links"][0]["colour"] = "red"
    data["metadata"]["status"] = "done"
    paths = {tuple(e.path) for e in validator.iter_errors(data)}
    assert ("components", 0, "count") in paths
    assert ("links", 0) in paths
    assert ("metadata", "status") in paths


def test_current_fixture_validates(validator):
    path = FIXTURES / "formats" / "v1" / "community-v1.expected-v2.yaml"
    assert not list(validator.iter_errors(_jsonable(yaml.safe_load(path.read_text()))))
