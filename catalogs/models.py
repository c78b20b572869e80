"""Pydantic models of the catalogs: what can be placed, where, and what each figure rests on.

Every figure is a :class:`Figure` carrying either a ``source`` (publication or URL) or an
``assumption`` (ours, stated, and overridable in a design).  In the YAML a plain number stands
for a figure backed by its entry's ``source``; the loader turns it into a full ``Figure`` so
that nothing downstream ever sees an unsourced number.

Every figure is also range-checked: its value must be a finite number within the
:class:`Range` stated on its field (and repeated in the field's description), so that a user's
catalog folder cannot feed the analysis a negative rating, an SLA of 250 % or a zero divisor.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    model_validator,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

Provider = Literal["azure", "aws", "google", "on-premises"]
Tenancy = Literal["dedicated", "shared"]


def _num(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) and abs(x) < 1e15 else f"{x:g}"


@dataclass(frozen=True)
class Range:
    """The values a figure may take: finite, above ``low`` (or at it when ``low_inclusive``)
    and at most ``high`` (below it unless ``high_inclusive``), in ``unit``."""

    low: float
    high: float
    unit: str
    low_inclusive: bool = False
    high_inclusive: bool = True

    def __str__(self) -> str:
        return (f"{'at least' if self.low_inclusive else 'more than'} {_num(self.low)} and "
                f"{'at most' if self.high_inclusive else 'less than'} {_num(self.high)} "
                f"({self.unit})")

    def problem(self, value: float) -> str | None:
        """Why ``value`` is out of range, or None when it is within it."""
        if not math.isfinite(value):
            return f"must be a finite number; got {value}"
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return None if above and below else f"must be {self}; got {_num(value)}"

    def __call__(self, fig: Figure) -> Figure:
        message = self.problem(fig.value)
        if message is not None:
            raise PydanticCustomError("out_of_range", message)
        return fig


def within(low: float, high: float, unit: str, *, low_inclusive: bool = False,
           high_inclusive: bool = True) -> AfterValidator:
    """Field metadata: the figure's value must lie in this :class:`Range`."""
    return AfterValidator(Range(low, high, unit, low_inclusive, high_inclusive))


@dataclass(frozen=True)
class ReadOnly:
    """Field metadata for a ``tuple[X, ...]`` or ``Mapping[K, V]`` field: the list or mapping a
    catalog file holds is validated (and its errors worded) as a list or dict, with at least
    ``min_length`` items, then kept as a tuple or a read-only view. Every caller shares one
    loaded catalog, so none may change it."""

    min_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        args = get_args(source)
        if get_origin(source) is tuple:
            read: CoreSchema = core_schema.list_schema(handler.generate_schema(args[0]),
                                                       min_length=self.min_length)
            return core_schema.no_info_after_validator_function(
                tuple, read, serialization=core_schema.wrap_serializer_function_ser_schema(
                    lambda value, dump: dump(list(value)), schema=read))
        read = core_schema.dict_schema(handler.generate_schema(args[0]),
                                       handler.generate_schema(args[1]))
        return core_schema.no_info_after_validator_function(
            MappingProxyType, read, serialization=core_schema.wrap_serializer_function_ser_schema(
                lambda value, dump: dump(dict(value)), schema=read))


Names = Annotated[tuple[str, ...], ReadOnly()]
NonEmptyNames = Annotated[tuple[str, ...], ReadOnly(min_length=1)]


class Figure(BaseModel):
    """A number and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    value: float = Field(description="finite; each field states its range")
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

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _lift_plain_figures(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return _lift(cls, data, data.get("source"))


@cache  # per model class: every entry of a section asks
def _figure_fields(model: type[BaseModel]) -> frozenset[str]:
    names = set()
    for name, info in model.model_fields.items():
        if "Figure" in str(info.annotation):
            names.add(name)
    return frozenset(names)


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
    sockets: int | None = Field(None, ge=1, le=64)
    cores: int = Field(gt=0, le=4096, description="physical cores (vCPUs / 2 for "
                       "hyper-threaded VMs), 1 to 4,096")
    vcpus: int | None = Field(None, ge=1, le=8192)


# An availability in percent: 100 % would mean "never down" and break the availability model.
Percent = Annotated[Figure, within(0, 100, "percent", high_inclusive=False)]
GRefsRating = Annotated[Figure, within(0, 1e9, "GRefs/s per host")]
GRefsCeiling = Annotated[Figure, within(0, 1e10, "GRefs/s")]
Minutes = Annotated[Figure, within(0, 10_080, "minutes, at most a week", low_inclusive=True)]


class Sla(BaseModel):
    """Availability by how the instances are deployed, in percent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    single: Percent | None = None
    availability_set: Percent | None = None
    zones: Percent | None = None
    pair: Percent | None = None


