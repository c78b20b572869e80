"""The benchmark's synthetic designs are valid, realistic and deterministic (the timing itself
is measured by benchmarks/bench_validate.py, not by a test)."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import synthetic_design
from catalogs import load_catalog
from validators.engine import validate
from workbench.model.canonical import dump_design
from workbench.model.io import loads_design
from workbench.model.references import check_references


def test_synthetic_design_is_valid_and_clean():
    catalog = load_catalog(use_setting=False)
    design = synthetic_design(400)
    assert len(design.components) == 400
    assert check_references(design, catalog) == []
    report = validate(design, catalog)
    assert report.summary()["error"] == 0
    assert report.analysis.capacity.flow.served == design.requirements.peak_grefs_per_s
    assert len(design.placement.sites) == 16 and len(design.placement.regions) == 2


def test_synthetic_design_round_trips_and_is_deterministic():
    text = dump_design(synthetic_design(200))
    assert text == dump_design(synthetic_design(200))
    assert dump_design(loads_design(text, "synthetic.yaml").design) == text


def test_the_compare_benchmark_design_holds_a_variant_that_applies(tmp_path):
    from benchmarks.bench_compare import prepare
    from validators.compare import candidates_of
    from workbench.model.io import load_design

    path = prepare(120, tmp_path)
    design = load_design(str(path), load_catalog(use_setting=False)).design
    (variant,) = design.variants
    assert variant.changes  # the derived counterpart changes something
    assert [c.label for c in candidates_of(design)] == ["base", variant.name]


def test_a_synthetic_design_of_four_regions_passes_like_the_small_ones():
    """From 7,501 components on, the design spans four regions and 25,000+ users: its demand
    stays within what its one production database serves, and every presentation pool
    reaches it, so the large benchmarks measure a passing design."""
    catalog = load_catalog(use_setting=False)
    design = synthetic_design(7600)
    assert len(design.placement.regions) == 4
    report = validate(design, catalog)
    assert report.summary()["error"] == 0
    analysis = report.analysis
    assert analysis.capacity.flow.served == pytest.approx(design.requirements.peak_grefs_per_s)
    assert not [s.id for s in analysis.scenarios.within_domain() if s.breaks]
