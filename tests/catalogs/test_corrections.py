"""Catalog figures corrected against the providers' own documentation (issue 11, point 3):
each test pins the corrected value and the source the catalog entry gives for it."""

from __future__ import annotations

import pytest

from catalogs.models import Sku

MSV3 = "msv3-mdsv3-medium-series"


def _fig(sku: Sku, name: str) -> float:
    fig = getattr(sku, name)
    assert fig is not None, f"{sku.id}.{name}"
    return fig.value


def test_m64s_v3_does_not_exist_and_real_msv3_sizes_replace_it(catalog):
    assert "azure-m64s-v3" not in catalog.skus
    for sku_id, vcpus, memory, iops, mb_s in (("azure-m48s-1-v3", 48, 974, 65_000, 1_560),
                                              ("azure-m96s-2-v3", 96, 1_946, 130_000, 3_120),
                                              ("azure-m176s-4-v3", 176, 3_892, 130_000, 4_000)):
        sku = catalog.skus[sku_id]
        assert sku.cpu.vcpus == vcpus and _fig(sku, "memory_gb") == memory
        assert _fig(sku, "max_storage_iops") == iops
        assert _fig(sku, "max_storage_throughput_mb_s") == mb_s
        assert MSV3 in sku.source and "IOPS/MBps" in sku.source


@pytest.mark.parametrize("sku_id", ["azure-m48s-1-v3", "azure-m96s-2-v3", "azure-m176s-4-v3"])
def test_msv3_runs_on_sapphire_rapids(catalog, sku_id):
    sku = catalog.skus[sku_id]
    assert sku.cpu.generation == "sapphire-rapids"
    assert "4th generation Intel Xeon Scalable" in sku.cpu.model
    assert "Sapphire Rapids" in sku.source


def test_u_6tb1_metal_is_eight_sockets_of_28_cores(catalog):
    sku = catalog.skus["aws-u-6tb1-metal"]
    assert (sku.cpu.sockets, sku.cpu.cores, sku.cpu.vcpus) == (8, 224, 448)
    assert sku.cpu.model == "Intel Xeon Platinum 8176M"
    assert "8 sockets" in sku.source and "28 cores each" in sku.source
    assert "aws.amazon.com/ec2/instance-types/high-memory" in sku.source


def test_google_bms_o2_ultramem_672(catalog):
    sku = catalog.skus["google-bms-o2-ultramem-672"]
    assert (sku.cpu.sockets, sku.cpu.cores, sku.cpu.vcpus) == (12, 336, 672)
    assert _fig(sku, "memory_gb") == 18 * 1024
    assert sku.memory_gb.assumption is None
    assert "12 sockets, 336 cores, 672 vCPU, 18 TB" in sku.source
    assert "cloud.google.com/bare-metal" in sku.source


def test_ultra_disk_per_disk_limits(catalog):
    tier = catalog.storage_tiers["azure-ultra-disk"]
    assert tier.max_iops.value == 400_000
    assert tier.max_throughput_mb_s.value == 10_000
    assert "400,000 IOPS and 10,000 MB/s per disk" in tier.source
    assert "disks-types#ultra-disks" in tier.source


def test_ali_for_epic_zones_only_in_east_us_and_west_us_2(catalog):
    scus = catalog.regions["azure-southcentralus"]
    assert set(scus.dedicated_skus_without_zones) == {"azure-ali-s224se", "azure-ali-s448se"}
    assert scus.zones == ("1", "2", "3")  # the region's zones serve VMs
    assert "South Central US is offered without availability zones" in scus.source
    for rid in ("azure-eastus", "azure-westus2"):
        region = catalog.regions[rid]
        assert "azure-ali-s448se" in region.dedicated_skus
        assert region.dedicated_skus_without_zones == () and region.zones


def test_us_east_1_has_six_zones(catalog):
    region = catalog.regions["aws-us-east-1"]
    assert len(region.zones) == 6
    assert "six zones" in region.source


def test_single_direct_connect_connection_has_no_sla(catalog):
    sku = catalog.skus["aws-direct-connect-10g"]
    assert sku.sla.single.source is None
    assert "no SLA" in sku.sla.single.assumption
    assert sku.sla.zones.value == 99.9
    assert "two or more Direct Connect locations" in sku.sla.zones.source
    assert "aws.amazon.com/directconnect/sla" in sku.source


def test_netapp_epic_reports_are_tr_3928_and_tr_3930(catalog):
    tier = catalog.storage_tiers["onprem-all-flash-array"]
    assert "TR-3928" in tier.source and "TR-3930" in tier.source
    for entry in (*catalog.skus.values(), *catalog.storage_tiers.values()):
        assert "TR-3923" not in (entry.source or "")


def test_ali_baa_coverage_is_unverified(catalog):
    service = catalog.services["azure-large-instances"]
    assert service.baa_covered == "unverified"
    assert "offering-hipaa-us" in service.source and "not listed" in service.source
    assert catalog.services["azure-virtual-machines"].baa_covered is True
    assert catalog.services["azure-preview-services"].baa_covered is False


def test_unverified_is_the_only_third_state():
    from catalogs.models import Service
    with pytest.raises(ValueError):
        Service.model_validate({"id": "x", "name": "x", "provider": "azure",
                                "baa_covered": "maybe", "source": "s"})


@pytest.mark.parametrize("sku_id,iops,mb_s", [("azure-e64bds-v5", 160_000, 4_000),
                                              ("azure-e32bds-v5", 117_920, 2_500)])
def test_ebdsv5_storage_limits(catalog, sku_id, iops, mb_s):
    """The size's highest uncached figure (Ultra Disk / Premium SSD v2, SCSI, not burst)."""
    sku = catalog.skus[sku_id]
    assert (_fig(sku, "max_storage_iops"), _fig(sku, "max_storage_throughput_mb_s")) == (iops, mb_s)
    assert "ebdsv5-ebsv5-series" in sku.source and "max uncached Ultra Disk" in sku.source
