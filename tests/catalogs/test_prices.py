"""The price catalog: every price sourced or an assumption, each with its date, every
compute SKU priced or unpriced with a reason, and the listing's price fields."""

from __future__ import annotations

from catalogs.listing import catalog_json, catalog_markdown


def test_every_price_has_source_and_read_or_is_an_assumption(catalog):
    rates = 0
    for price in catalog.prices.values():
        for rate in price.rates:
            source, read, assumption = price.basis_of(rate)
            assert bool(source) != bool(assumption), price.id
            assert (source or assumption).strip(), price.id
            assert read is not None, price.id  # the day it was read, or assumed
            if source:
                assert "http" in source, price.id  # a page and its URL
            rates += 1
    assert rates > 60
    # and the catalog's integrity check sees them as figures
    assert sum(where.startswith("prices.") for where, _ in catalog.every_figure()) == rates


def test_every_sku_and_storage_tier_is_priced_or_unpriced_with_a_reason(catalog):
    for item in [*catalog.skus, *catalog.storage_tiers]:
        price = catalog.prices.get(item)
        assert price is not None, f"{item}: no price entry (price it or say why not)"
        assert price.rates or (price.unpriced or "").strip(), item
    for sku in catalog.skus.values():
        if sku.category in ("compute", "network") and not catalog.prices[sku.id].unpriced:
            assert any(r.what == "instance" for r in catalog.prices[sku.id].rates), sku.id
    for provider in ("azure", "aws", "google"):
        assert catalog.prices[f"{provider}-inter-region-transfer"].rates


def test_dedicated_offerings_without_a_public_price_are_assumptions(catalog):
    for sku_id in ("azure-ali-s224se", "azure-ali-s448se", "onprem-reference-4s-e7-8890v3"):
        price = catalog.prices[sku_id]
        assert price.assumption and "eplace" in price.assumption, sku_id  # "Replace with..."


def test_the_listing_names_prices_with_their_basis(catalog):
    data = catalog_json(catalog)
    d8 = next(s for s in data["skus"] if s["id"] == "azure-d8s-v5")
    assert d8["price_payg_hour"] == 0.384 and d8["price_read"] == "2026-11-29"
    assert "azure.microsoft.com" in d8["price_source"]
    ali = next(s for s in data["skus"] if s["id"] == "azure-ali-s448se")
    assert ali["price_payg_hour"] == 54.6 and "no public price" in ali["price_assumption"]
    assert ali["price_read"] == "2026-11-29"  # the day the assumption was made
    gbms = next(s for s in data["skus"] if s["id"] == "google-bms-o2-ultramem-672")
    assert "Google sales" in gbms["price_unpriced"]
    v2 = next(t for t in data["storage_tiers"] if t["id"] == "azure-premium-ssd-v2")
    assert v2["price_payg_gb_month"] == 0.081 and v2["price_payg_iops_month"] == 0.005
    assert data["cost_model"]["hours_per_month"]["value"] == 730
    text = catalog_markdown(catalog)
    assert "## Prices (USD)" in text
    assert "| azure-d8s-v5 | instance | payg | default | 0.384 | hour | Azure, Linux" in text
    assert "read 2026-11-29 |" in text