class Sku(_Entry):
    """Anything a component can be: a server or VM, a gateway, a storage or platform service."""

    provider: Provider
    category: Literal["compute", "network", "storage-service", "platform-service"]
    classes: NonEmptyNames = Field(description="what the SKU can serve, matched against a "
                                   "role's sku_classes")
    tenancy: Tenancy
    kind: str = Field(description="bare-metal, dedicated-host, vm, gateway, service, appliance")
    service: str = Field(description="the provider service it belongs to (BAA coverage)")
    platform: str | None = Field(None, description="storage platform, for 3-2-1 backups")
    cpu: Cpu | None = None
    memory_gb: Annotated[Figure, within(0, 1e6, "GB")] | None = None
    bandwidth_gbps: Annotated[Figure, within(0, 10_000, "Gbit/s")] | None = None
    grefs_per_s: GRefsRating | None = Field(None, description="estimated rating; derived from "
                                            "the calibration when absent")
    users_per_host: Annotated[Figure, within(0, 100_000, "users")] | None = None
    max_storage_iops: Annotated[Figure, within(0, 1e8, "IOPS")] | None = Field(
        None, description="the most remote-storage IOPS the VM passes (uncached), whatever its "
        "disks could do; absent when the provider publishes none")
    max_storage_throughput_mb_s: Annotated[Figure, within(0, 1e6, "MB/s")] | None = Field(
        None, description="the most remote-storage MB/s the VM passes (uncached)")
    sla: Sla = Sla()
    price_per_month_usd: Annotated[Figure, within(0, 1e9, "USD", low_inclusive=True)] \
        | None = None
    features: Names = ()
    notes: str | None = None


class StorageTier(_Entry):
    """A kind of storage a component's volumes can live on."""

    provider: Provider
    service: str
    platform: str
    media: Literal["flash", "hdd", "hybrid", "object"]
    max_iops: Annotated[Figure, within(0, 1e9, "IOPS")] | None = None
    iops_per_tb: Annotated[Figure, within(0, 1e9, "IOPS per TB")] | None = None
    max_throughput_mb_s: Annotated[Figure, within(0, 1e7, "MB/s")] | None = None
    latency_avg_ms: Annotated[Figure, within(0, 10_000, "ms")] | None = None
    latency_max_ms: Annotated[Figure, within(0, 10_000, "ms")] | None = None
    unit_size_tb: Annotated[tuple[Annotated[float, Field(gt=0, le=1e6)], ...], ReadOnly()] = ()
    single_vm_sla: Percent | None = Field(None, description="single-VM SLA when all disks are "
                                          "of this tier")
    encryption: NonEmptyNames
    supports_availability_set: bool = True
    supports_azure_disk_encryption: bool = True
    supports_site_recovery: bool = True
    limits: str | None = None


class Coordinates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Region(_Entry):
    provider: Provider
    location: str
    jurisdiction: str = Field(description="ISO country code where data rests, e.g. US")
    coordinates: Coordinates | None = None
    zones: Names = ()
    paired_region: str | None = None
    dedicated_skus: Names = ()
    dedicated_skus_without_zones: Names = Field(
        (), description="dedicated SKUs offered in the region but not in its zones (ALI for "
        "Epic in South Central US): place them in the region, not in a zone")


class Role(_Entry):
    """An EHR component role (PRODUCT.md §2)."""

    tier: str
    description: str
    stores_phi: bool
    clinical_path: bool = False
    odb_member: bool = Field(False, description="a member of the ODB mirror: production, DR, "
                             "reporting shadow or support copy")
    odb_storage: bool = Field(False, description="its storage is sized and checked by the Epic "
                              "ODB method (THR-005, THR-006, PLC-005)")
    exposure: Literal["private", "public-allowed"] = Field(
        "public-allowed", description="'private': it holds data at rest and must never have a "
        "public endpoint (CMP-005)")
    sku_classes: NonEmptyNames
    needs: Names = ()


