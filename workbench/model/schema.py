"""The published JSON Schema of the design file, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from .design import SCHEMA_VERSION, Design

SCHEMA_ID = f"urn:ehrwb:schema:design:v{SCHEMA_VERSION}"


def design_json_schema() -> dict[str, Any]:
    schema = Design.model_json_schema(mode="validation", by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "EHR Topology Workbench design",
        "description": (f"A design file, schema_version {SCHEMA_VERSION}. Catalog references "
                        "(role, sku, catalog_region, storage tier, link kind) are checked "
                        "against the catalog on load; see 'ehrwb catalog'."),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
