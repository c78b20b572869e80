"""What a design costs: its bill of materials priced at the catalog's list prices, per month and
over the planning horizon (README, "Cost").

The model, every quantity from the design file and the catalog's ``cost_model`` figures:

- **Instances** (servers, VMs, gateways, load balancers: any SKU priced per instance):
  count x hours a month (730) x the hourly price, or count x the monthly price.
- **Storage** (a component's ``storage``, for each of its ``count`` instances): size in TB x
  1,000 GB x the tier's GB-month price, plus provisioned IOPS and MB/s above what the tier
  includes x their monthly prices, where the tier charges them.
- **Backup storage**: a backup target (a storage-service SKU) at the far end of a ``backup``
  link keeps, of each component it protects, one full copy plus each day's changes for the
  retention period: storage GB x count x (1 + daily change share x retention days), the
  component's backup policy (or the policy's defaults); priced per GB-month at the target's
  price. A target fed by a ``replication`` link from another target keeps the same.
- **DR replication traffic**: every component that receives a ``mirror-async`` link from
  another region receives one journal stream: journal MB/s (the sizing guide's, the design's
  ``peak_journal_mb_s`` or the estimate from peak GRefs/s) x its average share of the peak x
  3,600 s x hours a month / 1,000 GB, and a ``replication`` link between backup targets in two
  regions moves each day's changes (protected GB x daily change share x hours a month / 24);
  priced per GB at the sending provider's inter-region transfer price.
- **Prices**: the price for the component's catalog region, else the provider-wide default
  (each line says which). Instances take the design's ``policy.pricing.commitment`` (pay as you
  go, 1- or 3-year reserved), falling back to pay as you go where the catalog offers no such
  price (each line says which it used); storage, backup and transfer are pay as you go.
- **Horizon**: compute, gateways and on-premises equipment stay the designed configuration;
  storage, backup and traffic grow with demand at ``requirements.annual_growth_pct``. Year y
  (0 to horizon - 1) costs 12 x (fixed + growing x (1 + growth)^y), rounded to the cent.
- **Money** is exact: ``decimal.Decimal`` throughout, each line's monthly amount rounded half
  up to the cent.
- **Left out** (``excluded``): licences, support, staff, egress to users and what no price or
  no quantity exists for; an item without a price is a stated gap, never $0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from catalogs import Catalog
from catalogs.loader import TRANSFER
from catalogs.models import Price, Rate

from ..model.design import BackupPolicy, Component
from .facts import DesignFacts

CENT = Decimal("0.01")
GB_PER_TB = Decimal(1000)
EXCLUDED = (
    "Epic licences, and operating-system and database licences (Windows, SQL Server for "
    "Clarity and Caboodle, Citrix): VM prices are Linux list prices",
    "support contracts (provider and Epic), staff, operations and migration",
    "egress to users, sites and on-premises copies, ExpressRoute / Direct Connect circuits "
    "and carrier fees, load balancer data processing, storage transactions and log ingestion",
    "taxes and negotiated discounts (put your own prices in a price file)",
)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value: float) -> Decimal:
    """A design or catalog float as the decimal it was written as (0.1 stays 0.1, 730.0 is
    730)."""
    exact = Decimal(repr(value))
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact.normalize()


def _n(value: Decimal) -> str:
    """A quantity in a description: '60,000', '0.03', never '6E+4'."""
    return f"{value.normalize():,f}"


@dataclass(frozen=True)
class CostLine:
    """One priced quantity: what of which element, how much, at what price, from where."""

    element: str
    tier: str
    what: str
    item: str  # the priced catalog id
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    monthly: Decimal
    grows: bool  # grows with demand over the horizon
    commitment: str
    price_region: str | None  # None: the provider-wide default price
    basis: str

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "tier": self.tier, "what": self.what,
                "item": self.item, "description": self.description,
                "quantity": float(self.quantity), "unit": self.unit,
                "unit_price": float(self.unit_price), "monthly": float(self.monthly),
                "grows": self.grows, "commitment": self.commitment,
                "price_region": self.price_region, "source": self.basis}


@dataclass(frozen=True)
class CostGap:
    """Something the design holds that could not be priced, and why."""

    element: str
    item: str
    what: str
    reason: str

    def __str__(self) -> str:
        return f"{self.element}: {self.what} on {self.item}: {self.reason}"


@dataclass(frozen=True)
class Cost:
    currency: str
    commitment: str
    horizon_years: int
    growth_pct: Decimal
    lines: tuple[CostLine, ...]
    gaps: tuple[CostGap, ...]
    notes: tuple[str, ...]

    @property
    def monthly_cost(self) -> Decimal:
        return sum((line.monthly for line in self.lines), Decimal(0))

    @property
    def horizon_cost(self) -> Decimal:
        fixed = sum((x.monthly for x in self.lines if not x.grows), Decimal(0))
        growing = self.monthly_cost - fixed
        rate = 1 + self.growth_pct / 100
        return sum((cents(12 * (fixed + growing * rate ** year))
                    for year in range(self.horizon_years)), Decimal(0))

    @property
    def by_tier(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            out[line.tier] += line.monthly
        return dict(sorted(out.items()))

    @property
    def excluded(self) -> list[str]:
        return [*EXCLUDED, *(f"not priced: {gap}" for gap in self.gaps)]

    def to_json(self) -> dict[str, Any]:
        return {"currency": self.currency, "commitment": self.commitment,
                "monthly_cost": float(self.monthly_cost),
                "horizon_cost": float(self.horizon_cost),
                "horizon_years": self.horizon_years, "growth_pct": float(self.growth_pct),
                "by_tier": {k: float(v) for k, v in self.by_tier.items()},
                "lines": [x.to_json() for x in self.lines],
                "unpriced": [{"element": g.element, "item": g.item, "what": g.what,
                              "reason": g.reason} for g in self.gaps],
                "excluded": self.excluded, "notes": list(self.notes)}


class _Pricer:
    """Turns quantities into lines, or gaps when the catalog has no price."""

    def __init__(self, facts: DesignFacts) -> None:
        self.facts = facts
        self.catalog = facts.catalog
        self.commitment = facts.design.policy.pricing.commitment
        model = self.catalog.cost_model
        assert model is not None
        self.hours = _dec(model.hours_per_month.value)
        self.change = _dec(model.backup_daily_change_share.value)
        self.journal_share = _dec(model.journal_average_share_of_peak.value)
        self.lines: list[CostLine] = []
        self.gaps: list[CostGap] = []
        self.fallbacks: list[str] = []

    def rate(self, comp: Component | None, item: str, what: str, region: str | None,
             commitment: str = "payg") -> tuple[Price, Rate] | None:
        """The rate for ``what`` of ``item`` in ``region`` under ``commitment`` (else pay as
        you go; the regional price, else the provider-wide one), or None after noting a gap."""
        element = comp.id if comp is not None else item
        price = self.catalog.prices.get(item)
        if price is None or price.unpriced:
            reason = price.unpriced if price is not None and price.unpriced else \
                "no price in the catalog (add one in a price file)"
            self.gaps.append(CostGap(element, item, what, reason))
            return None
        rate = find_rate(price, what, region, commitment)
        if rate is not None:
            if rate.commitment != commitment:
                self.fallbacks.append(element)
            return price, rate
        self.gaps.append(CostGap(element, item, what, f"the price has no '{what}' rate"
                                 + (f" for region {region}" if region else "")))
        return None

    def add(self, comp: Component, what: str, item: str, found: tuple[Price, Rate],
            quantity: Decimal, unit: str, description: str, grows: bool,
            element: str | None = None) -> None:
        price, rate = found
        self.lines.append(CostLine(
            element or comp.id, self.facts.role(comp).tier, what, item, description, quantity,
            unit, rate.amount, cents(quantity * rate.amount), grows, rate.commitment,
            rate.region, price.basis_text(rate)))


def find_rate(price: Price, what: str, region: str | None, commitment: str = "payg") \
        -> Rate | None:
    """The rate for ``what`` in ``region`` under ``commitment``, else pay as you go; the
    regional rate, else the provider-wide one; None when the price has neither."""
    for wanted in dict.fromkeys((commitment, "payg")):
        for place in (region, None):
            for rate in price.rates:
                if (rate.what, rate.commitment, rate.region) == (what, wanted, place):
                    return rate
    return None


def instance_monthly(catalog: Catalog, sku: str, region: str | None,
                     commitment: str = "payg") -> Decimal | None:
    """What one instance of ``sku`` costs a month in catalog region ``region`` (as the
    bill of materials prices it); None when the catalog has no instance price for it."""
    price = catalog.prices.get(sku)
    rate = None if price is None or price.unpriced else \
        find_rate(price, "instance", region, commitment)
    if rate is None or catalog.cost_model is None:
        return None
    return rate.amount * (_dec(catalog.cost_model.hours_per_month.value)
                          if rate.unit == "hour" else 1)


def _region(facts: DesignFacts, comp: Component) -> str | None:
    region = facts.catalog_region(comp)
    return region.id if region is not None else None


def _instances(p: _Pricer, comp: Component) -> None:
    sku = p.facts.sku(comp)
    if sku.category == "storage-service":
        return  # priced by what it stores
    found = p.rate(comp, sku.id, "instance", _region(p.facts, comp), p.commitment)
    if found is None:
        return
    what = "network" if p.facts.is_network(comp) else "compute"
    count = Decimal(comp.count)
    if found[1].unit == "hour":
        p.add(comp, what, sku.id, found, count * p.hours, "instance-hours",
              f"{comp.count:,} x {sku.id} x {_n(p.hours)} h", grows=False)
    else:
        p.add(comp, what, sku.id, found, count, "instance-months",
              f"{comp.count:,} x {sku.id}", grows=False)


def _storage(p: _Pricer, comp: Component) -> None:
    storage = comp.storage
    if storage is None:
        return
    region, count = _region(p.facts, comp), Decimal(comp.count)
    found = p.rate(comp, storage.tier, "capacity", region)
    if found is not None:
        size = _dec(storage.size_tb) * GB_PER_TB
        p.add(comp, "storage", storage.tier, found, size * count, "GB-months",
              f"{comp.count:,} x {_n(size)} GB", grows=True)
    price = p.catalog.prices.get(storage.tier)
    for what, asked, unit in (("iops", storage.iops, "IOPS-months"),
                              ("throughput", storage.throughput_mb_s, "MBps-months")):
        if asked is None or price is None or not any(r.what == what for r in price.rates):
            continue  # nothing provisioned, or the tier does not charge it
        found = p.rate(comp, storage.tier, what, region)
        if found is None:
            continue
        free = found[1].included or Decimal(0)
        billed = max(Decimal(0), _dec(asked) - free)
        label = "provisioned IOPS" if what == "iops" else "provisioned MB/s"
        p.add(comp, label, storage.tier, found, billed * count, unit,
              f"{comp.count:,} x ({_n(_dec(asked))} - {_n(free)} included)", grows=True)


def _protected_gb(comp: Component) -> Decimal:
    assert comp.storage is not None
    return _dec(comp.storage.size_tb) * GB_PER_TB * comp.count


def _backups(p: _Pricer) -> dict[str, list[Component]]:
    """The components each backup target protects, through ``backup`` links (either way)."""
    facts = p.facts
    protects: dict[str, list[Component]] = defaultdict(list)
    for link in facts.design.links:
        if link.kind != "backup":
            continue
        a, b = facts.components.get(link.from_), facts.components.get(link.to)
        if a is None or b is None:
            continue
        if facts.sku(a).category == "storage-service":
            a, b = b, a
        if facts.sku(b).category == "storage-service" and a.storage is not None:
            protects[b.id].append(a)
    return protects


def _backup_storage(p: _Pricer) -> None:
    facts = p.facts
    direct = _backups(p)
    protects: dict[str, list[Component]] = defaultdict(list, {k: list(v)
                                                              for k, v in direct.items()})
    for link in facts.design.links:  # a replica keeps what its source keeps
        src, dst = facts.components.get(link.from_), facts.components.get(link.to)
        if link.kind == "replication" and src is not None and dst is not None \
                and facts.sku(src).category == facts.sku(dst).category == "storage-service" \
                and direct.get(src.id):
            sources = direct[src.id]
            protects[dst.id] = [*protects[dst.id],
                                *(c for c in sources if c not in protects[dst.id])]
            _replication_transfer(p, link.id, src, dst, sources)
    for comp in facts.design.components:
        sku = facts.sku(comp)
        if sku.category != "storage-service":
            continue
        if not protects.get(comp.id):
            if p.rate(comp, sku.id, "capacity", _region(facts, comp)) is not None:
                p.gaps.append(CostGap(comp.id, sku.id, "storage", "no backup link brings it "
                                      "data, and the design states no size"))
            continue
        for source in protects[comp.id]:
            found = p.rate(comp, sku.id, "capacity", _region(facts, comp))
            if found is None:
                break
            days = (source.security.backup_policy or BackupPolicy()).retention_days
            gb = _protected_gb(source)
            p.add(comp, "backup storage", sku.id, found, gb * (1 + p.change * days),
                  "GB-months", f"of {source.id}: {_n(gb)} GB x (1 + {_n(p.change)} x {days} d)",
                  grows=True)


def _replication_transfer(p: _Pricer, link_id: str, src: Component, dst: Component,
                          sources: list[Component]) -> None:
    facts = p.facts
    if None in (_region(facts, src), _region(facts, dst)) \
            or _region(facts, src) == _region(facts, dst):
        return  # within a region: free; to a site: egress, left out (EXCLUDED)
    item = facts.sku(src).provider + TRANSFER
    found = p.rate(src, item, "transfer", _region(facts, src))
    if found is not None:
        gb = sum((_protected_gb(c) for c in sources), Decimal(0))
        moved = (gb * p.change * p.hours / 24).quantize(CENT, rounding=ROUND_HALF_UP)
        p.add(dst, "backup replication", item, found, moved, "GB",
              f"{_n(gb)} GB x {_n(p.change)} a day x {_n(p.hours)} h / 24", grows=True,
              element=link_id)


def _dr_transfer(p: _Pricer) -> None:
    facts = p.facts
    seen: set[str] = set()
    journal = facts.journal_mb_s
    for link in facts.design.links:
        src, dst = facts.components.get(link.from_), facts.components.get(link.to)
        if link.kind != "mirror-async" or src is None or dst is None or dst.id in seen \
                or _region(facts, src) == _region(facts, dst):
            continue
        seen.add(dst.id)
        item = facts.sku(src).provider + TRANSFER
        found = p.rate(dst, item, "transfer", _region(facts, src))
        if found is None:
            continue
        rate = _dec(round(journal.value, 6))
        gb = rate * p.journal_share * 3600 * p.hours / 1000
        p.add(dst, "DR replication", item, found, gb, "GB",
              f"{_n(rate)} MB/s ({journal.basis}) x {_n(p.journal_share)} x 3,600 s x "
              f"{_n(p.hours)} h / 1,000", grows=True)


def design_cost(facts: DesignFacts) -> Cost:
    """The design's bill of materials, priced (see the module's docstring for the model)."""
    p = _Pricer(facts)
    for comp in facts.design.components:
        _instances(p, comp)
        _storage(p, comp)
    _backup_storage(p)
    _dr_transfer(p)
    notes = []
    if p.fallbacks:
        notes.append(f"no {p.commitment} price, so pay as you go, for: "
                     + ", ".join(dict.fromkeys(p.fallbacks)))
    default = [x for x in p.lines if x.price_region is None]
    if default:
        notes.append(f"{len(default)} of {len(p.lines)} lines at the provider-wide price (the "
                     "catalog gives no price for their region)")
    req = facts.design.requirements
    return Cost("USD", p.commitment, req.planning_horizon_years, _dec(req.annual_growth_pct),
                tuple(p.lines), tuple(p.gaps), tuple(notes))
