"""The published JSON Schema of the design file, generated from the pydantic models and the
catalog (``ehrwb schema``, docs/design.schema.json).

Editors complete from it: every catalog reference (role, SKU, link kind, catalog region, the
region's zones, storage tier, service, assumption) is a ``oneOf`` of ``const`` values, each with
the catalog's name and description (the YAML language server offers them with that text), so a
user's catalog folders (``ehrwb schema --catalog DIR``) extend what it offers. Every property
has a title and a description, the catalog fields have examples.

The schema accepts what the loader accepts and refuses what it refuses, as far as a schema can
judge a document: references between the design's own elements (a link to a component, a
component's zone in its region, ids used twice) and between catalog entries (a SKU of another
provider than its region) are the loader's alone. tests/model/test_schema_agrees.py draws
documents and holds the two together.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, get_args

from .design import MAX_THRESHOLD, SCHEMA_VERSION, Design, Id

if TYPE_CHECKING:
    from catalogs import Catalog

# The project's documentation home (pyproject.toml's [project.urls] says the same; a test holds
# them together): the SARIF rules' help links and the schema's $id are under it.
PROJECT_URL = "https://ehr-topology-workbench.example/"
RULES_URL = PROJECT_URL + "docs/rules.md"
SCHEMA_ID = PROJECT_URL + "docs/design.schema.json"
MODELINE = "# yaml-language-server: $schema="

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
# words a title writes otherwise than capitalised
_WORDS = {"sku": "SKU", "sla": "SLA", "h": "Height", "w": "Width", "id": "ID",
          "rpo": "RPO", "rto": "RTO", "phi": "PHI", "iops": "IOPS",
          "odb": "ODB", "mfa": "MFA", "baa": "BAA", "dr": "DR", "grefs": "GRefs", "tb": "(TB)",
          "mbps": "(Mbit/s)", "pct": "(%)", "ms": "(ms)", "s": "(s)", "wij": "WIJ",
          "minutes": "(minutes)", "hours": "(hours)", "days": "(days)", "years": "(years)",
          "mb": "MB/s", "from": "From", "x": "X", "y": "Y"}


def field_title(name: str) -> str:
    """``rpo_minutes`` -> 'RPO (minutes)', ``throughput_mb_s`` -> 'Throughput MB/s'."""
    words = name.strip("_").split("_")
    out: list[str] = []
    for n, word in enumerate(words):
        if word == "s" and out and out[-1] in ("MB/s", "per"):
            if out[-1] == "per":
                out[-1] = "per second"
            continue
        text = _WORDS.get(word, word)
        out.append(text[:1].upper() + text[1:] if n == 0 else text)
    return " ".join(out)


def _class_title(name: str) -> str:
    """``ComponentPlacement`` -> 'Component placement'."""
    words = re.findall(r"[A-Z][a-z]*", name) or [name]
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def _choices(entries: Mapping[str, Any], describe: Callable[[Any], str]) -> dict[str, Any]:
    """``oneOf`` of one ``const`` per entry with its description; a catalog with none of them
    accepts no value."""
    if not entries:
        return {"not": {}}
    return {"oneOf": [{"const": key, "description": describe(entry)}
                      for key, entry in entries.items()]}


def _sku_text(sku: Any) -> str:
    return f"{sku.name} ({sku.provider}, {sku.tenancy}; {', '.join(sku.classes)})"


def _named(entry: Any) -> str:
    text = getattr(entry, "name", None) or entry.id
    extra = getattr(entry, "description", None)
    return f"{text}: {extra}" if extra else text


def _region_text(region: Any) -> str:
    zones = ", ".join(region.zones) or "no zones"
    return f"{region.name} ({region.provider}, {region.jurisdiction}; zones {zones})"


def catalog_choices(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """The value schema of each kind of catalog reference."""
    from catalogs.models import Assumptions

    zones = sorted({z for r in catalog.regions.values() for z in r.zones})
    where = {z: [r.id for r in catalog.regions.values() if z in r.zones] for z in zones}
    return {
        "role": _choices(catalog.roles, _named),
        "sku": _choices(catalog.skus, _sku_text),
        "kind": _choices(catalog.link_kinds, _named),
        "catalog_region": _choices(catalog.regions, _region_text),
        "catalog_zone": _choices({z: z for z in zones},
                                 lambda z: "zone of " + ", ".join(where[z])),
        "tier": _choices(catalog.storage_tiers,
                         lambda t: f"{t.name} ({t.provider}, {t.media})"),
        "service": _choices(catalog.services,
                            lambda s: f"{s.name} ({s.provider}; BAA: {s.baa_covered})"),
        "assumption": _choices({n: Assumptions.range_of(n) for n in Assumptions.model_fields},
                               lambda span: f"overrides the catalog's figure: {span}"),
    }


def design_json_schema(catalog: Catalog | None = None) -> dict[str, Any]:
    """The schema for designs checked against ``catalog`` (the built-in one when None); with
    a user's catalog folders it has no ``$id`` (it is not the published schema)."""
    from catalogs import load_catalog
    from catalogs.loader import builtin_dir

    cat = load_catalog(use_setting=False) if catalog is None else catalog
    builtin = list(cat.folders) == [str(builtin_dir())]
    schema = _same_on_every_pydantic(Design.model_json_schema(mode="validation", by_alias=True))
    defs = schema["$defs"]
    choices = catalog_choices(cat)
    for name, definition in defs.items():
        definition["title"] = _class_title(name)
        for prop, value in definition.get("properties", {}).items():
            _describe(prop, value)
    for prop, value in schema["properties"].items():
        _describe(prop, value)
    for definition in defs.values():
        _numbers_as_text(definition)
    _refer(defs, choices, cat)
    _cross_field(defs)
    head: dict[str, Any] = {"$schema": _DRAFT}
    if builtin:
        head["$id"] = SCHEMA_ID
    return {
        **head,
        "title": "EHR Topology Workbench design",
        "description": (f"A design file, schema_version {SCHEMA_VERSION}: what runs where, "
                        "what it must achieve and who approved it. Catalog references (role, "
                        "SKU, link kind, catalog region and zone, storage tier) are the "
                        "catalog's ids, see 'ehrwb catalog'. Put '# yaml-language-server: "
                        f"$schema={SCHEMA_ID}' on the first line for editor completion."),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "examples": [_EXAMPLE],
    }


