"""Named design variants: the base design with one variant's changes applied (no Qt).

A variant (``variants:`` in the design file) is a name, a description, an optional tenancy
label and the changes from the base, per component: SKU, count, region or zones, storage.
Applying it gives an ordinary design (its ``variants`` emptied) that every command analyses
as it would any other file; a variant's fingerprint is that design's fingerprint. The base's
fingerprint leaves the variants out (:func:`workbench.model.canonical.fingerprint`), so adding,
changing or deriving a variant never invalidates an approval of the base.

Variants change components; they neither add nor remove them: a different topology is a
different design file (compare the two files).
"""

from __future__ import annotations

from catalogs import suggest
from catalogs.errors import InputError, Problem, format_path

from .canonical import fingerprint
from .design import Component, ComponentChange, ComponentPlacement, Design, Storage, Variant

Path_ = tuple[str | int, ...]


class VariantConflict(ValueError):
    """A change that cannot be applied to the base, at ``path`` (from the design's root)."""

    def __init__(self, path: Path_, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def variant_names(design: Design) -> list[str]:
    """The variants the design holds, in file order."""
    return [v.name for v in design.variants]


def find_variant(design: Design, name: str, source: str | None = None) -> tuple[int, Variant]:
    """The variant called ``name`` with its index; an unknown name is one InputError line
    that lists the variants the file holds."""
    for n, variant in enumerate(design.variants):
        if variant.name == name:
            return n, variant
    names = variant_names(design)
    holds = f"the file holds {', '.join(names)}" if names else "the file holds no variants"
    raise InputError([Problem(f"no variant '{name}'{suggest(name, names)}; {holds}", source,
                              path="--variant")])


def apply_variant(design: Design, name: str, source: str | None = None) -> Design:
    """The base with the variant's changes applied and ``variants`` emptied. Raises InputError
    (one line naming the field) for an unknown variant or a change that does not apply."""
    n, variant = find_variant(design, name, source)
    try:
        return applied(design, variant, n)
    except VariantConflict as exc:
        raise InputError([Problem(exc.message, source, path=format_path(exc.path))]) from None


def variant_fingerprint(design: Design, name: str) -> str:
    """The fingerprint of the variant: that of the applied design."""
    return fingerprint(apply_variant(design, name))


def applied(design: Design, variant: Variant, index: int = 0) -> Design:
    """``design`` with ``variant`` (the variant at ``index`` of its list, for messages)
    applied; raises VariantConflict."""
    position = {c.id: i for i, c in enumerate(design.components)}
    components = list(design.components)
    for c, change in enumerate(variant.changes):
        at: Path_ = ("variants", index, "changes", c)
        i = position.get(change.component)
        if i is None:
            raise VariantConflict((*at, "component"), f"unknown component "
                                  f"'{change.component}'{suggest(change.component, position)}")
        components[i] = changed(components[i], change, at)
    return design.model_copy(update={"components": components, "variants": []})


def changed(comp: Component, change: ComponentChange, at: Path_ = ()) -> Component:
    """One component with one change applied. A new region places the component in that
    region (in ``zones`` when given, else regionally) and out of its proximity group; zones
    alone move it between the zones of its region. Storage fields replace the base's; a
    component without storage needs at least a tier and a size."""
    update: dict[str, object] = {}
    if change.sku is not None:
        update["sku"] = change.sku
    if change.count is not None:
        update["count"] = change.count
    if change.region is not None:
        update["placement"] = ComponentPlacement(
            region=change.region, zones=list(change.zones or []),
            availability_set=comp.placement.availability_set)
    elif change.zones is not None:
        update["placement"] = comp.placement.model_copy(update={"zones": list(change.zones)})
    if change.storage is not None:
        given = change.storage.model_dump(exclude_none=True)
        if comp.storage is None and not {"tier", "size_tb"} <= set(given):
            raise VariantConflict((*at, "storage"), f"{comp.id} has no storage in the base "
                                  "design: give at least tier and size_tb")
        base = comp.storage.model_dump() if comp.storage is not None else {}
        update["storage"] = Storage.model_validate({**base, **given})
    return comp.model_copy(update=update)


def with_variant(design: Design, variant: Variant) -> list[Variant]:
    """The design's variants with ``variant`` added at the end, or in place of the variant of
    the same name."""
    names = variant_names(design)
    if variant.name in names:
        out = list(design.variants)
        out[names.index(variant.name)] = variant
        return out
    return [*design.variants, variant]
