"""Scalars round-trip exactly as written, or are refused with a message that says how to quote
them: YAML reads `1.10` as the number 1.1, `010` as 8, `yes` as true and `2024-01-01` as a
date, which must never silently change a revision, a name or a note."""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogs.errors import InputError
from tests.conftest import MINIMAL
from workbench.model.canonical import dump_design
from workbench.model.io import loads_design


def _design_text(**metadata: str) -> str:
    """MINIMAL with the metadata values written as given, unquoted."""
    data = copy.deepcopy(MINIMAL)
    data["metadata"] = {"name": "NAME"}
    text = yaml.safe_dump(data, sort_keys=False)
    lines = "".join(f"  {key}: {value}\n" for key, value in metadata.items() if key != "name")
    return text.replace("  name: NAME\n", f"  name: {metadata.get('name', 'Minimal')}\n" + lines)


def _round_trip(text: str):
    design = loads_design(text, "d.yaml", check=False).design
    again = loads_design(dump_design(design), "again.yaml", check=False).design
    assert dump_design(again) == dump_design(design)
    return design


@pytest.mark.parametrize("written", ["1.10", "010", "0x1F", "1_000", "+5", "1:30", ".5",
                                     "2.50", "1.0e+3", ".inf", "-.inf", ".nan", "3",
                                     "3.0", "99999999999999999"])
def test_numbers_in_text_fields_keep_their_text(written):
    design = _round_trip(_design_text(name=written, revision=written, owner=written))
    assert design.metadata.name == written
    assert design.metadata.revision == written and design.metadata.owner == written


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.from_regex(r"\A[0-9]{1,4}\.[0-9]{0,3}0\Z"),
                 st.from_regex(r"\A0[0-7]{1,6}\Z"),
                 st.from_regex(r"\A[1-9][0-9]{0,2}(_[0-9]{3}){1,3}\Z"),
                 st.from_regex(r"\A[+-][0-9]{1,8}(\.[0-9]{1,4})?\Z"),
                 st.floats(allow_nan=False, allow_infinity=False).map(repr)))
def test_any_number_written_as_a_revision_survives_a_round_trip(written):
    design = _round_trip(_design_text(revision=written))
    assert design.metadata.revision == written


def test_numbers_in_numeric_fields_are_plain_numbers():
    text = _design_text().replace("odb_size_tb: 4", "odb_size_tb: 4.50").replace(
        "peak_grefs_per_s: 1000000", "peak_grefs_per_s: 1_000_000")
    design = _round_trip(text + "policy:\n  rules:\n    THR-001: {thresholds: {limit: 0.50}}\n")
    assert type(design.requirements.odb_size_tb) is float
    assert design.requirements.odb_size_tb == 4.5
    assert type(design.requirements.peak_grefs_per_s) is int
    assert type(design.policy.rules["THR-001"].thresholds["limit"]) is float
    assert "odb_size_tb: 4.5\n" in dump_design(design)


@pytest.mark.parametrize("written, read_as", [
    ("yes", "true"), ("No", "false"), ("on", "true"), ("off", "false"), ("TRUE", "true"),
    ("2024-01-01", "a date"), ("2024-01-01 10:30:00", "a timestamp"),
])
def test_text_read_as_a_bool_or_date_is_refused_with_how_to_quote_it(written, read_as):
    with pytest.raises(InputError) as info:
        loads_design(_design_text(revision=written), "d.yaml", check=False)
    [p] = info.value.problems
    assert p.path == "metadata.revision" and p.line == 4
    assert p.message == f"'{written}' is read as {read_as}; write it in quotes: " \
                        f"revision: '{written}'"


def test_a_required_name_written_as_null_says_how_to_quote_it():
    with pytest.raises(InputError) as info:
        loads_design(_design_text(name="~"), "d.yaml", check=False)
    assert "'~' is read as null (no value); write it in quotes: name: '~'" in str(info.value)


def test_a_list_item_read_as_a_bool_says_how_to_quote_it():
    text = _design_text().replace("  odb_size_tb: 4\n",
                                  "  odb_size_tb: 4\n  allowed_jurisdictions: [US, NO]\n")
    with pytest.raises(InputError) as info:
        loads_design(text, "d.yaml", check=False)
    assert str(info.value).endswith("requirements.allowed_jurisdictions[1]: 'NO' is read as "
                                    "false; write it in quotes: 'NO'")


def test_quoted_values_are_text_as_always():
    design = _round_trip(_design_text(revision="'yes'", owner='"2024-01-01"'))
    assert design.metadata.revision == "yes" and design.metadata.owner == "2024-01-01"
