"""The design file's model (PRODUCT.md section 3), in pydantic v2.

Field order here is the file's canonical key order.  Catalog references (roles, SKUs, regions,
storage tiers, link kinds) are plain strings checked against the catalog by
:mod:`workbench.model.references`, so users' own catalog folders extend what is valid.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from catalogs.models import Assumptions

from .severity import Severity

SCHEMA_VERSION: Literal[2] = 2

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
RuleId = Annotated[str, StringConstraints(pattern=r"^(DSN|THR|PLC|RED|CMP|USR)-[0-9]{3}$")]
Text = Annotated[str, StringConstraints(max_length=20_000)]

# Upper bounds on numbers: generous for any real deployment (and the 10,000-component benchmark)
# yet far enough from float overflow that the analysis can multiply and sum them freely.
MAX_GREFS = 10**10  # GRefs/s: 200 x the largest platform ceiling in the catalog (50 M)
MAX_USERS = 10**8
MAX_MINUTES = 525_600.0  # a year
MAX_TB = 1e6  # an exabyte
MAX_MB_S = 1e7
MAX_IOPS = 10**9
MAX_LATENCY_MS = 1e5
MAX_THRESHOLD = 1e12  # |rule threshold|
MAX_CANVAS = 1e9  # layout coordinates and sizes


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False,
                              coerce_numbers_to_str=True, populate_by_name=True)
    # written as a one-line {flow: mapping} so that a one-field edit is a one-line diff
    yaml_flow: ClassVar[bool] = False
    # (key, int, float or bool, the types it may have as typed) of each field of those types,
    # and (key, type) of each mapping of them: see _as_typed
    _typed: ClassVar[tuple[tuple[str, type, frozenset[type]], ...]] = ()
    _typed_maps: ClassVar[tuple[tuple[str, type], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        kinds = {info.alias or name: kind for name, info in cls.model_fields.items()
                 if (kind := _scalar_kind(info.annotation)) is not None}
        cls._typed = tuple((key, kind, _PLAIN[kind]) for key, (kind, mapping) in kinds.items()
                           if not mapping)
        cls._typed_maps = tuple((key, kind) for key, (kind, mapping) in kinds.items()
                                if mapping)

    @model_validator(mode="before")
    @classmethod
    def _as_typed(cls, data: Any) -> Any:
        """Read from a file (inside :func:`as_typed`), numbers and yes/no are taken as
        the file types them: a count written '2' (text) or true, a flag written 1 or 'yes'
        (text), are refused rather than converted, as the published JSON Schema refuses them
        (workbench.model.schema; tests/model/test_schema_agrees.py holds the two together).
        Values typed into the desktop's fields are text, converted as before."""
        if _AS_TYPED.get() and type(data) is dict:
            get = data.get
            for key, _, plain in cls._typed:
                if type(get(key)) not in plain:
                    return _refused(cls, data)
            if cls._typed_maps:
                return _refused(cls, data)
        return data


