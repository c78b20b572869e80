"""What a role is (tier, PHI, clinical path, ODB mirror member, ODB storage, exposure) is read
from the catalog's roles.yaml, not listed in the code: a user catalog that redefines a role
changes what the rules judge."""

from __future__ import annotations

import yaml

from catalogs import load_catalog
from tests.validators.small import AS_OF, comp, complete, pairs
from validators.engine import validate
from workbench.model.io import loads_design


def check(doc, catalog):  # type: ignore[no-untyped-def]
    design = loads_design(yaml.safe_dump(doc, sort_keys=False), "small.yaml", catalog).design
    return pairs(validate(design, catalog, as_of=AS_OF), ("CMP",))


def test_the_built_in_traits_are_the_ones_the_rules_were_written_for():
    roles = load_catalog(use_setting=False).roles.values()
    assert {r.id for r in roles if r.odb_member} == {"odb-production", "odb-dr",
                                                     "odb-reporting", "odb-support"}
    assert {r.id for r in roles if r.odb_storage} == {"odb-production", "odb-dr"}
    assert {r.id for r in roles if r.exposure == "private"} == {
        "odb-production", "odb-dr", "odb-reporting", "odb-support", "clarity", "caboodle",
        "backup-target", "web-blob"}
    assert {r.id for r in roles if r.tier == "network"} == {"expressroute-gateway",
                                                           "vpn-gateway", "load-balancer"}


def test_cmp_005_reads_exposure_from_the_catalog(tmp_path):
    doc = complete()
    comp(doc, "clarity")["security"]["public_endpoint"] = True
    comp(doc, "bca-web")["security"]["public_endpoint"] = True
    built_in = load_catalog(use_setting=False)
    assert check(doc, built_in) == {("CMP-005", ("clarity",), "error")}

    # the hospital's own catalog: its BCA web server holds a PHI extract, Clarity sits
    # behind a private link the catalog does not model
    roles = {r.id: r.model_dump(exclude_none=True) for r in built_in.roles.values()}
    roles["bca-web"]["exposure"] = "private"
    roles["clarity"]["exposure"] = "public-allowed"
    (tmp_path / "roles.yaml").write_text(yaml.safe_dump(
        {"roles": [roles["bca-web"], roles["clarity"]]}, sort_keys=False))
    own = load_catalog([tmp_path], use_setting=False)
    assert check(doc, own) == {("CMP-005", ("bca-web",), "error")}