def _same_on_every_pydantic(node: Any) -> Any:
    """The schema pydantic generates, written one way whatever its release: a field that
    refers to a model is a ``$ref`` beside its title (older releases wrap it as
    ``allOf: [{$ref}]``), and a whole number is written as one (older releases write a float
    bound as ``8760.0``). JSON Schema reads both forms alike."""
    if isinstance(node, dict):
        out = {k: _same_on_every_pydantic(v) for k, v in node.items()}
        wrapped = out.get("allOf")
        if isinstance(wrapped, list) and len(wrapped) == 1 and set(wrapped[0]) == {"$ref"} \
                and "$ref" not in out:
            out.pop("allOf")
            out["$ref"] = wrapped[0]["$ref"]
        return out
    if isinstance(node, list):
        return [_same_on_every_pydantic(v) for v in node]
    if isinstance(node, float) and node.is_integer():
        return int(node)
    return node


_EXAMPLE: dict[str, Any] = {
    "schema_version": SCHEMA_VERSION,
    "metadata": {"name": "Community hospital"},
    "requirements": {"peak_grefs_per_s": 1_500_000, "concurrent_users": 2_000,
                     "odb_size_tb": 8},
}


def _describe(name: str, value: dict[str, Any]) -> None:
    """A readable title; the description from the ``$ref``'d model when the field has none."""
    value["title"] = field_title(name)


