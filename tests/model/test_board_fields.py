"""The fields the approval board reads (issue 13): decisions, risks, operations, transition,
metadata.signoff_roles and the conditions of an approval. Optional and backward compatible
(a file without them loads and writes as before, with the same fingerprint), written in a
stable order, described by the JSON Schema, and refused with a located message when wrong."""

from __future__ import annotations

import copy

import pytest
import yaml
from jsonschema import Draft202012Validator

from catalogs.errors import InputError
from tests.conftest import MINIMAL, SAMPLE_FILES
from workbench.model.canonical import (
    dump_design,
    dump_yaml,
    fingerprint,
    fingerprint_v1,
    in_canonical_order,
)
from workbench.model.io import load_design, loads_design
from workbench.model.schema import design_json_schema

BOARD = {
    "decisions": [{
        "status": "accepted", "date": "2026-10-14", "decided_by": "ARB",
        "consequences": "Three-year contract.", "decision": "Dedicated.",
        "options": [{"variant": "dedicated", "summary": "ALI pair", "name": "Dedicated"},
                    {"name": "Shared", "variant": "shared"}],
        "context": "14 M GRefs/s at peak.", "title": "ODB on ALI", "id": "ADR-001"}],
    "risks": [
        {"due": "2027-01-15", "mitigation": "Written BAA confirmation.", "owner": "CISO",
         "impact": "high", "likelihood": "low", "target": "odb", "rule": "CMP-006",
         "id": "RISK-01"},
        {"id": "RISK-02", "title": "Epic upgrade raises GRefs/s per user", "status": "accepted"}],
    "operations": {"support": "24x7 rota", "monitoring": "System Pulse\nAzure Monitor"},
    "transition": {"rollback": "Promote the old data centre.", "cutover": "Saturday night."},
}
ORDER = ["schema_version", "metadata", "requirements", "placement", "components", "links",
         "decisions", "risks", "operations", "transition", "reviews"]


def board_design(text_only: bool = False) -> str:
    raw = copy.deepcopy(MINIMAL)
    raw.update(copy.deepcopy(BOARD))
    raw["metadata"]["signoff_roles"] = ["CIO", "CISO", "CMIO", "Privacy officer"]
    raw["reviews"] = {"approvals": [{
        "conditions": ["BAA confirmation filed before go-live.", "DR test after cut-over."],
        "note": "Approved for security.", "fingerprint": "a" * 64, "decision": "approve",
        "date": "2026-11-12T16:00:00+00:00", "reviewer": "R. Okafor"}]}
    # written in an order of its own: the canonical writer puts every key in its place
    raw = dict(reversed(list(raw.items())))
    return yaml.safe_dump(raw, sort_keys=False)


def test_the_fields_round_trip_in_canonical_order(catalog):
    design = loads_design(board_design(), "board.yaml", catalog).design
    text = dump_design(design)
    assert list(yaml.safe_load(text)) == ORDER
    assert text.index("  signoff_roles:") > text.index("  name: Minimal")
    decision = yaml.safe_load(text)["decisions"][0]
    assert list(decision) == ["id", "title", "context", "options", "decision", "consequences",
                              "decided_by", "date", "status"]
    assert list(decision["options"][0]) == ["name", "summary", "variant"]
    assert list(yaml.safe_load(text)["risks"][0]) == [
        "id", "rule", "target", "likelihood", "impact", "owner", "mitigation", "due", "status"]
    approval = yaml.safe_load(text)["reviews"]["approvals"][0]
    assert list(approval)[-2:] == ["note", "conditions"]
    again = loads_design(text, "again.yaml", catalog).design
    assert again == in_canonical_order(design) and dump_design(again) == text  # idempotent
    assert design.operations.monitoring == "System Pulse\nAzure Monitor"
    assert "  monitoring: |-\n    System Pulse\n    Azure Monitor\n" in text
    assert design.risks[1].rule is None and design.risks[1].status == "accepted"
    assert design.reviews.approvals[0].conditions == ["BAA confirmation filed before go-live.",
                                                      "DR test after cut-over."]