def _refused(cls: type[_Model], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` when its values are as typed (see _Model._as_typed), else raise saying which
    are not."""
    bad = [(key, value, _untyped(kind, value)) for key, kind, _ in cls._typed
           if (value := data.get(key)) is not None]
    for key, kind in cls._typed_maps:
        if isinstance(values := data.get(key), dict):
            bad += [(key, v, _untyped(kind, v)) for v in values.values()]
    _raise_if(bad, cls.__name__)
    return data


# set while a design read from a file is validated (a context variable, not the validation
# context: a validator that takes ValidationInfo costs twice as much, some 40 ms at 10,000
# components)
_AS_TYPED: ContextVar[bool] = ContextVar("as_typed", default=False)


@contextmanager
def as_typed() -> Iterator[None]:
    """Validation inside takes numbers and yes/no as the file types them (_Model._as_typed)."""
    token = _AS_TYPED.set(True)
    try:
        yield
    finally:
        _AS_TYPED.reset(token)


_WANTED = {int: "an integer", float: "a number", bool: "true or false"}
# the types a value of each kind has as the file types it (the quick test; _untyped the rest)
_PLAIN: dict[type, frozenset[type]] = {
    int: frozenset({int, float, type(None)}), float: frozenset({int, float, type(None)}),
    bool: frozenset({bool, type(None)})}


def _scalar_kind(annotation: Any) -> tuple[type, bool] | None:
    """(int, float or bool, False) for a field of that type (or None), (the type, True) for a
    mapping of them; None for any other field."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is dict and len(args) == 2:
        inner = _scalar_kind(args[1])
        return (inner[0], True) if inner is not None and not inner[1] else None
    if get_origin(annotation) is Annotated:
        return _scalar_kind(args[0])
    if len(args) == 1:  # X | None
        return _scalar_kind(args[0])
    return (annotation, False) if annotation in _WANTED else None


def _untyped(kind: type, value: Any) -> str | None:
    """What is wrong with ``value`` as a file types it for a field of type ``kind`` (None:
    nothing, or nothing for this check: pydantic judges the rest)."""
    flag = isinstance(value, bool)
    if value is None or not isinstance(value, (str, int, float)) or \
            flag == (kind is bool) and not isinstance(value, str):
        return None
    if not isinstance(value, str):
        return f"{str(value).lower()} is not {_WANTED[kind]}"
    quoted = value.strip().lower() in _WORDS if kind is bool else _NUMBER.fullmatch(value)
    return f"'{value}' is text, not {_WANTED[kind]}" + \
        ("; write it without quotes" if quoted else "")


_WORDS = {"true", "false", "yes", "no", "on", "off"}
_NUMBER = re.compile(r"\s*[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _raise_if(bad: list[tuple[str, object, str | None]], title: str) -> None:
    """A ValidationError with one error per (key, value, message) that has a message, located
    at that key of the dict being validated."""
    errors = [InitErrorDetails(type=PydanticCustomError("out_of_range", message), loc=(key,),
                               input=value) for key, value, message in bad if message]
    if errors:
        raise ValidationError.from_exception_data(title, errors)


# ---------------------------------------------------------------------------- metadata
class Metadata(_Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="the design's name, as documents and reports title it")
    organisation: str | None = Field(None, description="the organisation the design is for")
    revision: str | None = Field(
        None, description="the design's revision label, e.g. '1.4' (text: write it in quotes if "
        "YAML would read a number)")
    status: Literal["draft", "in-review", "approved"] = Field(
        "draft", description="where the design is in review: draft, in-review or approved")
    owner: str | None = Field(None, description="who is responsible for the design")
    effective_date: dt.date | None = Field(
        None, description="the date the design takes effect; the PDF export judges at it")
    change_summary: Text | None = Field(
        None, description="what changed in this revision, for reviewers")
    signoff_roles: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = \
        Field(default_factory=list, description="the roles who sign the design off (e.g. CIO, "
              "CISO, CMIO, privacy officer): one signature line each in the design document")


# ---------------------------------------------------------------------------- requirements
class Sizing(_Model):
    """Figures from the customer's Epic Hardware Configuration Guide (HCG): when present they
    replace the catalog's estimates for demand and storage, and the report says which figures
    came from the guide."""

    source: Text = Field(description="the guide: title, edition or document number")
    date: dt.date = Field(description="the guide's date")
    peak_grefs: int | None = Field(None, gt=0, le=MAX_GREFS, description="peak GRefs/s at the "
                                   "production ODB")
    read_iops: int | None = Field(None, gt=0, le=MAX_IOPS, description="ODB random read IOPS "
                                  "at peak")
    write_burst_ops: int | None = Field(None, gt=0, le=MAX_IOPS, description="write operations "
                                        "in one write-daemon cycle (80-second burst)")
    journal_mb_s: float | None = Field(None, gt=0, le=MAX_MB_S, description="peak journal "
                                       "write rate")
    servers: dict[Id, Annotated[int, Field(ge=0, le=100_000)]] = Field(
        default_factory=dict, description="instances per role the guide calls for (role id -> "
        "count, 0 to 100,000)")

    _sorted = field_validator("servers")(lambda v: dict(sorted(v.items())))


class Requirements(_Model):
    peak_grefs_per_s: int = Field(gt=0, le=MAX_GREFS, description="peak global references per "
                                  "second at the production ODB")
    concurrent_users: int = Field(ge=0, le=MAX_USERS, description="peak concurrent clinical "
                                  "users")
    odb_size_tb: float = Field(gt=0, le=MAX_TB, description="production ODB size in TB")
    peak_journal_mb_s: float | None = Field(None, gt=0, le=MAX_MB_S, description="peak journal "
                                            "write rate; estimated from GRefs/s when absent")
    annual_growth_pct: float = Field(
        0.0, ge=0, le=200, description="demand growth a year, in percent, compounded over the "
        "planning horizon")
    planning_horizon_years: int = Field(
        5, ge=1, le=30, description="how many years ahead capacity and cost are planned")
    base_year: int | None = Field(None, ge=2000, le=2100, description="year the peak was "
                                  "measured; the effective date's year when absent")
    availability_target_pct: float = Field(
        99.95, gt=0, lt=100, description="availability the clinical path must reach, in percent "
        "(e.g. 99.95)")
    rpo_minutes: float = Field(
        15.0, ge=0, le=MAX_MINUTES, description="recovery point objective: the most data, in "
        "minutes, a failure may lose")
    rto_minutes: float = Field(
        240.0, ge=0, le=MAX_MINUTES, description="recovery time objective: the longest, in "
        "minutes, service may be down after a failure")
    survivable_failure_domain: Literal["component", "zone", "region"] = Field(
        "zone", description="the largest loss the design must survive: a component, a zone or a "
        "region")
    allowed_jurisdictions: list[str] = Field(
        default_factory=lambda: ["US"], description="where PHI may be stored and processed "
        "(country codes, e.g. US)")
    headroom_limit_pct: float = Field(
        75.0, gt=0, le=100, description="the utilisation at peak, in percent, above which "
        "capacity is short")
    sizing: Sizing | None = Field(None, description="the customer's Hardware Configuration "
                                  "Guide figures")


# ---------------------------------------------------------------------------- policy
class RuleSetting(_Model):
    yaml_flow: ClassVar[bool] = True

    enabled: bool = Field(True, description="false turns the rule off for this design")
    severity: Severity | None = Field(
        None, description="the severity this design gives the rule's findings (error, warning or "
        "info)")
    thresholds: dict[str, float | int | str] = Field(
        {}, description="the rule's thresholds by name (see docs/rules.md)")

    _sorted = field_validator("thresholds")(lambda v: dict(sorted(v.items())))

    @field_validator("thresholds")
    @classmethod
    def _bounded(cls, v: dict[str, float | int | str]) -> dict[str, float | int | str]:
        _raise_if([(name, value, f"must be between -{MAX_THRESHOLD:,.0f} and "
                    f"{MAX_THRESHOLD:,.0f}") for name, value in v.items()
                   if not isinstance(value, str) and abs(value) > MAX_THRESHOLD], "thresholds")
        return v


class ComplianceRecord(_Model):
    """Facts about the organisation's programme that compliance rules read."""

    last_dr_test: dt.date | None = Field(
        None, description="the date of the last disaster-recovery test")
    criticality_analysis: dt.date | None = Field(None, description="date the criticality "
                                                 "analysis (164.308(a)(7)(ii)(E)) was recorded")
    emergency_access_procedure: str | None = Field(None, description="reference to the "
                                                   "break-glass procedure document")
    business_associate_agreements: list[str] = Field(default_factory=list, description="provider "
                                                     "services with a signed BAA")
    baa_scope_confirmed: list[str] = Field(default_factory=list, description="services the "
                                           "catalog marks BAA-unverified that the provider has "
                                           "confirmed in writing are covered")


class Pricing(_Model):
    """How the cost analysis prices the design (README, "Cost")."""

    yaml_flow: ClassVar[bool] = True

    commitment: Literal["payg", "1y", "3y"] = Field(
        "payg", description="pay as you go, or 1- or 3-year reserved prices where the catalog "
        "offers them (pay as you go where it does not, and the analysis says so)")


class TrustedApprover(_Model):
    """A person or board whose signed approvals count (workbench.model.signing)."""

    yaml_flow: ClassVar[bool] = True

    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="the approver's name, as approvals record it")
    public_key: str = Field(description="Ed25519 public key: the 32 raw bytes in base64 (44 "
                            "characters), as `ehrwb keygen` prints it")

    @field_validator("public_key")
    @classmethod
    def _ed25519(cls, v: str) -> str:
        try:
            raw = base64.b64decode(v, validate=True) if len(v) == 44 else b""
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise PydanticCustomError("public_key", "not an Ed25519 public key: write its 32 "
                                      "raw bytes in base64 (44 characters), as ehrwb keygen "
                                      "prints it")
        return v


class Policy(_Model):
    rules: dict[RuleId, RuleSetting] = Field(
        {}, description="per-rule settings by rule id: enable or disable, severity, thresholds")
    assumptions: dict[str, float] = Field(default_factory=dict, description="overrides of catalog "
                                          "assumptions by name")
    compliance: ComplianceRecord = Field(
        ComplianceRecord(), description="facts about the compliance programme that the "
        "compliance rules read")
    pricing: Pricing = Field(Pricing(), description="how the cost analysis prices the design")
    trusted_approvers: list[TrustedApprover] = Field(
        default_factory=list, description="the keys whose signed approvals are verified; an "
        "approval signed by any other key is from an unknown key")

    _sorted = field_validator("rules", "assumptions")(lambda v: dict(sorted(v.items())))

    @field_validator("assumptions")
    @classmethod
    def _in_range(cls, v: dict[str, float]) -> dict[str, float]:
        """Each value within its assumption's catalog range (unknown names are reported, with
        a suggestion, by the reference check)."""
        known = Assumptions.model_fields
        _raise_if([(name, value, Assumptions.range_of(name).problem(value))
                   for name, value in v.items() if name in known], "assumptions")
        return v


# ---------------------------------------------------------------------------- placement
class Zone(_Model):
    yaml_flow: ClassVar[bool] = True

    id: Id = Field(
        description="the zone's id in this design (components name it in placement.zones)")
    name: str | None = Field(None, description="a readable name for the zone")
    catalog_zone: str | None = Field(None, description="the provider's zone name, e.g. '1'")


class ProximityGroup(_Model):
    yaml_flow: ClassVar[bool] = True

    id: Id = Field(
        description="the group's id in this design (components name it in "
        "placement.proximity_group)")
    name: str | None = Field(None, description="a readable name for the group")
    zone: Id | None = Field(None, description="the zone of the region the group is in")


class Region(_Model):
    id: Id = Field(
        description="the region's id in this design (components name it in placement.region)")
    name: str | None = Field(None, description="a readable name for the region")
    catalog_region: str = Field(
        description="the provider region it is, by catalog id (ehrwb catalog lists them)")
    zones: list[Zone] = Field([], description="the region's availability zones the design uses")
    proximity_groups: list[ProximityGroup] = Field(
        [], description="proximity placement groups: servers kept close for low latency")


class Site(_Model):
    """A place clinicians work from (hospital, clinic) or an on-premises room."""

    yaml_flow: ClassVar[bool] = True

    id: Id = Field(
        description="the site's id in this design (links and on-premises components name it)")
    name: str | None = Field(None, description="a readable name for the site")
    kind: Literal["hospital", "clinic", "office", "data-center"] = Field(
        "hospital", description="what the site is: hospital, clinic, office or data-center")
    location: str | None = Field(None, description="where the site is (town, address)")
    jurisdiction: str = Field(
        "US", description="the country the site is in (country code, e.g. US)")
    concurrent_users: int | None = Field(
        None, ge=0, le=MAX_USERS, description="clinical users at the site at peak")


class Placement(_Model):
    regions: list[Region] = Field(
        [], description="the cloud regions the design runs in, with their zones")
    sites: list[Site] = Field(
        [], description="hospitals, clinics, offices and data centres the design reaches or runs "
        "in")


# ---------------------------------------------------------------------------- components
class ComponentPlacement(_Model):
    yaml_flow: ClassVar[bool] = True

    region: Id | None = Field(
        None, description="the design region the component runs in (give a region or a site)")
    zones: list[Id] = Field(
        [], description="the zones of that region its instances are spread over")
    proximity_group: Id | None = Field(
        None, description="the proximity placement group of that region it is in")
    availability_set: bool = Field(
        False, description="its instances are in an availability set (separate fault domains)")
    site: Id | None = Field(
        None, description="the design site the component runs at, for on-premises SKUs (give a "
        "site or a region)")


class Redundancy(_Model):
    yaml_flow: ClassVar[bool] = True

    mode: Literal["single", "active-active", "active-passive", "mirror-failover",
                  "mirror-async"] = Field(
        "single", description="how instances back each other up: single, active-active, "
        "active-passive, mirror-failover and so on")
    group: Id | None = Field(None, description="members of one mirror or pool share a group")
    failover: Literal["automatic", "manual"] | None = Field(
        None, description="how failover happens: automatic or manual")
    replication_lag_s: float | None = Field(
        None, ge=0, le=MAX_MINUTES * 60, description="how far, in seconds, the replica trails "
        "the primary")
    rto_minutes: float | None = Field(
        None, ge=0, le=MAX_MINUTES, description="how long, in minutes, a failover of this "
        "component takes")
    site_recovery: bool = Field(False, description="protected by Azure Site Recovery")


class FileSystem(_Model):
    yaml_flow: ClassVar[bool] = True

    name: str = Field(description="the file system's name or mount point")
    purpose: Literal["install-wij", "database", "journal-primary", "journal-alternate",
                     "other"] = Field(
        description="what it holds: install and WIJ, database, primary or alternate journal, and "
        "so on")
    pool: str = Field(description="the device pool or aggregate it lives on")


class Storage(_Model):
    tier: str = Field(description="the storage tier, by catalog id (ehrwb catalog lists them)")
    size_tb: float = Field(gt=0, le=MAX_TB, description="provisioned capacity in TB")
    iops: int | None = Field(None, gt=0, le=MAX_IOPS, description="provisioned IOPS")
    throughput_mb_s: float | None = Field(
        None, gt=0, le=MAX_MB_S, description="provisioned throughput in MB/s")
    read_latency_avg_ms: float | None = Field(None, gt=0, le=MAX_LATENCY_MS, description=
                                              "measured or promised; the tier's figure when "
                                              "absent")
    read_latency_max_ms: float | None = Field(
        None, gt=0, le=MAX_LATENCY_MS, description="the worst random-read latency, in "
        "milliseconds")
    filesystems: list[FileSystem] = Field(
        [], description="the file systems on this storage and the pools they live on")


EncryptionAtRest = Literal["none", "platform-managed-key", "customer-managed-key",
                           "azure-disk-encryption", "encryption-at-host"]


class BackupPolicy(_Model):
    yaml_flow: ClassVar[bool] = True

    frequency_hours: float = Field(24, gt=0, le=8760, description="at most a year")
    retention_days: int = Field(30, gt=0, le=36_500, description="at most a century")
    encrypted: bool = Field(False, description="backups are encrypted")


class Security(_Model):
    encryption_at_rest: EncryptionAtRest = Field(
        "none", description="how data at rest is encrypted: none, platform-managed or "
        "customer-managed keys")
    audit_logging: bool = Field(False, description="access to the component is audit-logged")
    log_store: Id | None = Field(None, description="component that receives the audit logs")
    public_endpoint: bool = Field(False, description="the component is reachable from the internet")
    management_ports: Literal["closed", "just-in-time", "open"] = Field(
        "closed", description="management ports (SSH, RDP): closed, just-in-time or open")
    admin_mfa: bool = Field(
        False, description="administrators sign in with multi-factor authentication")
    unique_admin_identity: bool = Field(
        False, description="every administrator has an identity of their own (no shared accounts)")
    integrity_controls: bool = Field(False, description="checksums, immutability or "
                                     "write-once retention")
    backup_policy: BackupPolicy | None = Field(
        None, description="how often backups are taken and how long they are kept")


class RatingOverrides(_Model):
    yaml_flow: ClassVar[bool] = True

    grefs_per_s: float | None = Field(None, gt=0, le=1e9, description="GRefs/s per instance; "
                                      "the catalog's bound on ratings")
    users_per_host: int | None = Field(
        None, gt=0, le=100_000, description="concurrent users one instance serves, in place of "
        "the catalog's figure")
    sla_pct: float | None = Field(
        None, gt=0, lt=100, description="the availability SLA in percent, in place of the "
        "catalog's figure")
    basis: str | None = Field(None, description="where the override comes from")


class Component(_Model):
    id: Id = Field(description="the component's id in this design (links and waivers name it)")
    name: str | None = Field(None, description="a readable name for the component")
    role: str = Field(
        description="what the component does, by catalog role id (ehrwb catalog lists them)")
    sku: str = Field(description="what it runs on, by catalog SKU id; the SKU must serve the role")
    count: int = Field(1, ge=1, le=10_000, description="how many instances")
    placement: ComponentPlacement = Field(
        description="where it runs: a region (with zones) or a site")
    redundancy: Redundancy = Field(
        Redundancy(), description="how its instances back each other up and fail over")
    storage: Storage | None = Field(
        None, description="its storage: tier, size, performance and file systems")
    security: Security = Field(
        Security(), description="encryption, logging, access and backup settings")
    stores_phi: bool | None = Field(None, description="overrides the role's PHI flag")
    overrides: RatingOverrides | None = Field(
        None, description="ratings in place of the catalog's, with their basis")
    notes: Text | None = Field(None, description="free text for reviewers")


# ---------------------------------------------------------------------------- links
class Link(_Model):
    yaml_flow: ClassVar[bool] = True

    id: Id = Field(description="the link's id in this design")
    from_: Id = Field(alias="from", description="the component or site the link starts at")
    to: Id = Field(description="the component or site the link ends at")
    kind: str = Field(
        description="what the link carries, by catalog link-kind id (client, mirror, backup...)")
    encrypted: bool = Field(description="encryption in transit (TLS, IPsec or MACsec); always "
                            "written so that reviewers see it")
    carries_phi: bool | None = Field(None, description="overrides the link kind's PHI flag")
    bandwidth_mbps: float | None = Field(None, gt=0, le=1e7, description="at most 10 Tbit/s")
    name: str | None = Field(None, description="a readable name for the link")
    notes: Text | None = Field(None, description="free text for reviewers")


# ---------------------------------------------------------------------------- waivers, reviews
class Waiver(_Model):
    rule: RuleId = Field(description="the rule whose finding is waived (e.g. RED-003)")
    target: str = Field(description="element id, or 'design' for the design as a whole")
    justification: Text = Field("", description="why the finding is accepted")
    approver: str = Field("", description="who accepted it")
    expires: dt.date | None = Field(
        None, description="when the waiver lapses and the finding counts again")
    granted: dt.date | None = Field(None, description="when the waiver was granted")


class Comment(_Model):
    id: Id = Field(description="the comment's id")
    author: str = Field(description="who wrote the comment")
    date: dt.datetime = Field(description="when it was written (date and time)")
    target: Id | None = Field(
        None, description="the element the comment is about (none: the design)")
    text: Text = Field(description="the comment")
    resolved: bool = Field(False, description="the comment has been dealt with")


class Approval(_Model):
    reviewer: str = Field(description="who approved or rejected the design")
    date: dt.datetime = Field(description="when (date and time)")
    decision: Literal["approve", "reject"] = Field(description="approve or reject")
    fingerprint: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="the fingerprint of the design approved (64 hex digits): a later change shows")
    fingerprint_version: Literal[1, 2] = Field(2, description="the fingerprint algorithm "
                                               "`fingerprint` was taken with (1: before lists "
                                               "were sorted; files that do not say are 1)")
    note: Text | None = Field(None, description="a note from the reviewer")
    conditions: list[Text] = Field(default_factory=list, description="conditions the approval "
                                   "is subject to, one a line")
    public_key: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None, description="the signer's Ed25519 public key (base64 of its 32 raw bytes)")
    signature: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        None, description="Ed25519 signature (base64) of the approval's message, see "
        "workbench.model.signing")


class Reviews(_Model):
    comments: list[Comment] = Field([], description="review comments")
    approvals: list[Approval] = Field(
        [], description="recorded approvals and rejections, signed or not")


# ---------------------------------------------------------------------------- decisions, risks
class DecisionOption(_Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="the option's name")
    summary: Text | None = Field(None, description="what the option is, in short")
    variant: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        None, description="the design variant this option stands for (a file, branch or "
        "variant name, e.g. the dedicated or the shared variant of the design)")


class Decision(_Model):
    """An architecture decision with its rationale (an ADR): why the design is as it is."""

    id: Id = Field(description="the decision's id")
    title: Annotated[str, StringConstraints(min_length=1, max_length=300)] = Field(
        description="the decision in a line")
    context: Text | None = Field(None, description="the forces and facts behind the decision")
    options: list[DecisionOption] = Field(default_factory=list, description="the options "
                                          "considered")
    decision: Text | None = Field(None, description="what was decided, and why")
    consequences: Text | None = Field(
        None, description="what follows from the decision, good and bad")
    decided_by: str | None = Field(None, description="who decided")
    date: dt.date | None = Field(None, description="when it was decided")
    status: Literal["proposed", "accepted", "superseded", "rejected"] = Field(
        "proposed", description="proposed, accepted, superseded or rejected")


Level = Literal["low", "medium", "high"]


class Risk(_Model):
    """A risk the design carries: attached to the findings of ``rule`` (on ``target`` when
    given: an element id, or 'design') or, without a rule, standing alone with a title."""

    id: Id = Field(description="the risk's id")
    title: Text | None = Field(None, description="what could go wrong; required for a risk "
                               "attached to no rule")
    rule: RuleId | None = Field(None, description="the rule whose findings this risk is about")
    target: str | None = Field(None, description="element id, or 'design'; with a rule, only "
                               "that rule's findings on this target")
    likelihood: Level | None = Field(None, description="how likely: low, medium or high")
    impact: Level | None = Field(None, description="how bad if it happens: low, medium or high")
    owner: str | None = Field(None, description="who owns the risk")
    mitigation: Text | None = Field(None, description="what is done about it")
    due: dt.date | None = Field(None, description="when the mitigation is due")
    status: Literal["open", "mitigating", "accepted", "closed"] = Field(
        "open", description="open, mitigating, accepted or closed")

    @model_validator(mode="after")
    def _says_what(self) -> Risk:
        if self.rule is None and not (self.title or "").strip():
            raise PydanticCustomError("risk_subject", "a risk needs a rule (to attach it to "
                                      "that rule's findings) or a title")
        return self


class Operations(_Model):
    """How the platform is run once live (free text)."""

    monitoring: Text | None = Field(None, description="how the platform is monitored")
    patching: Text | None = Field(None, description="how and when it is patched")
    support: Text | None = Field(None, description="who supports it, and how")


class Transition(_Model):
    """How the design is put into service and backed out of (free text)."""

    cutover: Text | None = Field(None, description="how the design is put into service")
    rollback: Text | None = Field(None, description="how the cutover is backed out of")


# ---------------------------------------------------------------------------- variants
class StorageChange(_Model):
    """Storage fields a variant sets on a component (the base's other fields stay)."""

    yaml_flow: ClassVar[bool] = True

    tier: str | None = Field(None, description="the new storage tier, by catalog id")
    size_tb: float | None = Field(None, gt=0, le=MAX_TB, description="the new capacity in TB")
    iops: int | None = Field(None, gt=0, le=MAX_IOPS, description="provisioned IOPS")
    throughput_mb_s: float | None = Field(
        None, gt=0, le=MAX_MB_S, description="the new throughput in MB/s")
    read_latency_avg_ms: float | None = Field(
        None, gt=0, le=MAX_LATENCY_MS, description="the new average random-read latency, in "
        "milliseconds")
    read_latency_max_ms: float | None = Field(
        None, gt=0, le=MAX_LATENCY_MS, description="the new worst random-read latency, in "
        "milliseconds")

    @model_validator(mode="after")
    def _sets_something(self) -> StorageChange:
        if not self.model_dump(exclude_none=True):
            raise PydanticCustomError("empty_change", "a storage change sets at least one of "
                                      + ", ".join(type(self).model_fields))
        return self


class ComponentChange(_Model):
    """What a variant changes in one component of the base design."""

    yaml_flow: ClassVar[bool] = True

    component: Id = Field(description="the id of a component of the base design")
    sku: str | None = Field(None, description="the new SKU, by catalog id")
    count: int | None = Field(None, ge=1, le=10_000, description="the new number of instances")
    region: Id | None = Field(None, description="a region of the design: the component moves "
                              "there (into ``zones`` when given, else regionally)")
    zones: list[Id] | None = Field(None, min_length=1, description="zones of the component's "
                                   "region (of ``region`` when given)")
    storage: StorageChange | None = Field(None, description="storage fields the variant sets")

    @model_validator(mode="after")
    def _sets_something(self) -> ComponentChange:
        if all(getattr(self, name) is None for name in ("sku", "count", "region", "zones",
                                                          "storage")):
            raise PydanticCustomError("empty_change", "a change sets at least one of sku, "
                                      "count, region, zones or storage of component "
                                      "'{component}'", {"component": self.component})
        return self


class Variant(_Model):
    """A named alternative to the design: the base with ``changes`` applied
    (:mod:`workbench.model.variants`)."""

    name: Id = Field(description="what --variant NAME picks")
    tenancy: Literal["dedicated", "shared"] | None = Field(None, description="the tenancy the "
                                                          "variant stands for (a label)")
    description: Text | None = Field(None, description="what the variant is, for reviewers")
    changes: list[ComponentChange] = Field(
        [], description="what the variant changes, one entry per component")

    @field_validator("changes")
    @classmethod
    def _once_each(cls, v: list[ComponentChange]) -> list[ComponentChange]:
        seen: set[str] = set()
        errors = []
        for n, change in enumerate(v):
            if change.component in seen:
                errors.append(InitErrorDetails(type=PydanticCustomError(
                    "duplicate", "component '{component}' is changed twice in this variant "
                    "(one change per component)", {"component": change.component}),
                    loc=(n, "component"), input=change.component))
            seen.add(change.component)
        if errors:
            raise ValidationError.from_exception_data("changes", errors)
        return v


# ---------------------------------------------------------------------------- layout
class Position(_Model):
    yaml_flow: ClassVar[bool] = True

    x: float = Field(ge=-MAX_CANVAS, le=MAX_CANVAS, description="left edge on the canvas")
    y: float = Field(ge=-MAX_CANVAS, le=MAX_CANVAS, description="top edge on the canvas")
    w: float | None = Field(
        None, gt=0, le=MAX_CANVAS, description="width on the canvas (none: the default)")
    h: float | None = Field(
        None, gt=0, le=MAX_CANVAS, description="height on the canvas (none: the default)")


class Layout(_Model):
    positions: dict[Id, Position] = Field(
        {}, description="where each element is drawn on the canvas, by element id")
    collapsed: list[Id] = Field([], description="elements drawn folded, by id")

    _sorted = field_validator("positions")(lambda v: dict(sorted(v.items())))


# ---------------------------------------------------------------------------- the design
class Design(_Model):
    """One EHR deployment topology: the whole content of a design file."""

    schema_version: Literal[2] = Field(
        SCHEMA_VERSION, description="the version of this file format (2)")
    metadata: Metadata = Field(description="name, owner, revision and status of the design")
    requirements: Requirements = Field(
        description="what the deployment must achieve: load, size, growth, availability, recovery")
    policy: Policy = Field(
        Policy(), description="rule settings, compliance facts, pricing and trusted approvers")
    placement: Placement = Field(
        Placement(), description="the regions, zones and sites the design uses")
    components: list[Component] = Field(
        [], description="what runs: servers, services and appliances with their SKUs and "
        "placement")
    links: list[Link] = Field(
        [], description="connections between components and sites, with what they carry")
    variants: list[Variant] = Field(default_factory=list, description="named alternatives: "
                                    "each the changes from this design (ehrwb ... --variant)")
    waivers: list[Waiver] = Field(
        [], description="findings accepted on purpose, with justification, approver and expiry")
    decisions: list[Decision] = Field([], description="architecture decisions with their rationale")
    risks: list[Risk] = Field([], description="risks the design carries")
    operations: Operations = Field(Operations(), description="how the platform is run once live")
    transition: Transition = Field(
        Transition(), description="how the design is put into service and backed out of")
    reviews: Reviews = Field(Reviews(), description="review comments and approvals")
    layout: Layout = Field(
        Layout(), description="where the elements are drawn (the desktop workbench keeps it)")

    @field_validator("variants")
    @classmethod
    def _unique_names(cls, v: list[Variant]) -> list[Variant]:
        first: dict[str, int] = {}
        errors = [InitErrorDetails(type=PydanticCustomError(
            "duplicate", "duplicate variant name '{name}' (variants[{first}] has it)",
            {"name": x.name, "first": first[x.name]}), loc=(n, "name"), input=x.name)
            for n, x in enumerate(v) if first.setdefault(x.name, n) != n]
        if errors:
            raise ValidationError.from_exception_data("variants", errors)
        return v
