"""What ``ehrwb propose`` and File > New from requirements... are asked (no Qt): the fields
both offer, checked and turned into the :class:`validators.propose.Brief` the search takes.

Every field is optional: an omitted one comes from ``--from FILE`` (a design or a file with a
``requirements:`` section) when given, else from the catalog's defaults (the design model's
defaults for the targets and headroom; a peak from the users, or users from the peak, by the
catalog's ``grefs_per_concurrent_user``; an ODB size from the users by
``odb_tb_per_thousand_users``). A problem is an :class:`InputError` naming the field as the
command line spells it (``--users``, ``--regions``...).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from catalogs import Catalog, suggest
from catalogs.errors import InputError, Problem
from workbench.model.design import (
    ComplianceRecord,
    Design,
    Metadata,
    Placement,
    Policy,
    Pricing,
    Requirements,
    Site,
)

from .propose import Brief

TENANCY_CHOICES = ("cheapest", "dedicated", "shared")
SURVIVE_CHOICES = ("component", "zone", "region")
COMMITMENTS = ("payg", "1y", "3y")
FAIL_ON = ("info", "warning", "error")
SITE_KINDS = ("hospital", "clinic", "office", "data-center")
# the flag each requirement is asked by, for messages
FLAGS = {"concurrent_users": "--users", "peak_grefs_per_s": "--peak-grefs",
         "odb_size_tb": "--odb-tb", "annual_growth_pct": "--growth",
         "planning_horizon_years": "--horizon", "availability_target_pct": "--availability",
         "rpo_minutes": "--rpo-minutes", "rto_minutes": "--rto-minutes",
         "survivable_failure_domain": "--survive", "allowed_jurisdictions": "--jurisdictions",
         "headroom_limit_pct": "--headroom", "base_year": "--base-year"}


@dataclass
class Asked:
    """The fields, as typed: None (or empty) for one not given."""

    users: int | None = None
    peak_grefs: int | None = None
    odb_tb: float | None = None
    growth_pct: float | None = None
    horizon_years: int | None = None
    base_year: int | None = None
    regions: list[str] = field(default_factory=list)  # production, then DR
    providers: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    availability_pct: float | None = None
    survive: str | None = None
    rpo_minutes: float | None = None
    rto_minutes: float | None = None
    headroom_pct: float | None = None
    tenancy: str = "cheapest"
    commitment: str | None = None
    sites: list[str] = field(default_factory=list)  # NAME=USERS[:KIND]
    name: str | None = None
    organisation: str | None = None
    owner: str | None = None
    revision: str | None = None
    effective_date: str | None = None
    last_dr_test: str | None = None
    criticality_analysis: str | None = None
    emergency_access: str | None = None
    baa_signed: list[str] = field(default_factory=list)  # providers
    baa_confirmed: list[str] = field(default_factory=list)  # services
    fail_on: str = "info"
    start: Design | None = None  # --from FILE, read
    requirements: dict[str, Any] = field(default_factory=dict)  # --from a requirements file


def brief(asked: Asked, catalog: Catalog, source: str | None = None) -> Brief:
    """The brief for ``asked``; raises InputError naming every field that cannot be used."""
    problems: list[Problem] = []

    def bad(flag: str, message: str) -> None:
        problems.append(Problem(message, source, path=flag))

    base = asked.start
    req = _requirements(asked, base, catalog, bad)
    sites = _sites(asked, base, req, bad)
    for flag, values, known in (("--regions", asked.regions, catalog.regions),
                                ("--providers", asked.providers,
                                 {r.provider for r in catalog.regions.values()}),
                                ("--baa-signed", asked.baa_signed,
                                 {r.provider for r in catalog.regions.values()}),
                                ("--baa-confirmed", asked.baa_confirmed, catalog.services)):
        for value in values:
            if value not in known:
                bad(flag, f"unknown {flag[2:].rstrip('s').replace('-', ' ')} "
                          f"'{value}'{suggest(value, known)}")
    if len(asked.regions) > 2:
        bad("--regions", "at most two regions: production, then DR")
    if len(asked.regions) == 2 and asked.regions[0] == asked.regions[1]:
        bad("--regions", "the DR region must differ from the production region")
    if asked.regions and all(r in catalog.regions for r in asked.regions) and \
            len({catalog.regions[r].provider for r in asked.regions}) > 1:
        bad("--regions", "production and DR regions of one provider (the DR member mirrors "
                         "over the provider's network)")
    choosing: list[tuple[str, str | None, tuple[str, ...]]] = [
        ("--tenancy", asked.tenancy, TENANCY_CHOICES), ("--survive", asked.survive,
                                                        SURVIVE_CHOICES),
        ("--commitment", asked.commitment, COMMITMENTS), ("--fail-on", asked.fail_on, FAIL_ON)]
    for flag, picked, choices in choosing:
        if picked is not None and picked not in choices:
            bad(flag, f"'{picked}' is not one of {', '.join(choices)}")
    metadata = _metadata(asked, base, req, bad)
    policy = _policy(asked, base, bad)
    if problems or req is None or metadata is None or policy is None:
        raise InputError(problems or [Problem("the requirements cannot be read", source)])
    start = Design(metadata=metadata, requirements=req, policy=policy,
                   placement=Placement(sites=sites))
    return Brief(start, asked.tenancy, tuple(asked.providers), tuple(asked.regions),
                 tuple(asked.baa_signed), asked.fail_on,
                 base if base is not None and base.components else None)


def _requirements(asked: Asked, base: Design | None, catalog: Catalog, bad: Any) \
        -> Requirements | None:
    given: dict[str, Any] = base.requirements.model_dump(exclude_unset=False) \
        if base is not None else dict(asked.requirements)
    for key, value in (("concurrent_users", asked.users), ("peak_grefs_per_s", asked.peak_grefs),
                       ("odb_size_tb", asked.odb_tb), ("annual_growth_pct", asked.growth_pct),
                       ("planning_horizon_years", asked.horizon_years),
                       ("base_year", asked.base_year),
                       ("availability_target_pct", asked.availability_pct),
                       ("rpo_minutes", asked.rpo_minutes), ("rto_minutes", asked.rto_minutes),
                       ("survivable_failure_domain", asked.survive),
                       ("headroom_limit_pct", asked.headroom_pct),
                       ("allowed_jurisdictions", asked.jurisdictions or None)):
        if value is not None:
            given[key] = value
    for key in ("concurrent_users", "peak_grefs_per_s", "odb_size_tb"):
        value = given.get(key)
        if value is not None and (isinstance(value, bool) or
                                  not isinstance(value, (int, float))):
            bad(FLAGS.get(key, key), f"{value!r} is not a number")
            return None
    assumptions = catalog.assumptions
    assert assumptions is not None  # the loader refuses a catalog without them
    site_users = sum(_site_users(s) or 0 for s in asked.sites)
    users = given.get("concurrent_users") or site_users or None
    per_user = assumptions.grefs_per_concurrent_user.value
    if users is None and given.get("peak_grefs_per_s"):
        users = round(given["peak_grefs_per_s"] / per_user)
    if users is None:
        bad("--users", "give the concurrent users (--users), the peak (--peak-grefs) or the "
                       "sites with their users (--site NAME=USERS)")
        return None
    given["concurrent_users"] = users
    given.setdefault("peak_grefs_per_s", round(users * per_user))
    given.setdefault("odb_size_tb", max(1.0, round(
        users / 1000 * assumptions.odb_tb_per_thousand_users.value, 1)))
    try:
        return Requirements.model_validate(given)
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else ""
            bad(FLAGS.get(key, key), error["msg"])
        return None


_SITE = re.compile(r"^(?P<name>[^=]+)=(?P<users>\d+)(?::(?P<kind>[a-z-]+))?$")


def _site_users(text: str) -> int | None:
    match = _SITE.match(text.strip())
    return int(match["users"]) if match else None


def _sites(asked: Asked, base: Design | None, req: Requirements | None, bad: Any) -> list[Site]:
    """The sites asked (NAME=USERS[:KIND]), else the start's, else one hospital with every
    user."""
    if not asked.sites:
        if base is not None and base.placement.sites:
            return list(base.placement.sites)
        users = req.concurrent_users if req is not None else None
        return [Site(id="hospital", name="Hospital", kind="hospital", concurrent_users=users)]
    out: list[Site] = []
    for text in asked.sites:
        match = _SITE.match(text.strip())
        if match is None:
            bad("--site", f"'{text}' is not NAME=USERS or NAME=USERS:KIND (e.g. "
                          "'Riverside Hospital=1400' or 'Clinics=300:clinic')")
            continue
        kind = match["kind"] or "hospital"
        if kind not in SITE_KINDS:
            bad("--site", f"'{kind}' is not one of {', '.join(SITE_KINDS)}")
            continue
        name = match["name"].strip()
        ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "site"
        taken = {s.id for s in out}
        wanted, n = ident, 2
        while ident in taken:
            ident, n = f"{wanted}-{n}", n + 1
        out.append(Site.model_validate({"id": ident[:80], "name": name, "kind": kind,
                                        "concurrent_users": int(match["users"])}))
    seated = sum(s.concurrent_users or 0 for s in out)
    if req is not None and out and seated != req.concurrent_users:
        bad("--site", f"the sites hold {seated:,} users, the requirements "
                      f"{req.concurrent_users:,} (--users): give the same number")
    return out


def _date(text: str | None, flag: str, bad: Any) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        bad(flag, f"'{text}' is not a date (YYYY-MM-DD)")
        return None


def _metadata(asked: Asked, base: Design | None, req: Requirements | None, bad: Any) \
        -> Metadata | None:
    meta = base.metadata.model_dump() if base is not None else {}
    meta.update({"status": "draft", "change_summary": None})
    if asked.name is None and base is None:
        users = f"{req.concurrent_users:,} users" if req is not None else "requirements"
        meta["name"] = f"Proposed design for {users}"
    elif asked.name is None and base is not None and base.components:
        meta["name"] = f"{base.metadata.name[:185]} (proposed)"
    for key, value in (("name", asked.name), ("organisation", asked.organisation),
                       ("owner", asked.owner), ("revision", asked.revision),
                       ("effective_date", _date(asked.effective_date, "--effective-date",
                                                bad))):
        if value is not None:
            meta[key] = value
    try:
        return Metadata.model_validate(meta)
    except ValidationError as exc:
        for error in exc.errors():
            bad(f"--{error['loc'][0]}".replace("_", "-"), error["msg"])
        return None


def _policy(asked: Asked, base: Design | None, bad: Any) -> Policy | None:
    record = base.policy.compliance.model_dump() if base is not None else {}
    for key, value in (("last_dr_test", _date(asked.last_dr_test, "--last-dr-test", bad)),
                       ("criticality_analysis", _date(asked.criticality_analysis,
                                                      "--criticality-analysis", bad)),
                       ("emergency_access_procedure", asked.emergency_access)):
        if value is not None:
            record[key] = value
    if asked.baa_confirmed:
        record["baa_scope_confirmed"] = sorted({*record.get("baa_scope_confirmed", []),
                                                *asked.baa_confirmed})
    commitment = asked.commitment or (base.policy.pricing.commitment if base is not None
                                      else "payg")
    try:
        return Policy(compliance=ComplianceRecord.model_validate(record),
                      pricing=Pricing.model_validate({"commitment": commitment}),
                      assumptions=dict(base.policy.assumptions) if base is not None else {},
                      rules=dict(base.policy.rules) if base is not None else {})
    except ValidationError as exc:
        bad("--from", str(exc.errors()[0]["msg"]))
        return None
