"""The published JSON Schema and the loader agree: for documents drawn from the samples by
seeded random changes (wrong types, numbers and yes/no written as text, unknown and other
catalog values, unknown keys, numbers in text fields, values out of range, keys left out), the
schema accepts a document exactly when the loader does.

Changes that break references between a design's own elements (a link to a component left
out, a zone renamed) are not drawn: a schema cannot check them, the loader alone does
(workbench.model.schema says so)."""

from __future__ import annotations

import copy
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from catalogs.errors import InputError
from tests.conftest import MINIMAL, SAMPLES
from tests.model.test_json_schema import _jsonable  # dates as an editor hands them over
from workbench.model.io import loads_design
from workbench.model.schema import design_json_schema

Path_ = tuple[Any, ...]

# keys whose values other parts of the design refer to, or that refer to them
REFERENCES = {"id", "from", "to", "region", "zones", "site", "proximity_group", "zone",
              "target", "log_store", "component", "positions", "collapsed", "variants",
              "approvals", "signature", "fingerprint"}
# sections that hold what the references name: never left out
HOLDERS = REFERENCES | {"regions", "sites", "components", "placement", "proximity_groups"}
KINDS = ("type", "text", "catalog", "other", "unknown_key", "text_field", "range", "drop")


def _leaves(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in REFERENCES:
                yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _leaves(value, (*path, n))
    else:
        yield path, node


def _mappings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in REFERENCES:
                yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)


def _put(doc: Any, path: Path_, value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _catalog_paths(doc: dict[str, Any]) -> list[tuple[Path_, str]]:
    """Each catalog reference of ``doc`` with the kind of catalog entry it names."""
    out: list[tuple[Path_, str]] = []
    for n, comp in enumerate(doc.get("components", [])):
        out += [(("components", n, "role"), "roles"), (("components", n, "sku"), "skus")]
        if isinstance(comp.get("storage"), dict):
            out.append((("components", n, "storage", "tier"), "storage_tiers"))
    out += [(("links", n, "kind"), "link_kinds") for n in range(len(doc.get("links", [])))]
    for n, region in enumerate(doc.get("placement", {}).get("regions", [])):
        out.append((("placement", "regions", n, "catalog_region"), "regions"))
        out += [(("placement", "regions", n, "zones", z, "catalog_zone"), "zones")
                for z in range(len(region.get("zones", [])))]
    return out


def _change(rng: random.Random, doc: dict[str, Any], catalog: Any) -> str:
    """One random change to ``doc``; returns its kind."""
    kind = rng.choice(KINDS)
    leaves = list(_leaves(doc))
    if kind == "type":
        path, _ = rng.choice(leaves)
        _put(doc, path, rng.choice([[], {}, "text", 7, 2.5, True, None, -3]))
    elif kind == "text":  # numbers and yes/no written as text, or the other one
        typed = [(p, v) for p, v in leaves if isinstance(v, (bool, int, float))]
        path, value = rng.choice(typed)
        if isinstance(value, bool):
            new: Any = rng.choice(["yes", "true", "1", 1, 0, "on", "no"])
        else:
            new = rng.choice([str(value), True, f" {value} ", value + 0.5])
        _put(doc, path, new)
    elif kind in ("catalog", "other"):
        path, entries = rng.choice(_catalog_paths(doc))
        if kind == "catalog":
            _put(doc, path, rng.choice(["no-such-entry", "9", path[-1].upper()]))
        elif entries == "zones":
            _put(doc, path, rng.choice(["1", "2", "3"]))
        else:  # another entry of the catalog of the same provider (the loader checks that)
            here = getattr(catalog, entries)
            current = doc
            for part in path:
                current = current[part]
            provider = getattr(here.get(current), "provider", None)
            same = sorted(k for k, e in here.items()
                          if getattr(e, "provider", None) == provider)
            _put(doc, path, rng.choice(same))
    elif kind == "unknown_key":
        rng.choice(list(_mappings(doc)))[rng.choice(["colour", "sku_", "Count"])] = "red"
    elif kind == "text_field":
        path = rng.choice([("metadata", "name"), ("metadata", "owner"),
                           ("metadata", "revision")])
        _put(doc, path, rng.choice([12, 1.5, 0, True, None, ""]))
    elif kind == "range":
        numbers = [p for p, v in leaves if type(v) in (int, float)]
        _put(doc, rng.choice(numbers), rng.choice([0, -1, 10**13, 1e300, 100, 0.5]))
    else:  # drop
        mapping = rng.choice([m for m in _mappings(doc) if set(m) - HOLDERS])
        mapping.pop(rng.choice(sorted(set(mapping) - HOLDERS)))
    return kind


@pytest.fixture(scope="module")
def validator(catalog):
    schema = design_json_schema(catalog)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


SEEDS = [MINIMAL, *(yaml.safe_load((SAMPLES / f"{name}.yaml").read_text())
                    for name in ("flawed-design", "community-hospital-shared"))]


@pytest.mark.parametrize("seed", [18, 2026])
def test_schema_accepts_a_document_exactly_when_the_loader_does(validator, catalog, seed):
    rng = random.Random(seed)
    outcomes: Counter[tuple[str, bool]] = Counter()
    disagreements = []
    for _ in range(60):
        doc = copy.deepcopy(rng.choice(SEEDS))
        kinds = [_change(rng, doc, catalog) for _ in range(rng.randint(1, 2))]
        text = yaml.safe_dump(doc, sort_keys=False)
        try:
            loads_design(text, "drawn.yaml", catalog)
            loader, why = True, ""
        except InputError as exc:
            loader, why = False, str(exc).splitlines()[0]
        errors = list(validator.iter_errors(_jsonable(yaml.safe_load(text))))
        if (not errors) != loader:
            disagreements.append(f"{kinds}: loader {'accepts' if loader else 'refuses'} "
                                 f"({why}), schema says {[e.message for e in errors[:2]]}")
        for kind in kinds:
            outcomes[kind, loader] += 1
    assert not disagreements, disagreements[:5]
    # the draw reaches both answers, and every kind of change is made
    assert {ok for _, ok in outcomes} == {True, False}
    assert {kind for kind, _ in outcomes} == set(KINDS)


@pytest.mark.parametrize("field, value, message", [
    ("count", "2", "'2' is text, not an integer; write it without quotes"),
    ("count", True, "true is not an integer"),
    ("encrypted", "yes", "'yes' is text, not true or false; write it without quotes"),
    ("encrypted", 1, "1 is not true or false"),
])
def test_the_loader_refuses_numbers_and_yes_no_written_otherwise(validator, catalog, field,
                                                                 value, message):
    doc = copy.deepcopy(MINIMAL)
    (doc["components"][1] if field == "count" else doc["links"][0])[field] = value
    with pytest.raises(InputError) as info:
        loads_design(yaml.safe_dump(doc, sort_keys=False), "d.yaml", catalog)
    assert [p.message for p in info.value.problems] == [message]
    assert list(validator.iter_errors(doc))
