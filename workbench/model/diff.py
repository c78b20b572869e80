"""The semantic diff of two designs: what was added, removed and changed, field by field.

Both designs are read as *elements* (a component, a link, a region, a zone, a site, the
requirements, a policy rule, a waiver, a decision, a variant...), each under the identity a
person would use for it (its id, a rule's id, a waiver's rule and target, a variant's name),
never its position in a list: reordering components, links or zones is no change. Within a
changed element every field that differs is listed with its old and new value, written the way
the design document writes it (``workbench.model.units``: "14 M GRefs/s", "45 min", "2 TB").

What reviewing and drawing change is not a design change, as for the fingerprint: boxes moved
on the canvas are listed as "layout moved" and comments, approvals and the recorded status as
"reviews", neither counted. Variants are counted (they are the design's alternatives, part of
what a board reads) although the base's fingerprint leaves them out.

Pure: two designs in, a :class:`DesignDiff` out. The effect of the change on capacity,
availability and findings is ``validators.plan``'s, which reads this diff."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from . import units
from .design import Design

ChangeKind = Literal["added", "removed", "changed"]
# the groups a plan is printed in, in this order
GROUPS = ("components", "links", "placement", "requirements", "policy", "waivers",
          "decisions and risks", "variants", "metadata", "operations and transition")
MARK = {"added": "+", "removed": "-", "changed": "~"}
LONG_TEXT = 60  # characters of free text a line shows before it cuts it short


@dataclass(frozen=True)
class FieldChange:
    """One field of an element, its old and new value (None: not set)."""

    field: str  # its path within the element: "count", "placement.zones", "storage.iops"
    old: Any
    new: Any

    @property
    def old_text(self) -> str:
        return show(self.field, self.old)

    @property
    def new_text(self) -> str:
        return show(self.field, self.new)

    def line(self) -> str:
        return f"{self.field}: {self.old_text} -> {self.new_text}"

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new,
                "old_text": self.old_text, "new_text": self.new_text}


@dataclass(frozen=True)
class ElementChange:
    """An element added, removed, or changed in some of its fields."""

    group: str  # one of GROUPS
    kind: str  # what the element is: "component", "zone", "rule", "waiver"...
    id: str  # how the element is named: its id, a rule id, "CMP-013 on odb-dr"...
    change: ChangeKind
    fields: tuple[FieldChange, ...] = ()  # for a changed element
    summary: str = ""  # for an added or removed one: what it is

    @property
    def title(self) -> str:
        """'component ecp-east-z1', 'requirements' (an element that is its own kind)."""
        return self.kind if self.id == self.kind else f"{self.kind} {self.id}"

    def lines(self) -> list[str]:
        """The change as a plan prints it: a marked title, then a line per field."""
        head = f"{MARK[self.change]} {self.change} {self.title}"
        if self.change != "changed":
            return [head + (f": {self.summary}" if self.summary else "")]
        return [head, *(f"    {f.line()}" for f in self.fields)]

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "kind": self.kind, "id": self.id, "change": self.change,
                "fields": [f.to_json() for f in self.fields], "summary": self.summary}


@dataclass
class DesignDiff:
    """Every design change between two designs, and beside them what is not one."""

    changes: list[ElementChange] = field(default_factory=list)
    layout_moved: list[str] = field(default_factory=list)  # ids whose box moved or came/went
    reviews: list[str] = field(default_factory=list)  # comments, approvals, status: in words

    @property
    def same(self) -> bool:
        """No design change (layout and reviews may differ)."""
        return not self.changes

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("added", "removed", "changed"), 0)
        for c in self.changes:
            out[c.change] += 1
        return out

    def headline(self) -> str:
        """'2 changes: 0 added, 0 removed, 2 changed' or 'no design change'."""
        if self.same:
            return "no design change"
        n = self.counts()
        total = len(self.changes)
        return (f"{total} change{'s' if total != 1 else ''}: {n['added']} added, "
                f"{n['removed']} removed, {n['changed']} changed")

    def grouped(self) -> Iterator[tuple[str, list[ElementChange]]]:
        """(group, its changes) for every group with a change, in GROUPS order."""
        for group in GROUPS:
            items = [c for c in self.changes if c.group == group]
            if items:
                yield group, items

    def not_counted(self) -> list[str]:
        """The lines saying what changed that is not a design change."""
        out = []
        if self.layout_moved:
            out.append(f"layout moved: {_some(self.layout_moved)}")
        out += [f"reviews: {line}" for line in self.reviews]
        return out

    def to_json(self) -> dict[str, Any]:
        return {"same": self.same, "counts": self.counts(),
                "changes": [c.to_json() for c in self.changes],
                "not_design_changes": {"layout_moved": self.layout_moved,
                                       "reviews": self.reviews}}


def diff_designs(old: Design, new: Design) -> DesignDiff:
    """The changes that turn ``old`` into ``new``, grouped and in a stable order (each group's
    elements by kind and name)."""
    before, after = _elements(old), _elements(new)
    changes = []
    for key in sorted(before.keys() | after.keys(), key=_order):
        group, kind, name = key
        if key not in after:
            changes.append(ElementChange(group, kind, name, "removed",
                                         summary=_summary(kind, before[key])))
        elif key not in before:
            changes.append(ElementChange(group, kind, name, "added",
                                         summary=_summary(kind, after[key])))
        else:
            fields = tuple(_fields("", before[key], after[key]))
            if fields:
                changes.append(ElementChange(group, kind, name, "changed", fields))
    return DesignDiff(changes, _layout_moved(old, new), _reviews(old, new))


# ---------------------------------------------------------------------------- elements
Key = tuple[str, str, str]  # (group, kind, name)


def _order(key: Key) -> tuple[int, str, str]:
    group, kind, name = key
    return GROUPS.index(group), kind, name


def _plain(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True)


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


def _keyed(items: list[Any], name: Callable[[Any], str]) -> dict[str, Any]:
    """Items by name; a name met again gets '#2', '#3'... (a design may hold two waivers of
    one rule and target)."""
    out: dict[str, Any] = {}
    for item in items:
        key, n = name(item), 1
        while key in out:
            n += 1
            key = f"{name(item)} #{n}"
        out[key] = item
    return out


def _elements(design: Design) -> dict[Key, dict[str, Any]]:
    """The design as elements, each a plain mapping of its fields, under its identity."""
    out: dict[Key, dict[str, Any]] = {}
    for c in design.components:
        out["components", "component", c.id] = _plain(c)
    for link in design.links:
        out["links", "link", link.id] = _plain(link)
    for r in design.placement.regions:
        out["placement", "region", r.id] = _without(_plain(r), "zones", "proximity_groups")
        for z in r.zones:
            out["placement", "zone", z.id] = {"region": r.id, **_plain(z)}
        for g in r.proximity_groups:
            out["placement", "proximity group", g.id] = {"region": r.id, **_plain(g)}
    for s in design.placement.sites:
        out["placement", "site", s.id] = _plain(s)
    out["requirements", "requirements", "requirements"] = _plain(design.requirements)
    policy = design.policy
    for rule, setting in policy.rules.items():
        out["policy", "rule", rule] = _plain(setting)
    for name, value in policy.assumptions.items():
        out["policy", "assumption", name] = {"value": value}
    out["policy", "compliance", "compliance"] = _plain(policy.compliance)
    out["policy", "pricing", "pricing"] = _plain(policy.pricing)
    for name, approver in _keyed(policy.trusted_approvers, lambda a: a.name).items():
        out["policy", "trusted approver", name] = _plain(approver)
    for name, waiver in _keyed(design.waivers, lambda w: f"{w.rule} on {w.target}").items():
        out["waivers", "waiver", name] = _plain(waiver)
    for d in design.decisions:
        data = _plain(d)
        data["options"] = {o["name"]: o for o in data["options"]}
        out["decisions and risks", "decision", d.id] = data
    for risk in design.risks:
        out["decisions and risks", "risk", risk.id] = _plain(risk)
    for v in design.variants:
        data = _plain(v)
        data["changes"] = {c["component"]: _without(c, "component") for c in data["changes"]}
        out["variants", "variant", v.name] = data
    out["metadata", "metadata", "metadata"] = _without(_plain(design.metadata), "status")
    out["operations and transition", "operations", "operations"] = _plain(design.operations)
    out["operations and transition", "transition", "transition"] = _plain(design.transition)
    return out


def _fields(prefix: str, old: Any, new: Any) -> Iterator[FieldChange]:
    """The leaves that differ between two values of one field: mappings are walked key by
    key (a sub-record set or unset counts as its fields), lists of records by name, any
    other value compared whole."""
    if old == new or (old in _EMPTY and new in _EMPTY):  # unset and empty read the same
        return
    if isinstance(old, list) and isinstance(new, list) and _records(old + new):
        old, new = _by_name(old), _by_name(new)
    if isinstance(old, dict) or isinstance(new, dict):
        if not (old is None or isinstance(old, dict)) or not (new is None or isinstance(new,
                                                                                       dict)):
            yield FieldChange(prefix, old, new)
            return
        a, b = old or {}, new or {}
        for key in [*a, *(k for k in b if k not in a)]:
            path = f"{prefix}[{key}]" if _named(prefix) else \
                (f"{prefix}.{key}" if prefix else key)
            yield from _fields(path, a.get(key), b.get(key))
        return
    yield FieldChange(prefix, old, new)


_EMPTY: tuple[Any, ...] = (None, [], {})


def _records(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(x, dict) and "name" in x for x in items)


def _by_name(items: list[dict[str, Any]]) -> dict[str, Any]:
    return _keyed(items, lambda x: str(x["name"]))


# paths whose keys are names, not field names: storage.filesystems[db01], options[Shared]
_NAMED = ("filesystems", "options", "changes", "thresholds", "servers")


def _named(prefix: str) -> bool:
    return prefix.rsplit(".", 1)[-1].split("[")[0] in _NAMED and not prefix.endswith("]")


# ---------------------------------------------------------------------------- in words
def _unit(name: str) -> Callable[[float], str] | None:
    """How a field's number is written, by the field's name (the model's units)."""
    if name in ("peak_grefs_per_s", "grefs_per_s", "peak_grefs"):
        return lambda v: units.quantity(v, "GRefs/s")
    if name in ("concurrent_users", "users_per_host"):
        return lambda v: f"{units.count(v)} users"
    if name.endswith("year"):  # 2026, not "2,026"
        return lambda v: str(round(v))
    if name.endswith("_minutes"):
        return units.minutes
    if name.endswith("_s") and not name.endswith("_mb_s"):
        return units.seconds
    suffixes = {"_tb": "TB", "_mb_s": "MB/s", "_ms": "ms", "_pct": "%", "_mbps": "Mbit/s",
                "_hours": "h", "_days": "days", "_years": "years", "iops": "IOPS",
                "_ops": "operations"}
    unit = next((u for suffix, u in suffixes.items() if name.endswith(suffix)), None)
    if unit is None:
        return None
    return lambda v: f"{units.number(v)} {unit}"


def show(path: str, value: Any) -> str:
    """A field's value as a person reads it: "14 M GRefs/s", "east-z1, east-z2", "45 min",
    "none" for a value not set, free text cut short after LONG_TEXT characters."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        name = path.rsplit(".", 1)[-1].split("[")[0]
        fmt = _unit(name)
        return fmt(value) if fmt else units.number(value)
    if isinstance(value, list):
        return ", ".join(show(path, v) for v in value) if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {show(k, v)}" for k, v in value.items() if v not in (None, [],
                                                                                   {}))
    text = " ".join(str(value).split())
    return text if len(text) <= LONG_TEXT else text[:LONG_TEXT - 1].rstrip() + "…"


def _summary(kind: str, data: dict[str, Any]) -> str:
    """What an added or removed element is, in a line."""
    if kind == "component":
        where = data["placement"]
        place = where.get("site") or ", ".join(
            [x for x in [where.get("region"), show("zones", where.get("zones"))]
             if x and x != "none"])
        return f"{data['role']} on {data['count']} x {data['sku']}" + \
            (f" in {place}" if place else "")
    if kind == "link":
        return f"{data['from']} -> {data['to']}, {data['kind']}" + \
            ("" if data["encrypted"] else ", not encrypted")
    if kind == "assumption":
        return show(kind, data["value"])
    shown = {k: v for k, v in data.items() if isinstance(v, str | int | float | bool)
             and v is not None and k not in ("id", "name")}
    return show(kind, dict(list(shown.items())[:4]))


def _some(items: list[str], shown: int = 8) -> str:
    if len(items) <= shown:
        return ", ".join(items)
    return f"{', '.join(items[:shown])} and {len(items) - shown} more"


# ---------------------------------------------------------------------------- not counted
def _layout_moved(old: Design, new: Design) -> list[str]:
    a, b = old.layout.positions, new.layout.positions
    moved = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    if set(old.layout.collapsed) != set(new.layout.collapsed):
        moved.append("(collapsed groups)")
    return moved


def _reviews(old: Design, new: Design) -> list[str]:
    out = []
    if old.metadata.status != new.metadata.status:
        out.append(f"status {old.metadata.status} -> {new.metadata.status}")
    before = {c.id: c for c in old.reviews.comments}
    after = {c.id: c for c in new.reviews.comments}
    for key in sorted(after.keys() - before.keys()):
        out.append(f"comment {key} by {after[key].author} added")
    for key in sorted(before.keys() - after.keys()):
        out.append(f"comment {key} removed")
    for key in sorted(before.keys() & after.keys()):
        if before[key] != after[key]:
            now = after[key]
            out.append(f"comment {key} " + ("resolved" if now.resolved and not
                                             before[key].resolved else "edited"))
    was = [a.model_dump_json() for a in old.reviews.approvals]
    now_ = [a.model_dump_json() for a in new.reviews.approvals]
    for a in new.reviews.approvals:
        if a.model_dump_json() not in was:
            out.append(f"{'approval' if a.decision == 'approve' else 'rejection'} by "
                       f"{a.reviewer} ({a.date.date().isoformat()}) added")
    for a in old.reviews.approvals:
        if a.model_dump_json() not in now_:
            out.append(f"{'approval' if a.decision == 'approve' else 'rejection'} by "
                       f"{a.reviewer} ({a.date.date().isoformat()}) removed")
    return out
