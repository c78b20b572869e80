"""Explicit discovery: the rule catalogue is this list, checked for duplicate ids."""

from __future__ import annotations

from functools import cache

from .rule import Rule
from .rules.dsn.link_kind_fits import LinkKindFitsEnds
from .rules.dsn.required_roles import RequiredRoles
from .rules.dsn.sku_offered_for_role import SkuOfferedForRole
from .rules.dsn.unconnected import UnconnectedComponent
from .rules.plc.dedicated_region import DedicatedSkuOffered
from .rules.plc.ecp_colocated import EcpNextToDataServer
from .rules.plc.fastpath_gateway import FastPathGateway
from .rules.plc.odb_filesystems import OdbFileSystemLayout
from .rules.plc.shared_ceiling import SharedTenancyCeiling
from .rules.plc.ultra_disk_limits import StorageTierLimits
from .rules.thr.database_capacity import DatabaseCapacity
from .rules.thr.growth_runway import GrowthRunway
from .rules.thr.link_load import LinkCarriesLoad
from .rules.thr.odb_iops import OdbIopsPerTb
from .rules.thr.odb_latency import OdbFlashLatency
from .rules.thr.platform_ceiling import PlatformCeiling
from .rules.thr.presentation_capacity import PresentationCapacity
from .rules.thr.served_throughput import ServedThroughput
from .rules.thr.single_host_without_ecp import SingleHostWithoutEcp

RULE_CLASSES: tuple[type[Rule], ...] = (
    RequiredRoles, UnconnectedComponent, LinkKindFitsEnds, SkuOfferedForRole,
    DatabaseCapacity, GrowthRunway, SingleHostWithoutEcp, PlatformCeiling, OdbIopsPerTb,
    OdbFlashLatency, PresentationCapacity, LinkCarriesLoad, ServedThroughput,
    DedicatedSkuOffered, SharedTenancyCeiling, EcpNextToDataServer, FastPathGateway,
    StorageTierLimits, OdbFileSystemLayout,
)


class DuplicateRuleId(ValueError):
    pass


def check_unique(classes: tuple[type[Rule], ...]) -> None:
    seen: dict[str, str] = {}
    for cls in classes:
        if cls.id in seen:
            raise DuplicateRuleId(f"rule id {cls.id} is used by {seen[cls.id]} and "
                                  f"{cls.__name__}")
        seen[cls.id] = cls.__name__


@cache
def all_rules() -> tuple[Rule, ...]:
    check_unique(RULE_CLASSES)
    return tuple(sorted((cls() for cls in RULE_CLASSES), key=lambda r: r.id))


def rule_ids() -> list[str]:
    return [r.id for r in all_rules()]