class LinkKind(BaseModel):
    """Which roles a link of this kind may join: the one rule the editor and DSN-003 share."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    description: str
    carries_phi: bool
    source: str | None = None
    ends: Annotated[tuple[tuple[Names, Names], ...], ReadOnly(min_length=1)] = Field(
        description="pairs of (from roles, to roles); '*' matches any role, 'site' a clinical "
        "site")
    symmetric: bool = False


class Service(_Entry):
    """A provider service and whether a business associate agreement covers it."""

    provider: Provider
    baa_covered: bool | Literal["unverified"] = Field(
        description="true when the provider's BAA covers it, false when it does not, "
        "'unverified' when the provider's own list does not show it either way")


class Calibration(BaseModel):
    """How GRefs/s ratings are estimated from published single-host results, and the band
    around each estimate (see README, "Capacity ratings")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reference_grefs_per_core: Annotated[Figure, within(0, 1e6, "GRefs/s per core")]
    generation_factor: Annotated[
        Mapping[str, Annotated[Figure, within(0, 10, "x the reference core")]], ReadOnly()]
    large_host_cores: int = Field(ge=1, le=4096, description="above this many cores (1 to "
                                  "4,096) the NUMA factor applies")
    large_host_factor: Annotated[Figure, within(0, 1, "a derating factor")]
    # no estimate goes above the highest published result of its class
    single_host_ceiling: Annotated[Figure, within(0, 1e9, "GRefs/s")]
    ecp_ceiling: Annotated[Figure, within(0, 1e10, "GRefs/s")]
    # the band: low = expected x band_low, high = expected x band_high (before the ceilings)
    band_low: Annotated[Figure, within(0, 1, "x the expected rating")]
    band_high: Annotated[Figure, within(1, 3, "x the expected rating", low_inclusive=True)]
    published_points: Annotated[tuple[Annotated[Mapping[str, Any], ReadOnly()], ...],
                                ReadOnly()] = ()


class Assumptions(BaseModel):
    """Figures the analysis uses that are not tied to a SKU; a design may override each."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shared_tenancy_derating: Annotated[Figure, within(0, 1, "a derating factor")]
    shared_tenancy_grefs_ceiling: GRefsCeiling
    platform_grefs_ceiling: GRefsCeiling
    single_host_ecp_threshold: GRefsCeiling
    ecp_scaleout_factor: Annotated[Figure, within(1, 100, "x the single-host rating",
                                                  low_inclusive=True)]
    ecp_scaleout_low: Annotated[Figure, within(1, 100, "x the single-host rating",
                                               low_inclusive=True)]
    ecp_scaleout_high: Annotated[Figure, within(1, 100, "x the single-host rating",
                                                low_inclusive=True)]
    client_bandwidth_kbps_per_user: Annotated[Figure, within(0, 1e6, "kbit/s per user")]
    journal_mb_s_per_million_grefs: Annotated[Figure, within(0, 10_000, "MB/s per million "
                                                                        "GRefs/s")]
    sync_failover_rto_minutes: Minutes
    dr_promotion_rto_minutes: Minutes
    async_replication_lag_seconds: Annotated[Figure, within(0, 86_400, "seconds, at most a day",
                                                            low_inclusive=True)]
    dr_min_distance_km: Annotated[Figure, within(0, 20_040, "km, at most half the Earth's "
                                                 "circumference", low_inclusive=True)]
    grefs_per_concurrent_user: Annotated[Figure, within(0, 1e6, "GRefs/s per user")]
    odb_tb_per_thousand_users: Annotated[Figure, within(0, 1e6, "TB per thousand users")]

    @classmethod
    def range_of(cls, name: str) -> Range:
        """The range a value of the assumption ``name`` must lie in (KeyError if unknown)."""
        return _range_of(cls.model_fields[name].metadata)


def _range_of(metadata: list[Any]) -> Range:
    found = [m.func for m in metadata if isinstance(m, AfterValidator)
             and isinstance(m.func, Range)]
    assert len(found) == 1, metadata
    return found[0]


# ---------------------------------------------------------------------------- prices
Commitment = Literal["payg", "1y", "3y"]
COMMITMENTS: tuple[Commitment, ...] = ("payg", "1y", "3y")
PriceWhat = Literal["instance", "capacity", "iops", "throughput", "transfer"]
PriceUnit = Literal["hour", "month", "GB-month", "IOPS-month", "MBps-month", "GB"]
# what each kind of rate may be priced per
PRICE_UNITS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "instance": ("hour", "month"), "capacity": ("GB-month",), "iops": ("IOPS-month",),
    "throughput": ("MBps-month",), "transfer": ("GB",)})
Money = Annotated[Decimal, Field(ge=0, le=1_000_000_000, allow_inf_nan=False,
                                 description="USD, at least 0 and at most 1,000,000,000")]


class Rate(BaseModel):
    """One list price: an amount per unit, under a commitment, in a region or provider-wide.

    Its basis (``source`` with the date it was ``read``, or ``assumption``) is the price
    entry's unless the rate states its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    what: PriceWhat = Field(description="instance (per server, VM or gateway), capacity (per "
                            "GB stored), iops / throughput (provisioned), transfer (per GB "
                            "moved between regions)")
    amount: Money
    unit: PriceUnit
    commitment: Commitment = "payg"
    region: str | None = Field(None, description="catalog region id; absent: the provider-wide "
                               "default, used wherever no regional price is given")
    included: Money | None = Field(None, description="quantity included per instance at no "
                                   "charge (e.g. Premium SSD v2's 3,000 IOPS)")
    source: str | None = None
    read: dt.date | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _unit_fits(self) -> Rate:
        if self.unit not in PRICE_UNITS[self.what]:
            raise PydanticCustomError("price_unit", "a {what} price is per {units}, not per "
                                      "{unit}", {"what": self.what, "unit": self.unit,
                                                 "units": " or ".join(PRICE_UNITS[self.what])})
        return self


