"""The cost analysis checked against hand-worked values (model: workbench/analysis/cost.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalogs import load_catalog
from catalogs.errors import InputError
from tests.conftest import FIXTURES
from tests.validators.small import AS_OF, base, complete, run
from workbench.analysis.run import analyse
from workbench.model import units
from workbench.model.io import loads_design

ENTERPRISE = FIXTURES / "prices-enterprise"


def by(cost, element, what):
    return next(x for x in cost.lines if x.element == element and x.what == what)


def test_base_design_priced_by_hand():
    """The small base design (tests/validators/small.py), built-in list prices, pay as you go:

    odb-a, odb-b   1 x $40.95/h (ALI S224SE, an assumption) x 730 h     = 29,893.50 each
    their storage  10 TB = 10,000 GB x $0.392/GB-month                  =  3,920.00 each
    ecp-1, ecp-2   2 x $2.736/h x 730 h = 1,460 h x 2.736               =  3,994.56 each
    citrix         40 x $0.768/h x 730 h = 29,200 h x 0.768             = 22,425.60
    gw             1 x $1.87/h x 730 h                                  =  1,365.10
    backup         odb-a's 10,000 GB x (1 + 0.03 a day x 30 days) = 19,000 GB x $0.036 = 684.00
    month: 59,787.00 + 7,840.00 + 7,989.12 + 22,425.60 + 1,365.10 + 684.00 = 100,090.82

    Horizon, 5 years at 5 %: fixed (instances) 91,566.82, growing (storage, backup) 8,524.00;
    year y costs 12 x (91,566.82 + 8,524 x 1.05^y), rounded to the cent:
    1,201,089.84 + 1,206,204.24 + 1,211,574.36 + 1,217,212.99 (12 x 101,434.4155)
    + 1,223,133.54 (12 x 101,927.795275) = 6,059,214.97.
    """
    cost = run(base()).analysis.cost
    assert by(cost, "odb-a", "compute").monthly == Decimal("29893.50")
    assert by(cost, "odb-a", "storage").monthly == Decimal("3920.00")
    assert by(cost, "ecp-1", "compute").monthly == Decimal("3994.56")
    assert by(cost, "citrix", "compute").quantity == 29_200
    assert by(cost, "citrix", "compute").monthly == Decimal("22425.60")
    assert by(cost, "gw", "network").monthly == Decimal("1365.10")
    backup = by(cost, "backup", "backup storage")
    assert (backup.quantity, backup.monthly) == (19_000, Decimal("684.00"))
    assert cost.monthly_cost == Decimal("100090.82")
    assert cost.horizon_cost == Decimal("6059214.97")
    assert cost.by_tier["database"] == Decimal("67627.00")
    assert cost.gaps == () and cost.commitment == "payg"
    assert by(cost, "odb-a", "compute").basis.startswith("assumption (2026-11-29): no public price")
    assert units.money(cost.monthly_cost) == "$100,091"


def test_ten_percent_growth_over_three_years():
    """The base design over 3 years at 10 %: 12 x (91,566.82 x 3 + 8,524 x (1 + 1.1 + 1.21))
    = 12 x (274,700.46 + 28,214.44) = 3,634,978.80 (each year already whole cents:
    12 x 100,090.82 = 1,201,089.84; 12 x 100,943.22 = 1,211,318.64; 12 x 101,880.86
    = 1,222,570.32)."""
    doc = base()
    doc["requirements"].update(annual_growth_pct=10, planning_horizon_years=3)
    cost = run(doc).analysis.cost
    assert cost.monthly_cost == Decimal("100090.82")
    assert cost.horizon_cost == Decimal("3634978.80")


def test_dr_replication_and_backup_copies_by_hand():
    """complete(): odb-dr in South Central US takes one journal stream from East US:
    10 MB/s x 0.5 (average share of the peak) x 3,600 s x 730 h / 1,000 = 13,140 GB x $0.02
    = 262.80. backup -> backup-dr replicates what backup protects (odb-a 10,000 GB, clarity
    4,000 GB): each day's changes, 14,000 x 0.03 x 730 / 24 = 12,775 GB x $0.02 = 255.50, and
    backup-dr keeps those copies besides odb-dr's own."""
    cost = run(complete()).analysis.cost
    dr = by(cost, "odb-dr", "DR replication")
    assert (dr.quantity, dr.monthly, dr.item) == (13_140, Decimal("262.80"),
                                                  "azure-inter-region-transfer")
    copy = by(cost, "backup--backup-dr", "backup replication")
    assert (copy.quantity, copy.monthly) == (12_775, Decimal("255.50"))
    kept = [x.description for x in cost.lines if x.element == "backup-dr"]
    assert len(kept) == 3 and any("of clarity: 4,000 GB" in d for d in kept)
    # the audit log store is priced per GB ingested: a stated gap, never $0
    assert [(g.element, g.item) for g in cost.gaps] == [("logs", "azure-log-analytics")]
    assert any("not priced: logs" in x for x in cost.excluded)
    assert any("licences" in x for x in cost.excluded)


