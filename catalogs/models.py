"""Pydantic models of the catalogs: what can be placed, where, and what each figure rests on.

Every figure is a :class:`Figure` carrying either a ``source`` (publication or URL) or an
``assumption`` (ours, stated, and overridable in a design).  In the YAML a plain number stands
for a figure backed by its entry's ``source``; the loader turns it into a full ``Figure`` so
that nothing downstream ever sees an unsourced number.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Provider = Literal["azure", "aws", "google", "on-premises"]
Tenancy = Literal["dedicated", "shared"]


class Figure(BaseModel):
    """A number and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | None
    unit: str | None = None
    source: str | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        if bool(self.source) == bool(self.assumption):
            raise ValueError("a figure needs exactly one of 'source' or 'assumption'")
        return self

    @property
    def basis(self) -> str:
        return self.source or f"assumption: {self.assumption}"


class _Entry(BaseModel):
    """Base of catalog entries: plain numbers in figure fields inherit the entry's source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _lift_plain_figures(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return _lift(cls, data, data.get("source"))


def _figure_fields(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        if "Figure" in str(info.annotation):
            names.add(name)
    return names


def _lift(model: type[BaseModel], data: dict[str, Any], source: str | None) -> dict[str, Any]:
    out = dict(data)
    for name in _figure_fields(model):
        value = out.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not source:
                raise ValueError(f"{name}: a plain number needs the entry's 'source' (or write "
                                 "it as a mapping with 'source' or 'assumption')")
            out[name] = {"value": value, "source": source}
    sla = out.get("sla")
    if isinstance(sla, dict):
        out["sla"] = {k: ({"value": v, "source": source} if isinstance(v, (int, float))
                          and not isinstance(v, bool) else v) for k, v in sla.items()}
    return out


class Cpu(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    generation: str
    sockets: int | None = None
    cores: int = Field(gt=0, description="physical cores (vCPUs / 2 for hyper-threaded VMs)")
    vcpus: int | None = None


class Sla(BaseModel):
    """Availability by how the instances are deployed, in percent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    single: Figure | None = None
    availability_set: Figure | None = None
    zones: Figure | None = None
    pair: Figure | None = None


class Sku(_Entry):
    """Anything a component can be: a server or VM, a gateway, a storage or platform service."""

    provider: Provider
    category: Literal["compute", "network", "storage-service", "platform-service"]
    classes: list[str] = Field(min_length=1, description="what the SKU can serve, matched "
                               "against a role's sku_classes")
    tenancy: Tenancy
    kind: str = Field(description="bare-metal, dedicated-host, vm, gateway, service, appliance")
    service: str = Field(description="the provider service it belongs to (BAA coverage)")
    platform: str | None = Field(None, description="storage platform, for 3-2-1 backups")
    cpu: Cpu | None = None
    memory_gb: Figure | None = None
    bandwidth_gbps: Figure | None = None
    grefs_per_s: Figure | None = Field(None, description="estimated rating; derived from the "
                                       "calibration when absent")
    users_per_host: Figure | None = None
    sla: Sla = Sla()
    price_per_month_usd: Figure | None = None
    features: list[str] = []
    notes: str | None = None


class StorageTier(_Entry):
    """A kind of storage a component's volumes can live on."""

    provider: Provider
    service: str
    platform: str
    media: Literal["flash", "hdd", "hybrid", "object"]
    max_iops: Figure | None = None
    iops_per_tb: Figure | None = None
    max_throughput_mb_s: Figure | None = None
    latency_avg_ms: Figure | None = None
    latency_max_ms: Figure | None = None
    unit_size_tb: list[float] = []
    single_vm_sla: Figure | None = Field(None, description="single-VM SLA when all disks are "
                                         "of this tier")
    encryption: list[str] = Field(min_length=1)
    supports_availability_set: bool = True
    supports_azure_disk_encryption: bool = True
    supports_site_recovery: bool = True
    limits: str | None = None


class Coordinates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Region(_Entry):
    provider: Provider
    location: str
    jurisdiction: str = Field(description="ISO country code where data rests, e.g. US")
    coordinates: Coordinates | None = None
    zones: list[str] = []
    paired_region: str | None = None
    dedicated_skus: list[str] = []


class Role(_Entry):
    """An EHR component role (PRODUCT.md §2)."""

    tier: str
    description: str
    stores_phi: bool
    clinical_path: bool = False
    sku_classes: list[str] = Field(min_length=1)
    needs: list[str] = []


class LinkKind(BaseModel):
    """Which roles a link of this kind may join: the one rule the editor and DSN-003 share."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    carries_phi: bool
    source: str | None = None
    ends: list[tuple[list[str], list[str]]] = Field(
        min_length=1, description="pairs of (from roles, to roles); '*' matches any role, "
        "'site' a clinical site")
    symmetric: bool = False


class Service(_Entry):
    """A provider service and whether a business associate agreement covers it."""

    provider: Provider
    baa_covered: bool


class Calibration(BaseModel):
    """How GRefs/s ratings are estimated from published single-host results."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference_grefs_per_core: Figure
    generation_factor: dict[str, Figure]
    large_host_cores: int = Field(description="above this many cores the NUMA factor applies")
    large_host_factor: Figure
    published_points: list[dict[str, Any]] = []


class Assumptions(BaseModel):
    """Figures the analysis uses that are not tied to a SKU; a design may override each."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shared_tenancy_derating: Figure
    shared_tenancy_grefs_ceiling: Figure
    platform_grefs_ceiling: Figure
    single_host_ecp_threshold: Figure
    ecp_scaleout_factor: Figure
    client_bandwidth_kbps_per_user: Figure
    journal_mb_s_per_million_grefs: Figure
    sync_failover_rto_minutes: Figure
    dr_promotion_rto_minutes: Figure
    async_replication_lag_seconds: Figure
    dr_min_distance_km: Figure
    grefs_per_concurrent_user: Figure