class Price(BaseModel):
    """The list prices of one catalog item (a SKU, a storage tier or a provider's inter-region
    transfer, ``<provider>-inter-region-transfer``), or why it has none (``unpriced``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="the priced item's id")
    currency: Literal["USD"] = "USD"
    source: str | None = Field(None, description="page title and URL the figures were read on")
    read: dt.date | None = Field(None, description="the date the figures were read (for an "
                                 "assumption: the date it was made)")
    assumption: str | None = Field(None, description="why these figures are ours, not a "
                                   "published list price; override them in a price file")
    unpriced: str | None = Field(None, description="why the item has no price (it is then a "
                                 "stated gap in every cost analysis)")
    rates: Annotated[tuple[Rate, ...], ReadOnly()] = ()

    @model_validator(mode="after")
    def _sourced(self) -> Price:
        if self.unpriced:
            if self.rates or self.source or self.assumption:
                raise PydanticCustomError("price_basis", "an unpriced item has no rates, "
                                          "source or assumption")
            return self
        if not self.rates:
            raise PydanticCustomError("price_basis", "a price needs 'rates' (or 'unpriced' "
                                      "with the reason it has none)")
        for rate in self.rates:
            source, read, assumption = self.basis_of(rate)
            if bool(source) == bool(assumption):
                raise PydanticCustomError("price_basis", "a price needs exactly one of "
                                          "'source' (with 'read') or 'assumption'")
            if source and read is None:
                raise PydanticCustomError("price_basis", "a sourced price needs 'read', the "
                                          "date its figures were read")
        keys = [(r.what, r.unit, r.commitment, r.region) for r in self.rates]
        if len(set(keys)) != len(keys):
            raise PydanticCustomError("price_basis", "two rates for the same what, unit, "
                                      "commitment and region")
        return self

    def basis_of(self, rate: Rate) -> tuple[str | None, dt.date | None, str | None]:
        """(source, read, assumption) of ``rate``: its own, else the entry's."""
        if rate.source or rate.assumption:
            return rate.source, rate.read, rate.assumption
        return self.source, self.read, self.assumption

    def basis_text(self, rate: Rate) -> str:
        """Where the figure comes from, as one line: 'Title (URL), read 2026-11-29' or
        'assumption: ...'."""
        source, read, assumption = self.basis_of(rate)
        if source:
            return f"{source}, read {read}"
        return f"assumption ({read}): {assumption}" if read else f"assumption: {assumption}"

    def figure(self, rate: Rate) -> Figure:
        source, read, assumption = self.basis_of(rate)
        return Figure(value=float(rate.amount), unit=f"USD per {rate.unit}",
                      source=f"{source}, read {read}" if source else None,
                      assumption=assumption)


class CostModel(BaseModel):
    """The figures the cost analysis turns a design into quantities with (README, "Cost")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hours_per_month: Annotated[Figure, within(0, 744, "hours per month")]
    backup_daily_change_share: Annotated[Figure, within(0, 1, "share of the data changed a "
                                                        "day", low_inclusive=True)]
    journal_average_share_of_peak: Annotated[Figure, within(0, 1, "x the peak journal rate")]
