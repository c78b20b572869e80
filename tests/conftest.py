from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from catalogs import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
FLAGSHIP = SAMPLES / "academic-medical-center-ali.yaml"


def without_variants(text: str) -> str:
    """A design file's text with its top-level ``variants:`` section taken out (the flagship
    holds one: tests that add their own start from the base alone)."""
    return re.sub(r"(?m)^variants:\n(?:[ -].*\n)*", "", text)

# The smallest design that loads: one region with two zones, a site, two components, a link.
MINIMAL: dict[str, Any] = {
    "schema_version": 2,
    "metadata": {"name": "Minimal"},
    "requirements": {"peak_grefs_per_s": 1_000_000, "concurrent_users": 500, "odb_size_tb": 4},
    "placement": {
        "regions": [{"id": "east", "catalog_region": "azure-eastus",
                     "zones": [{"id": "z1", "catalog_zone": "1"},
                               {"id": "z2", "catalog_zone": "2"}]}],
        "sites": [{"id": "hq", "name": "HQ"}],
    },
    "components": [
        {"id": "odb", "role": "odb-production", "sku": "azure-ali-s224se",
         "placement": {"region": "east", "zones": ["z1"]}},
        {"id": "citrix", "role": "hyperspace-presentation", "sku": "azure-d16s-v5", "count": 4,
         "placement": {"region": "east", "zones": ["z1", "z2"]}},
    ],
    "links": [{"id": "l1", "from": "hq", "to": "citrix", "kind": "client", "encrypted": True},
              {"id": "l2", "from": "citrix", "to": "odb", "kind": "client", "encrypted": True}],
}


def pytest_report_header() -> str:
    """The date this run sees (``make test-2031`` sets the clock years ahead): no test may
    depend on it, and the log shows which day the suite ran at."""
    from workbench import clock

    return f"clock: today is {clock.today()}"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(use_setting=False)


@pytest.fixture
def minimal() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)