def test_a_file_without_them_is_unchanged_and_keeps_its_fingerprint(catalog):
    plain = loads_design(yaml.safe_dump(MINIMAL), "plain.yaml", catalog).design
    text = dump_design(plain)
    for key in ("decisions", "risks", "operations", "transition", "signoff_roles",
                "conditions"):
        assert key not in text
    # the fingerprint of a file written before these fields existed (pinned): version 1 is
    # the algorithm of that time, unchanged; version 2 (pinned too) sorts what has no order
    assert fingerprint_v1(plain) == \
        "ce547fb87b742b2980e70e814439833081d8d7f1ccfba0568e90536d2531d9b1"
    assert fingerprint(plain) == \
        "e7f5fa008c9f89d5ce7d737eca15a06a7ef11a91d33425bb47f1c5d68ec7b386"


def test_decisions_risks_and_plans_are_part_of_the_fingerprint_conditions_are_not(catalog):
    design = loads_design(board_design(), "board.yaml", catalog).design
    before = fingerprint(design)
    design.reviews.approvals[0].conditions.append("Another condition.")
    assert fingerprint(design) == before  # reviewing leaves the design as it was
    for change in (lambda d: setattr(d.decisions[0], "status", "superseded"),
                   lambda d: setattr(d.risks[0], "owner", "CIO"),
                   lambda d: setattr(d.transition, "rollback", None),
                   lambda d: setattr(d.metadata, "signoff_roles", ["CIO"])):
        edited = design.model_copy(deep=True)
        change(edited)
        assert fingerprint(edited) != before


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r["risks"].append({"id": "RISK-09"}),
     "risks[2]: a risk needs a rule (to attach it to that rule's findings) or a title"),
    (lambda r: r["risks"].append({"id": "RISK-01", "title": "again"}),
     "risks[2].id: duplicate risk id 'RISK-01'"),
    (lambda r: r["decisions"].append({"id": "ADR-001", "title": "again"}),
     "decisions[1].id: duplicate decision id 'ADR-001'"),
    (lambda r: r["decisions"][0].pop("title"), "decisions[0].title: required field is missing"),
    (lambda r: r["risks"][0].update(likelihood="certain"),
     "risks[0].likelihood: Input should be 'low', 'medium' or 'high'; got 'certain'"),
    (lambda r: r["risks"][0].update(rule="XYZ-001"), "risks[0].rule: String should match"),
    (lambda r: r["decisions"][0]["options"][0].update(colour="red"),
     "decisions[0].options[0].colour: unknown field"),
    (lambda r: r["operations"].update(monitorring="nightly"),
     "operations.monitorring: unknown field (did you mean 'monitoring'"),
])
def test_wrong_entries_are_refused_with_a_located_message(catalog, change, message):
    raw = yaml.safe_load(board_design())
    change(raw)
    with pytest.raises(InputError) as caught:
        loads_design(dump_yaml(raw), "board.yaml", catalog)
    assert message in str(caught.value), str(caught.value)


def test_the_json_schema_describes_them():
    schema = design_json_schema()
    validator = Draft202012Validator(schema)
    props = schema["properties"]
    assert {"decisions", "risks", "operations", "transition"} <= set(props)
    defs = schema["$defs"]
    assert "signoff_roles" in defs["Metadata"]["properties"]
    assert "conditions" in defs["Approval"]["properties"]
    assert set(defs["Decision"]["properties"]) == {
        "id", "title", "context", "options", "decision", "consequences", "decided_by", "date",
        "status"}
    assert "variant" in defs["DecisionOption"]["properties"]
    assert {"owner", "likelihood", "impact", "mitigation", "due", "rule", "target"} <= \
        set(defs["Risk"]["properties"])
    raw = yaml.safe_load(board_design())
    raw["decisions"][0]["date"] = "2026-10-14"
    assert not list(validator.iter_errors(raw))
    raw["risks"][0]["impact"] = "catastrophic"
    assert [tuple(e.path) for e in validator.iter_errors(raw)] == [("risks", 0, "impact")]


def test_the_flagship_carries_every_field():
    flagship = load_design(next(p for p in SAMPLE_FILES if p.name.startswith("academic"))).design
    assert flagship.decisions and flagship.risks and flagship.metadata.signoff_roles
    assert flagship.operations.monitoring and flagship.transition.rollback
    approval = flagship.reviews.approvals[0]
    assert approval.conditions and approval.fingerprint == fingerprint(flagship)
    assert any(o.variant for d in flagship.decisions for o in d.options)