def _numbers_as_text(node: Any) -> None:
    """Text fields take numbers as the loader does (``revision: 1.10`` keeps its text): a
    string schema without a format or fixed values also takes a number; an id (its pattern
    starts with a letter or digit) a number that is not negative."""
    if isinstance(node, list):
        for item in node:
            _numbers_as_text(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not {"format", "enum", "const"} & node.keys():
        pattern = node.get("pattern")
        if pattern is None or pattern == _ID_PATTERN:
            node["type"] = ["string", "number"]
            if pattern is not None:
                node["minimum"] = 0
    for key, value in node.items():
        if key != "propertyNames":
            _numbers_as_text(value)


_ID_PATTERN = get_args(Id)[1].pattern  # Annotated[str, StringConstraints(pattern=...)]


def _nullable(value: dict[str, Any], choice: dict[str, Any]) -> None:
    """Put ``choice`` in place of the string type of ``value`` (kept nullable if it was)."""
    keep = {k: v for k, v in value.items() if k in ("title", "description", "default")}
    nullable = any(o.get("type") == "null" for o in value.get("anyOf", ()))
    value.clear()
    value.update(keep)
    if nullable:
        value["anyOf"] = [copy.deepcopy(choice), {"type": "null"}]
    else:
        value.update(copy.deepcopy(choice))
    first = [o["const"] for o in choice.get("oneOf", ())[:3]]
    if first:
        value["examples"] = first


def _within(span: Any) -> dict[str, Any]:
    """A catalog Range (catalogs.models) as a number schema."""
    return {"type": "number", "description": f"{span}",
            "minimum" if span.low_inclusive else "exclusiveMinimum": span.low,
            "maximum" if span.high_inclusive else "exclusiveMaximum": span.high}


def _cross_field(defs: dict[str, Any]) -> None:
    """What the models' own validators require beyond each field's type (workbench.model.
    design): a risk names a rule or has a title; a change sets something; thresholds are
    bounded; a public key is 32 bytes of base64. (That a variant changes each component once
    and variant names differ, a schema cannot say: the loader alone checks it.)"""
    text = {"type": ["string", "number"], "pattern": r"\S"}
    defs["Risk"]["anyOf"] = [
        {"required": ["rule"], "properties": {"rule": {"type": "string"}}},
        {"required": ["title"], "properties": {"title": text}}]
    for name, fields in (("StorageChange", list(defs["StorageChange"]["properties"])),
                         ("ComponentChange", ["sku", "count", "region", "zones", "storage"])):
        defs[name]["anyOf"] = [{"required": [f], "properties": {f: {"not": {"type": "null"}}}}
                               for f in fields]
    values = defs["RuleSetting"]["properties"]["thresholds"]["additionalProperties"]
    for branch in values["anyOf"]:
        if branch.get("type") in ("number", "integer"):
            branch.update(minimum=-MAX_THRESHOLD, maximum=MAX_THRESHOLD)
        else:  # text, which the numbers before it take first
            branch["type"] = "string"
    defs["TrustedApprover"]["properties"]["public_key"]["pattern"] = \
        "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"


def _refer(defs: dict[str, Any], choices: dict[str, dict[str, Any]], catalog: Catalog) -> None:
    """Catalog references take the catalog's values."""
    from catalogs.models import Assumptions

    props = {name: d.get("properties", {}) for name, d in defs.items()}
    for model, field, kind in (("Component", "role", "role"), ("Component", "sku", "sku"),
                               ("ComponentChange", "sku", "sku"), ("Link", "kind", "kind"),
                               ("Region", "catalog_region", "catalog_region"),
                               ("Zone", "catalog_zone", "catalog_zone"),
                               ("Storage", "tier", "tier"), ("StorageChange", "tier", "tier")):
        _nullable(props[model][field], choices[kind])
    servers = props["Sizing"]["servers"]
    servers["propertyNames"] = copy.deepcopy(choices["role"])
    for field in ("business_associate_agreements", "baa_scope_confirmed"):
        props["ComplianceRecord"][field]["items"] = copy.deepcopy(choices["service"])
    props["Policy"]["assumptions"]["propertyNames"] = copy.deepcopy(choices["assumption"])
    props["Policy"]["assumptions"]["properties"] = {
        name: _within(Assumptions.range_of(name)) for name in Assumptions.model_fields}
    # the zones a region's zones can name are that catalog region's
    defs["Region"]["allOf"] = [
        {"if": {"properties": {"catalog_region": {"const": region.id}},
                "required": ["catalog_region"]},
         "then": {"properties": {"zones": {"items": {"properties": {"catalog_zone": {
             "anyOf": [{"enum": list(region.zones)} if region.zones else {"not": {}},
                       {"type": "null"}]}}}}}}}
        for region in catalog.regions.values()]


def leading_comments(raw: bytes) -> str:
    """The comment lines a design file starts with (``# yaml-language-server: $schema=...``,
    a licence header), blank lines among them kept, trailing spaces and the blank lines after
    them not: ``ehrwb fmt`` writes them back above the canonical text."""
    kept: list[str] = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        text = line.rstrip()
        if text.startswith("#"):
            kept.append(text)
        elif text:
            break
        elif kept:
            kept.append("")
    while kept and not kept[-1]:
        kept.pop()
    return "".join(line + "\n" for line in kept)
