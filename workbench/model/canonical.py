"""The canonical text of a design: one YAML dumper, explicit representers, stable order.

Rules that make load -> save byte-identical and a one-field edit a one-line diff:
- keys in model field order, ``schema_version`` first; mapping keys of free-form dicts sorted;
- a field is left out when it is unset (None) or an empty collection whose default is empty;
- small records (links, sites, placements, zones, positions...) sit on one line in flow style
  and leave out optional fields at their default; block records (security, requirements...)
  write every value, defaults included, so reviewers see every security setting;
- strings never folded; multi-line strings as literal blocks; integral floats written as ints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .design import Design, Layout, Reviews


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


def dump_design(design: Design) -> str:
    """The canonical YAML text of a design."""
    return dump_yaml(to_plain(design))


def fingerprint(design: Design) -> str:
    """SHA-256 of the canonical design without what reviewing changes: layout, reviews and the
    review status, so moving a box, commenting or approving leaves it as it was; nor its
    variants, which are alternatives to it (a variant's fingerprint is that of the design
    with the variant applied, see workbench.model.variants), so adding or changing a variant
    leaves the base's fingerprint, and an approval of it, as they were.

    The hash is taken over pydantic's JSON of the model with every field at its default left
    out (so adding an optional field to the format changes no existing fingerprint), after the
    schema version; free-form mappings are kept sorted by the model itself."""
    core = design.model_copy(update={"layout": Layout(), "reviews": Reviews(), "variants": [],
                                     "metadata": design.metadata.model_copy(
                                         update={"status": "draft"})})
    text = f"ehrwb-design-v{design.schema_version}\n" + core.model_dump_json(
        by_alias=True, exclude_defaults=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
