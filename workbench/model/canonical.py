"""The canonical text of a design: one YAML dumper, explicit representers, stable order.

Rules that make load -> save byte-identical and a one-field edit a one-line diff:
- keys in model field order, ``schema_version`` first; mapping keys of free-form dicts sorted;
- a field is left out when it is unset (None) or an empty collection whose default is empty;
- small records (links, sites, placements, zones, positions...) sit on one line in flow style
  and leave out optional fields at their default; block records (security, requirements...)
  write every value, defaults included, so reviewers see every security setting;
- strings never folded; multi-line strings as literal blocks; integral floats written as ints;
- lists whose order means nothing are written sorted (:func:`in_canonical_order`), so that
  reordering them in a file changes neither the canonical text nor the fingerprint.

Which lists have no meaning in their order:
- sorted by id: ``components``, ``links``, ``placement.regions`` (and each region's ``zones``
  and ``proximity_groups``), ``placement.sites``: the analysis reads them as sets of elements
  named by id, and the canvas places them by ``layout.positions``, not by list position;
- sorted by (rule, target): ``waivers`` (a waiver is about one rule on one target; any two
  with the same rule and target are then kept in the order of their whole content);
- kept as written, because their order is the author's and shows: ``decisions`` and ``risks``
  (the design document lists them in that order, most important first by custom, and ids such
  as ADR-2 and ADR-10 do not sort as people number them), ``variants`` (``compare`` sets them
  out in that order; they are outside the fingerprint anyway), the zones a component is
  placed in, storage file systems, and the lists inside reviews (comments and approvals are a
  chronology: the last approval is the current one; conditions are numbered).

Fingerprints (:func:`fingerprint`). Version 2, the current one, is taken over the design in
this canonical order; version 1, the fingerprint before lists were sorted, over the lists as
they stood in memory (the file's order). Approvals record the version they were made under
(``fingerprint_version``, 1 for approvals written before versions existed, see
:mod:`workbench.model.migrations`), and :func:`approval_matches` re-checks each against the
fingerprint of its own version, so approvals recorded under version 1 stay valid while the
design is unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .design import Approval, Design, Layout, Region, Reviews, Waiver


class _Flow(dict[str, Any]):
    """A mapping written on one line."""


# libyaml's emitter when PyYAML has it (4-5x faster); both emitters write the same text for
# the plain data below (block sequences sit at their key's indentation in both).
_Base: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[valid-type,misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


_YAML11_BREAKS = ("\x85", "\u2028", "\u2029")  # line breaks to YAML 1.1 readers: escape them


def _repr_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style: str | None = None
    if any(c in data for c in _YAML11_BREAKS):
        style = '"'
    elif "\n" in data and not data.endswith((" ", "\t")):
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _repr_float(dumper: yaml.SafeDumper, data: float) -> yaml.Node:
    if data.is_integer() and abs(data) < 1e15:
        return dumper.represent_int(int(data))
    return dumper.represent_float(data)


def _repr_datetime(dumper: yaml.SafeDumper, data: dt.datetime) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat())


def _repr_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _repr_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(float, _repr_float)
_Dumper.add_representer(dt.datetime, _repr_datetime)
_Dumper.add_representer(_Flow, _repr_flow)
_Dumper.add_representer(dict, _repr_dict)


def _default(info: Any) -> Any:
    return info.default_factory() if info.default_factory is not None else info.default


def _is_empty_default(info: Any) -> bool:
    if info.default_factory is not None:
        default = info.default_factory()
    elif info.default is PydanticUndefined:
        return False
    else:
        default = info.default
    return default is None or (isinstance(default, (list, dict)) and not default)


def to_plain(obj: Any) -> Any:
    """Plain data in canonical order and style markers, ready for the dumper."""
    if isinstance(obj, BaseModel):
        cls = type(obj)
        flow = getattr(cls, "yaml_flow", False)
        out: dict[str, Any] = _Flow() if flow else {}
        for name, info in cls.model_fields.items():
            value = getattr(obj, name)
            if (value is None or (isinstance(value, (list, dict)) and not value)) \
                    and _is_empty_default(info):
                continue
            if flow and not info.is_required() and value == _default(info):
                continue
            if isinstance(value, BaseModel) and not to_plain(value) \
                    and _is_default_model(info, value):
                continue
            out[info.alias or name] = to_plain(value)
        return out
    if isinstance(obj, dict):
        return {str(k): to_plain(obj[k]) for k in sorted(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def _is_default_model(info: Any, value: BaseModel) -> bool:
    default = info.default_factory() if info.default_factory is not None else info.default
    return isinstance(default, BaseModel) and default == value


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=2**31 - 1, indent=2)


def _by_id(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: x.id)


def _waiver_key(waiver: Waiver) -> tuple[str, str, str]:
    return waiver.rule, waiver.target, waiver.model_dump_json(by_alias=True)


def _region_in_order(region: Region) -> Region:
    return region.model_copy(update={"zones": _by_id(region.zones),
                                     "proximity_groups": _by_id(region.proximity_groups)})


def in_canonical_order(design: Design) -> Design:
    """A copy of the design with every list whose order means nothing sorted (see the module
    docstring); the design itself is left as it is (the workbench's undo stack remembers
    list positions)."""
    placement = design.placement.model_copy(update={
        "regions": [_region_in_order(r) for r in _by_id(design.placement.regions)],
        "sites": _by_id(design.placement.sites)})
    return design.model_copy(update={
        "placement": placement, "components": _by_id(design.components),
        "links": _by_id(design.links), "waivers": sorted(design.waivers, key=_waiver_key)})


def dump_design(design: Design) -> str:
    """The canonical YAML text of a design (with its version-1 approvals brought forward, see
    :func:`brought_forward`)."""
    return dump_yaml(to_plain(in_canonical_order(brought_forward(design))))


FINGERPRINT_VERSION = 2  # what new approvals record


def _reviewed_core(design: Design) -> Design:
    """The design without what reviewing changes (see :func:`fingerprint`)."""
    return design.model_copy(update={"layout": Layout(), "reviews": Reviews(), "variants": [],
                                     "metadata": design.metadata.model_copy(
                                         update={"status": "draft"})})


def fingerprint(design: Design) -> str:
    """The design's fingerprint, version 2: SHA-256 of the design in canonical order (lists
    whose order means nothing sorted, see the module docstring) without what reviewing
    changes: layout, reviews and the review status, so moving a box, commenting or approving
    leaves it as it was; nor its variants, which are alternatives to it (a variant's
    fingerprint is that of the design with the variant applied, see
    workbench.model.variants), so adding or changing a variant leaves the base's fingerprint,
    and an approval of it, as they were.

    The hash is taken over pydantic's JSON of the model with every field at its default left
    out (so adding an optional field to the format changes no existing fingerprint), after a
    line naming the schema version and one naming the fingerprint version (so no version-2
    fingerprint equals a version-1 one); free-form mappings are kept sorted by the model
    itself."""
    core = _reviewed_core(in_canonical_order(design))
    text = f"ehrwb-design-v{design.schema_version}\nfingerprint-v2\n" + core.model_dump_json(
        by_alias=True, exclude_defaults=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint_v1(design: Design) -> str:
    """The fingerprint before version 2 (unchanged): as :func:`fingerprint` but over the lists
    in the order they stand in, so reordering components changed it. Kept to re-check the
    approvals recorded under it."""
    core = _reviewed_core(design)
    text = f"ehrwb-design-v{design.schema_version}\n" + core.model_dump_json(
        by_alias=True, exclude_defaults=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


FINGERPRINTS = {1: fingerprint_v1, 2: fingerprint}


def fingerprint_of(design: Design, version: int) -> str:
    """The design's fingerprint under ``version`` (1 or 2)."""
    return FINGERPRINTS[version](design)


