"""Catalog integrity: unique ids, every figure sourced or marked an assumption, calibration
that reproduces the published results, users' own folders, located errors."""

from __future__ import annotations

import pytest

from catalogs import SITE, load_catalog
from catalogs.errors import InputError
from catalogs.models import Figure, Sku
from tests.conftest import FIXTURES

USER_DIR = FIXTURES / "catalog-user"


def test_every_figure_has_a_source_or_is_an_assumption(catalog):
    figures = list(catalog.every_figure())
    assert len(figures) > 150
    for where, fig in figures:
        assert bool(fig.source) != bool(fig.assumption), where
        assert (fig.source or fig.assumption).strip(), where


def test_a_plain_number_without_a_source_is_refused():
    with pytest.raises(ValueError, match="needs the entry's 'source'"):
        Sku.model_validate({"id": "x", "name": "x", "provider": "azure", "category": "compute",
                            "classes": ["general-purpose"], "tenancy": "shared", "kind": "vm",
                            "service": "azure-virtual-machines", "memory_gb": 64})


def test_a_figure_needs_exactly_one_basis():
    with pytest.raises(ValueError):
        Figure(value=1.0)
    with pytest.raises(ValueError):
        Figure(value=1.0, source="a", assumption="b")


def test_ids_are_unique_within_the_builtin_files(tmp_path):
    (tmp_path / "dup.yaml").write_text(
        "services:\n  - {id: a, name: A, provider: azure, baa_covered: true, source: s}\n"
        "  - {id: a, name: A2, provider: azure, baa_covered: true, source: s}\n")
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    (p,) = info.value.problems
    assert "duplicate id 'a'" in p.message and p.line == 3 and p.file.endswith("dup.yaml")


def test_catalog_contents_cover_the_brief(catalog):
    dedicated = {s.id for s in catalog.skus.values() if s.tenancy == "dedicated"}
    assert {"azure-ali-s224se", "azure-ali-s448se", "azure-dedicated-host-edsv5-type1",
            "aws-u-6tb1-metal", "google-bms-o2-ultramem-672",
            "onprem-reference-4s-e7-8890v3"} <= dedicated
    shared = {s.id for s in catalog.skus.values() if s.tenancy == "shared"}
    assert {"azure-m176bds-4-v3", "azure-m416bs-v3", "azure-m176s-4-v3", "azure-e64bds-v5",
            "azure-e32ds-v5", "azure-d16s-v5", "aws-r7i-48xlarge", "aws-x2iedn-32xlarge",
            "google-m3-megamem-128"} <= shared
    assert {"ali-netapp-flash", "azure-ultra-disk", "azure-premium-ssd-v2",
            "azure-netapp-files-ultra", "aws-io2-block-express", "aws-fsx-ontap"} \
        <= set(catalog.storage_tiers)
    providers = {r.provider for r in catalog.regions.values()}
    assert {"azure", "aws", "google"} <= providers
    epic_ali = {r.id for r in catalog.regions.values() if "azure-ali-s224se" in r.dedicated_skus}
    assert epic_ali == {"azure-eastus", "azure-southcentralus", "azure-westus2"}
    assert catalog.roles["odb-production"].stores_phi
    assert "failover-member" in catalog.roles["odb-production"].needs
    assert not catalog.services["azure-preview-services"].baa_covered


def test_published_points_are_reproduced_by_the_calibration(catalog):
    cal = catalog.calibration
    for point in cal.published_points:
        estimate = point["cores"] * cal.reference_grefs_per_core.value \
            * cal.generation_factor[point["generation"]].value
        assert estimate == pytest.approx(point["grefs_per_s"], rel=0.01), point


def test_derived_rating_states_how(catalog):
    rating = catalog.grefs_rating("azure-ali-s224se")
    # 112 cores x 97,222 x 1.25 (cooper-lake) = 13,611,080: above the highest published
    # single-host result, so the estimate stops at 7,000,000 and says so
    assert rating.value == 7_000_000
    assert rating.assumption.startswith("estimated as 112 cores x 97,222")
    assert "capped at 7 M, the highest published single-host result" in rating.assumption
    published = catalog.grefs_rating("onprem-reference-4s-e7-8890v3")
    assert published.value == 7_000_000 and published.source


def test_an_estimate_is_a_band_with_its_reason(catalog):
    """E32bds_v5: 16 cores, Ice Lake (generation factor 1.35, an assumption).
    raw 16 x 97,222 x 1.35 = 2,099,995.2 -> expected 2,100,000; high x 1.1 -> 2,310,000;
    low: the generation's uplift is not published, so no uplift, and x 0.85 for the workload
    mix: 16 x 97,222 x 0.85 = 1,322,219.2 -> 1,322,000."""
    band = catalog.grefs_band("azure-e32bds-v5")
    assert (band.low, band.expected, band.high) == (1_322_000, 2_100_000, 2_310_000)
    assert "workload mix" in band.reason and "ice-lake uplift is an assumption" in band.reason
    reference = catalog.grefs_band("onprem-reference-4s-e7-8890v3")  # a published figure
    assert reference.low == reference.expected == reference.high == 7_000_000
    assert not reference.estimated


