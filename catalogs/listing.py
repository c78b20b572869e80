"""The catalog as a listing: Markdown for people, JSON for tools; every figure with its basis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .loader import Catalog
from .models import Figure, Price, Region


def _fig(f: Figure | None, scale: float = 1.0, digits: int = 0) -> str:
    if f is None or f.value is None:
        return ""
    text = f"{f.value / scale:,.{digits}f}"
    return text + ("*" if f.assumption else "")


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    skus = []
    for sku in catalog.skus.values():
        entry = sku.model_dump(mode="json", exclude_none=True)
        rating = catalog.grefs_rating(sku.id)
        if rating is not None:
            entry["grefs_per_s"] = rating.model_dump(mode="json", exclude_none=True)
        skus.append({**entry, **price_fields(catalog.prices.get(sku.id))})

    def dump(items: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [v.model_dump(mode="json", exclude_none=True) for v in items.values()]

    return {
        "folders": list(catalog.folders),
        "skus": skus,
        "storage_tiers": [{**t.model_dump(mode="json", exclude_none=True),
                           **price_fields(catalog.prices.get(t.id))}
                          for t in catalog.storage_tiers.values()],
        "regions": dump(catalog.regions),
        "roles": dump(catalog.roles),
        "link_kinds": dump(catalog.link_kinds),
        "services": dump(catalog.services),
        "prices": dump(catalog.prices),
        "cost_model": catalog.cost_model.model_dump(mode="json", exclude_none=True)
        if catalog.cost_model else None,
        "calibration": catalog.calibration.model_dump(mode="json", exclude_none=True)
        if catalog.calibration else None,
        "assumptions": catalog.assumptions.model_dump(mode="json", exclude_none=True)
        if catalog.assumptions else None,
    }


def catalog_markdown(catalog: Catalog) -> str:
    out = ["# Catalog", "", "Figures marked * are assumptions (overridable in a design); "
           "the rest carry a source (see `ehrwb catalog --format json`).", "",
           "Folders: " + ", ".join(f"`{f}`" for f in catalog.folders), "",
           "## Compute, network and service SKUs", "",
           "| id | provider | tenancy | classes | cores | memory GB | GRefs/s (M) | "
           "users/host | VM storage IOPS / MB/s | SLA single / set / zones |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for sku in catalog.skus.values():
        sla = " / ".join(_fig(getattr(sku.sla, k), digits=2) or "-"
                         for k in ("single", "availability_set", "zones"))
        vm_io = (f"{_fig(sku.max_storage_iops)} / {_fig(sku.max_storage_throughput_mb_s)}"
                 if sku.max_storage_iops or sku.max_storage_throughput_mb_s else "")
        out.append(f"| {sku.id} | {sku.provider} | {sku.tenancy} | {', '.join(sku.classes)} | "
                   f"{sku.cpu.cores if sku.cpu else ''} | {_fig(sku.memory_gb)} | "
                   f"{_fig(catalog.grefs_rating(sku.id), 1e6, 1)} | "
                   f"{_fig(sku.users_per_host)} | {vm_io} | {sla} |")
    out += ["", "## Storage tiers", "",
            "| id | provider | media | platform | max IOPS | MB/s | latency avg / max ms |",
            "|---|---|---|---|---|---|---|"]
    for t in catalog.storage_tiers.values():
        out.append(f"| {t.id} | {t.provider} | {t.media} | {t.platform} | {_fig(t.max_iops)} | "
                   f"{_fig(t.max_throughput_mb_s)} | {_fig(t.latency_avg_ms, digits=1)} / "
                   f"{_fig(t.latency_max_ms, digits=1)} |")
    out += ["", "## Regions", "",
            "| id | provider | location | jurisdiction | zones | paired | dedicated SKUs |",
            "|---|---|---|---|---|---|---|"]
    for r in catalog.regions.values():
        out.append(f"| {r.id} | {r.provider} | {r.location} | {r.jurisdiction} | "
                   f"{', '.join(r.zones) or '-'} | {r.paired_region or '-'} | "
                   f"{', '.join(_offer(r, s) for s in r.dedicated_skus) or '-'} |")
    out += ["", "## Roles", "", "| id | tier | stores PHI | clinical path | ODB | exposure | "
            "SKU classes |", "|---|---|---|---|---|---|---|"]
    for role in catalog.roles.values():
        odb = "member, storage" if role.odb_storage else "member" if role.odb_member else "-"
        out.append(f"| {role.id} | {role.tier} | {'yes' if role.stores_phi else 'no'} | "
                   f"{'yes' if role.clinical_path else 'no'} | {odb} | {role.exposure} | "
                   f"{', '.join(role.sku_classes)} |")
    out += ["", "## Link kinds", "", "| id | carries PHI | joins |", "|---|---|---|"]
    for k in catalog.link_kinds.values():
        joins = "; ".join(f"{'/'.join(a)} -> {'/'.join(b)}" for a, b in k.ends)
        out.append(f"| {k.id} | {'yes' if k.carries_phi else 'no'} | {joins} |")
    out += ["", "## Services and business associate agreements", "",
            "| id | provider | BAA | source |", "|---|---|---|---|"]
    for s in catalog.services.values():
        baa = "unverified" if s.baa_covered == "unverified" else \
            "covered" if s.baa_covered else "NOT covered"
        out.append(f"| {s.id} | {s.provider} | {baa} | {s.source or ''} |")
    out += ["", "## Assumptions", "", "| name | value | basis |", "|---|---|---|"]
    if catalog.assumptions:
        for name in type(catalog.assumptions).model_fields:
            f = getattr(catalog.assumptions, name)
            out.append(f"| {name} | {f.value:g} {f.unit or ''} | {f.basis} |")
    out += _price_rows(catalog)
    if catalog.calibration:
        cal = catalog.calibration
        out += ["", "## GRefs/s calibration", "",
                f"rating = physical cores x {cal.reference_grefs_per_core.value:,.0f} "
                f"({cal.reference_grefs_per_core.basis}) x generation factor, x "
                f"{cal.large_host_factor.value} above {cal.large_host_cores} cores.", "",
                "| generation | factor | basis |", "|---|---|---|"]
        for gen, f in cal.generation_factor.items():
            out.append(f"| {gen} | {f.value} | {f.basis} |")
    return "\n".join(out) + "\n"


def price_fields(price: Price | None) -> dict[str, Any]:
    """A priced item's provider-wide list prices as flat fields: ``price_payg_hour``,
    ``price_3y_hour``, ``price_payg_gb_month``, ``price_payg_iops_month``..., with
    ``price_source`` or ``price_assumption`` and ``price_read`` (the day it was read or
    assumed), or ``price_unpriced``, the reason there is none; regional prices are in
    ``prices``."""
    if price is None:
        return {"price_unpriced": "no price in the catalog"}
    if price.unpriced:
        return {"price_unpriced": price.unpriced}
    out: dict[str, Any] = {}
    for rate in price.rates:
        if rate.region is None:
            unit = rate.unit.lower().replace("-", "_")
            out[f"price_{rate.commitment}_{unit}"] = float(rate.amount)
    source, read, assumption = price.basis_of(price.rates[0])
    out.update({"price_source": source} if source else {"price_assumption": assumption})
    if read is not None:  # when read, or when the assumption was made
        out["price_read"] = str(read)
    return out


def _price_rows(catalog: Catalog) -> list[str]:
    out = ["", "## Prices (USD)", "", "List prices; figures marked * are assumptions. Override "
           "them with a price file in your catalog folder.", "",
           "| item | what | commitment | region | price | per | basis |",
           "|---|---|---|---|---|---|---|"]
    for price in catalog.prices.values():
        if price.unpriced:
            out.append(f"| {price.id} | - | - | - | unpriced | - | {price.unpriced} |")
        for rate in price.rates:
            source, read, assumption = price.basis_of(rate)
            basis = f"{source}, read {read}" if source else f"assumption: {assumption}"
            out.append(f"| {price.id} | {rate.what} | {rate.commitment} | "
                       f"{rate.region or 'default'} | {rate.amount}{'*' if assumption else ''} "
                       f"| {rate.unit} | {basis} |")
    return out


def _offer(region: Region, sku_id: str) -> str:
    return f"{sku_id} (no zones)" if sku_id in region.dedicated_skus_without_zones else sku_id
