"""Migrations of the raw design mapping, oldest first, run before validation.

Each step takes the mapping of version N and returns version N+1; the chain never goes
backwards.  A golden file of every past version lives in tests/fixtures/formats/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .design import SCHEMA_VERSION

Raw = dict[str, Any]


def _v1_to_v2(raw: Raw) -> Raw:
    """Version 1 (the early drafts): metadata.title, requirements.peak_grefs, components with
    top-level region/zone, links with type/encrypted_in_transit."""
    out = dict(raw)
    meta = dict(out.get("metadata") or {})
    if "title" in meta:
        meta["name"] = meta.pop("title")
    out["metadata"] = meta
    req = out.get("requirements")
    if isinstance(req, dict) and "peak_grefs" in req:
        req = dict(req)
        req["peak_grefs_per_s"] = req.pop("peak_grefs")
        out["requirements"] = req
    comps = []
    for comp in out.get("components") or []:
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
    if "components" in out:
        out["components"] = comps
    links = []
    for link in out.get("links") or []:
        if isinstance(link, dict):
            link = dict(link)
            if "type" in link:
                link["kind"] = link.pop("type")
            if "encrypted_in_transit" in link:
                link["encrypted"] = link.pop("encrypted_in_transit")
        links.append(link)
    if "links" in out:
        out["links"] = links
    out["schema_version"] = 2
    return out


MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2}


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
    return raw, start