def test_no_estimate_exceeds_the_highest_published_single_host_result(catalog):
    ceiling = max(p["grefs_per_s"] for p in catalog.calibration.published_points)
    assert ceiling == catalog.calibration.single_host_ceiling.value == 7_000_000
    for sku in catalog.skus:
        band = catalog.grefs_band(sku)
        if band is not None and band.estimated:
            assert band.low <= band.expected <= band.high <= ceiling, sku


def test_published_generations_reproduce_their_results(catalog):
    cal = catalog.calibration
    for point in cal.published_points:
        factor = cal.generation_factor[point["generation"]]
        assert factor.source, point  # a published generation, not an assumption
        rating = point["cores"] * cal.reference_grefs_per_core.value * factor.value
        assert rating == pytest.approx(point["grefs_per_s"], rel=0.001), point


def test_the_ecp_multiple_is_derived_from_published_results(catalog):
    """Ivy Bridge: 21 M with ECP / 4.2 M on one host = 5 (high); 21 M / 7 M (Haswell, the same
    Cache release) = 3 (low); expected 21 / (4.2 x 1.25) = 4."""
    a = catalog.assumptions
    assert (a.ecp_scaleout_low.value, a.ecp_scaleout_factor.value,
            a.ecp_scaleout_high.value) == (3.0, 4.0, 5.0)
    assert "21 M" in a.ecp_scaleout_low.source and "7 M" in a.ecp_scaleout_low.source
    assert "4.2 M" in a.ecp_scaleout_high.source
    assert catalog.calibration.ecp_ceiling.value == 21_000_000
    assert a.shared_tenancy_derating.value == 0.9  # the published runs were virtualised
    assert "already ran under a hypervisor" in a.shared_tenancy_derating.assumption


def test_every_sla_is_a_percentage(catalog):
    for sku in catalog.skus.values():
        for name in ("single", "availability_set", "zones", "pair"):
            fig = getattr(sku.sla, name)
            if fig is not None:
                assert 90 <= fig.value < 100, (sku.id, name)


def test_link_kinds_fit_their_ends(catalog):
    fits = catalog.link_kind_fits
    assert fits("mirror-sync", "odb-production", "odb-production")
    assert not fits("mirror-sync", "odb-production", "odb-dr")
    assert fits("mirror-async", "odb-production", "odb-dr")
    assert not fits("mirror-async", "odb-dr", "odb-production")
    assert fits("ecp", "ecp-app-server", "odb-production")
    assert not fits("ecp", "hyperspace-presentation", "odb-production")
    assert fits("client", SITE, "expressroute-gateway")
    assert not fits("backup", SITE, "backup-target")
    assert fits("backup", "clarity", "backup-target")
    assert fits("admin", SITE, "odb-production")
    assert not fits("no-such-kind", "clarity", "clarity")
    assert catalog.link_kinds_between("odb-production", "odb-production") == \
        ["mirror-sync", "admin"]


def test_skus_for_role_follow_classes(catalog):
    odb = {s.id for s in catalog.skus_for_role("odb-production")}
    assert "azure-ali-s224se" in odb and "azure-blob-immutable" not in odb
    assert {s.id for s in catalog.skus_for_role("backup-target")} >= {"azure-blob-immutable"}


def test_user_folder_adds_and_overrides():
    cat = load_catalog([USER_DIR], use_setting=False)
    assert cat.skus["onprem-hcg-db-server"].grefs_per_s.value == 30_000_000
    assert cat.grefs_rating("azure-ali-s224se").value == 15_500_000
    assert cat.assumptions.shared_tenancy_derating.value == 0.7
    assert cat.assumptions.platform_grefs_ceiling.value == 50_000_000  # kept
    assert cat.folders[-1] == str(USER_DIR)


def test_setting_names_user_folders(monkeypatch):
    monkeypatch.setenv("EHRWB_CATALOG_PATH", str(USER_DIR))
    assert "onprem-hcg-db-server" in load_catalog().skus
    assert "onprem-hcg-db-server" not in load_catalog(use_setting=False).skus


def test_bad_user_catalog_is_located(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "skus:\n  - id: x1\n    name: X\n    provider: azur\n    category: compute\n"
        "    classes: [general-purpose]\n    tenancy: shared\n    kind: vm\n"
        "    service: azure-vm\n")
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    text = str(info.value)
    assert "bad.yaml:4:" in text and "skus[0].provider" in text


def test_dangling_catalog_reference_suggests(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "skus:\n  - {id: x1, name: X, provider: azure, category: compute, "
        "classes: [general-purpose], tenancy: shared, kind: vm, service: azure-virtual-machine}\n")
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    assert "did you mean 'azure-virtual-machines'?" in str(info.value)


def test_missing_user_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_catalog([tmp_path / "nope"], use_setting=False)


def test_a_price_for_nothing_in_a_users_folder_is_reported_at_its_entry(tmp_path):
    (tmp_path / "prices.yaml").write_text(
        "prices:\n"
        "  - id: azure-d8s-v5\n    source: our quote\n    read: 2026-01-01\n"
        "    rates:\n      - {what: instance, amount: 1.0, unit: hour}\n"
        "  - id: no-such-sku\n    source: our quote\n    read: 2026-01-01\n"
        "    rates:\n      - {what: instance, amount: 2.0, unit: hour}\n")
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    (p,) = [p for p in info.value.problems if "no-such-sku" in p.message]
    assert (p.file, p.line, p.column) == (str(tmp_path / "prices.yaml"), 7, 5)