def brought_forward(design: Design) -> Design:
    """The design with each unsigned approval recorded under fingerprint version 1 that still
    matches re-recorded under version 2: the same design, its fingerprint taken the current
    way. Writing a design (save, ``ehrwb fmt``, ``ehrwb approve``) does this, because the
    written lists are sorted and a version-1 fingerprint, which depends on their order, would
    no longer match. Approvals that no longer match stay as they are (they are of an earlier
    design), and so do signed ones (rewriting them would break the signature)."""
    approvals = design.reviews.approvals
    if not any(a.fingerprint_version == 1 for a in approvals):
        return design
    old, new = fingerprint_v1(design), fingerprint(design)
    forward = [a.model_copy(update={"fingerprint": new, "fingerprint_version": 2})
               if a.fingerprint_version == 1 and a.fingerprint == old and a.signature is None
               and a.public_key is None else a for a in approvals]
    return design.model_copy(update={"reviews": design.reviews.model_copy(
        update={"approvals": forward})})


def approval_matches(design: Design, approval: Approval) -> bool:
    """Whether ``approval`` was recorded on this very design: its fingerprint equals the
    design's under the fingerprint version the approval records. The one comparison of an
    approval with a design: the CLI, the workbench and the PDF all ask it."""
    return approval.fingerprint == fingerprint_of(design, approval.fingerprint_version)
