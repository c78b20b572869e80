"""Migrations of the raw design mapping, oldest first, run before validation.

Each step takes the mapping of version N and returns version N+1; the chain never goes
backwards.  A golden file of every past version lives in tests/fixtures/formats/.

Within a schema version, a field added later whose absence in older files means something
other than its default for new records is filled in by a step of ``CURRENT_STEPS``, run on
every file after the chain: an approval without ``fingerprint_version`` was written before
fingerprints had versions, so it is version 1 (the order-dependent fingerprint); new
approvals are version 2 (the model's default). Saving the file writes the version out, and the
approval stays valid (workbench.model.canonical.approval_matches re-checks it under version 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .design import SCHEMA_VERSION

Raw = dict[str, Any]


def _v1_to_v2(raw: Raw) -> Raw:
    """Version 1 (the early drafts): metadata.title, requirements.peak_grefs, components with
    top-level region/zone, links with type/encrypted_in_transit. A value of the wrong type is
    left as it is, for the schema to say what is wrong with it and where."""
    out = dict(raw)
    meta = out.get("metadata")
    if isinstance(meta, dict) and "title" in meta:
        meta = dict(meta)
        meta["name"] = meta.pop("title")
        out["metadata"] = meta
    req = out.get("requirements")
    if isinstance(req, dict) and "peak_grefs" in req:
        req = dict(req)
        req["peak_grefs_per_s"] = req.pop("peak_grefs")
        out["requirements"] = req
    comps = []
    for comp in _items(out, "components"):
        if isinstance(comp, dict) and "placement" not in comp and ("region" in comp
                                                                    or "site" in comp):
            comp = dict(comp)
            placement: Raw = {}
            if "region" in comp:
                placement["region"] = comp.pop("region")
            zone = comp.pop("zone", None)
            if zone is not None:
                placement["zones"] = [zone]
            if "site" in comp:
                placement["site"] = comp.pop("site")
            comp["placement"] = placement
        comps.append(comp)
    if isinstance(out.get("components"), list):
        out["components"] = comps
    links = []
    for link in _items(out, "links"):
        if isinstance(link, dict):
            link = dict(link)
            if "type" in link:
                link["kind"] = link.pop("type")
            if "encrypted_in_transit" in link:
                link["encrypted"] = link.pop("encrypted_in_transit")
        links.append(link)
    if isinstance(out.get("links"), list):
        out["links"] = links
    out["schema_version"] = 2
    return out


def _items(raw: Raw, key: str) -> list[Any]:
    """The list under ``key``, or nothing to migrate when it is missing or not a list."""
    value = raw.get(key)
    return value if isinstance(value, list) else []


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2}


def _approvals_before_fingerprint_versions(raw: Raw) -> Raw:
    """Approvals that do not state ``fingerprint_version`` were recorded under version 1."""
    reviews = raw.get("reviews")
    if not isinstance(reviews, dict):
        return raw
    approvals = reviews.get("approvals")
    if not isinstance(approvals, list) or not any(
            isinstance(a, dict) and "fingerprint_version" not in a for a in approvals):
        return raw
    stated = [{**a, "fingerprint_version": 1} if isinstance(a, dict)
              and "fingerprint_version" not in a else a for a in approvals]
    return {**raw, "reviews": {**reviews, "approvals": stated}}


CURRENT_STEPS: tuple[Callable[[Raw], Raw], ...] = (_approvals_before_fingerprint_versions,)


class MigrationError(ValueError):
    pass


def migrate(raw: Raw) -> tuple[Raw, int]:
    """Bring a raw mapping to the current schema version; returns it and the version read."""
    if "schema_version" not in raw:
        raise MigrationError(f"missing 'schema_version' (this workbench writes "
                             f"'schema_version: {SCHEMA_VERSION}' as the first line)")
    version = raw["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise MigrationError(f"schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise MigrationError(f"schema_version {version} was written by a newer workbench; "
                             f"this one reads versions 1 to {SCHEMA_VERSION}")
    if version < 1:
        raise MigrationError(f"schema_version {version} does not exist (versions 1 to "
                             f"{SCHEMA_VERSION})")
    start = version
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    for step in CURRENT_STEPS:
        raw = step(raw)
    return raw, start