def test_an_enterprise_price_file_layers_over_the_list_prices():
    """A later folder's entry replaces the built-in one: D16s_v5 at $0.50/h (payg) and $0.30/h
    (3y); ErGw3AZ $2/h in East US beside a $1.50/h provider-wide price.

    payg: citrix 40 x 0.5 x 730 = 14,600.00; gw 730 x 2 = 1,460.00 (the regional price).
    3y:   citrix 40 x 0.3 x 730 = 8,760.00; the E32bds_v5 ECP servers have no 3y price: pay as
          you go, and the result says so."""
    catalog = load_catalog([ENTERPRISE], use_setting=False)
    assert catalog.prices["azure-d16s-v5"].read.isoformat() == "2026-10-01"
    doc = base()
    payg = _cost(doc, catalog)
    assert by(payg, "citrix", "compute").monthly == Decimal("14600.00")
    gw = by(payg, "gw", "network")
    assert (gw.monthly, gw.price_region) == (Decimal("1460.00"), "azure-eastus")
    assert by(payg, "citrix", "compute").price_region is None
    doc["policy"] = {"pricing": {"commitment": "3y"}}
    three = _cost(doc, catalog)
    citrix = by(three, "citrix", "compute")
    assert (citrix.monthly, citrix.commitment) == (Decimal("8760.00"), "3y")
    assert by(three, "ecp-1", "compute").commitment == "payg"
    assert any("no 3y price" in n and "ecp-1" in n for n in three.notes)
    # the built-in catalog is untouched by the layer
    assert by(run(base()).analysis.cost, "citrix", "compute").unit_price == Decimal("0.768")


def _cost(doc, catalog):
    import yaml

    design = loads_design(yaml.safe_dump(doc, sort_keys=False), "small.yaml", catalog).design
    return analyse(design, catalog, AS_OF).cost


def test_unpriced_sku_is_a_gap_not_zero(tmp_path):
    # a price file of the user's that withdraws the Msv3 price (a quote being renegotiated)
    (tmp_path / "prices.yaml").write_text(
        "prices:\n  - id: azure-m48s-1-v3\n    unpriced: \"Msv3 quote withdrawn, new one due\"\n")
    catalog = load_catalog([tmp_path], use_setting=False)
    doc = base()
    doc["components"][2]["sku"] = "azure-m48s-1-v3"  # ecp-1
    cost = _cost(doc, catalog)
    assert not any(x.element == "ecp-1" for x in cost.lines)
    assert [(g.element, g.item) for g in cost.gaps] == [("ecp-1", "azure-m48s-1-v3")]
    assert "Msv3 quote withdrawn" in cost.gaps[0].reason


def test_json_carries_the_cost():
    data = run(base()).to_json()["metrics"]["cost"]
    assert data["monthly_cost"] == 100090.82 and data["horizon_cost"] == 6059214.97
    assert data["currency"] == "USD" and data["commitment"] == "payg"
    line = next(x for x in data["lines"] if x["element"] == "citrix")
    assert line["unit_price"] == 0.768 and line["quantity"] == 29200
    assert line["source"].startswith("assumption (2026-11-29): twice the D8s_v5 price")
    assert data["excluded"]


def test_text_report_states_the_cost():
    text = run(base()).render_text()
    assert "Cost: $100,091/month, $6,059,215 over 5 years (list prices, payg; excludes " \
           "licences, support, staff, egress)" in text


@pytest.mark.parametrize(("entry", "message"), [
    ("  - {id: azure-d16s-v5, assumption: x, rates: [{what: instance, amount: abc, "
     "unit: hour}]}\n", "prices[0].rates[0].amount"),
    ("  - {id: azure-d16s-v5, assumption: x, rates: [{what: instance, amount: 1, "
     "unit: GB-month}]}\n", "a instance price is per hour or month"),
    ("  - {id: azure-d16s-v5, source: s, rates: [{what: instance, amount: 1, unit: hour}]}\n",
     "needs 'read'"),
    ("  - {id: azure-d16s-v6, assumption: x, rates: [{what: instance, amount: 1, "
     "unit: hour}]}\n", "did you mean 'azure-d16s-v5'"),
])
def test_a_bad_price_file_is_located(tmp_path, entry, message):
    (tmp_path / "mine.yaml").write_text("prices:\n" + entry)
    with pytest.raises(InputError) as info:
        load_catalog([tmp_path], use_setting=False)
    text = str(info.value)
    assert message in text and f"{tmp_path / 'mine.yaml'}:2:" in text, text
    assert len(text.splitlines()) == 1
