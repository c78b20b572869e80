"""One loaded catalog is shared by every caller: it is read again whenever a file of its folders
is added, removed or changed, and no caller can change it for the others."""

from __future__ import annotations

import dataclasses
import os
from operator import setitem
from pathlib import Path

import pytest
from pydantic import ValidationError

from catalogs import Catalog, load_catalog
from catalogs.listing import catalog_json
from catalogs.models import Figure

# file times set by the tests, never read from the clock: 2001-09-09 and a day later
OLDER_NS = 1_000_000_000 * 10**9
NEWER_NS = OLDER_NS + 86_400 * 10**9


def _service(folder: Path, name: str, service_id: str, mtime_ns: int, *,
             display: str = "A service") -> Path:
    path = folder / name
    path.write_text(f"services:\n  - {{id: {service_id}, name: {display}, provider: azure, "
                    "baa_covered: true, source: test}\n")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def _services(folder: Path) -> set[str]:
    return {s for s in load_catalog([folder], use_setting=False).services if s.startswith("t-")}


def test_an_unchanged_catalog_is_read_once(tmp_path):
    _service(tmp_path, "a.yaml", "t-a", OLDER_NS)
    assert load_catalog([tmp_path], use_setting=False) is load_catalog([tmp_path],
                                                                       use_setting=False)


def test_deleting_an_older_file_is_seen_on_the_next_load(tmp_path):
    older = _service(tmp_path, "a.yaml", "t-a", OLDER_NS)
    _service(tmp_path, "b.yaml", "t-b", NEWER_NS)
    assert _services(tmp_path) == {"t-a", "t-b"}
    older.unlink()  # the newest file time of the folder stays the same
    assert _services(tmp_path) == {"t-b"}


def test_adding_a_file_older_than_the_others_is_seen(tmp_path):
    _service(tmp_path, "b.yaml", "t-b", NEWER_NS)
    assert _services(tmp_path) == {"t-b"}
    _service(tmp_path, "a.yaml", "t-a", OLDER_NS)
    assert _services(tmp_path) == {"t-a", "t-b"}


def test_a_changed_file_with_its_old_time_put_back_is_seen(tmp_path):
    _service(tmp_path, "a.yaml", "t-a", OLDER_NS)
    assert load_catalog([tmp_path], use_setting=False).services["t-a"].name == "A service"
    _service(tmp_path, "a.yaml", "t-a", OLDER_NS, display="Another service")
    assert load_catalog([tmp_path], use_setting=False).services["t-a"].name == "Another service"


def test_a_file_of_a_folder_named_by_the_setting_is_seen(tmp_path, monkeypatch):
    monkeypatch.setenv("EHRWB_CATALOG_PATH", str(tmp_path))
    older = _service(tmp_path, "a.yaml", "t-a", OLDER_NS)
    _service(tmp_path, "b.yaml", "t-b", NEWER_NS)
    assert {"t-a", "t-b"} <= set(load_catalog().services)
    older.unlink()
    assert "t-a" not in load_catalog().services


FIGURE = Figure(value=1.0, source="mine")

# Ways a caller might try to change the catalog it was handed, each with the error it gets
CHANGES = {
    "add a SKU": (lambda c: setitem(c.skus, "mine", c.skus["azure-d16s-v5"]), TypeError),
    "drop a role": (lambda c: c.roles.pop("arbiter"), AttributeError),
    "clear the regions": (lambda c: c.regions.clear(), AttributeError),
    "replace a section": (lambda c: setattr(c, "skus", {}),
                          dataclasses.FrozenInstanceError),
    "rename a SKU": (lambda c: setattr(c.skus["azure-d16s-v5"], "name", "x"), ValidationError),
    "give a SKU a class": (lambda c: c.skus["azure-d16s-v5"].classes.append("x"),
                           AttributeError),
    "add a zone": (lambda c: c.regions["azure-eastus"].zones.append("9"), AttributeError),
    "join a link kind to a role": (lambda c: c.link_kinds["client"].ends[0][0].append("x"),
                                   AttributeError),
    "add a CPU generation": (lambda c: setitem(c.calibration.generation_factor, "mine",
                                               FIGURE), TypeError),
    "edit a published point": (lambda c: setitem(c.calibration.published_points[0], "cores",
                                                 1), TypeError),
    "lower an assumption": (lambda c: setattr(c.assumptions, "shared_tenancy_derating",
                                              FIGURE), ValidationError),
    "add a folder": (lambda c: c.folders.append("/tmp"), AttributeError),
}


@pytest.mark.parametrize("change", CHANGES)
def test_no_caller_can_change_the_shared_catalog(change):
    act, error = CHANGES[change]
    catalog = load_catalog(use_setting=False)
    listing = catalog_json(catalog)
    with pytest.raises(error):
        act(catalog)
    again = load_catalog(use_setting=False)
    assert again is catalog and catalog_json(again) == listing


def test_a_catalog_keeps_a_copy_of_the_sections_it_is_given():
    sku = load_catalog(use_setting=False).skus["azure-d16s-v5"]
    skus = {sku.id: sku}
    catalog = Catalog(skus=skus, folders=["mine"])
    skus.clear()
    assert list(catalog.skus) == [sku.id] and catalog.folders == ("mine",)
