"""Explicit discovery: the rule catalogue is this list, checked for duplicate ids."""

from __future__ import annotations

from functools import cache

from .rule import Rule
from .rules.cmp.admin_identity import AdminIdentityAndMfa
from .rules.cmp.audit_logging import AuditLogging
from .rules.cmp.baa import BusinessAssociateAgreement
from .rules.cmp.backup_protection import BackupProtection
from .rules.cmp.break_glass import EmergencyAccess
from .rules.cmp.documentation import DesignDocumentation
from .rules.cmp.dr_test import DrTestAndCriticality
from .rules.cmp.encryption_at_rest import EncryptionAtRest
from .rules.cmp.encryption_in_transit import EncryptionInTransit
from .rules.cmp.expired_waiver import ExpiredWaiver
from .rules.cmp.exposure import NoPublicExposure
from .rules.cmp.integrity import IntegrityControls
from .rules.cmp.jurisdiction import PhiJurisdiction
from .rules.dsn.guide_servers import GuideServers
from .rules.dsn.link_kind_fits import LinkKindFitsEnds
from .rules.dsn.required_roles import RequiredRoles
from .rules.dsn.sku_offered_for_role import SkuOfferedForRole
from .rules.dsn.unconnected import UnconnectedComponent
from .rules.dsn.waiver_complete import WaiverComplete
from .rules.plc.dedicated_region import DedicatedSkuOffered
from .rules.plc.ecp_colocated import EcpNextToDataServer
from .rules.plc.fastpath_gateway import FastPathGateway
from .rules.plc.odb_filesystems import OdbFileSystemLayout
from .rules.plc.shared_ceiling import SharedTenancyCeiling
from .rules.plc.ultra_disk_limits import StorageTierLimits
from .rules.plc.vm_storage_caps import VmStorageCaps
from .rules.red.arbiter import ArbiterPlacement
from .rules.red.availability_target import AvailabilityTarget
from .rules.red.backup_321 import Backup321
from .rules.red.backup_member_workload import NoWorkloadOnBackupMember
from .rules.red.business_continuity import BusinessContinuityAccess
from .rules.red.dr_region import DrInAnotherRegion
from .rules.red.failover_domains import FailoverInSeparateDomains
from .rules.red.failover_pair import FailoverPair
from .rules.red.recovery_targets import RecoveryTargets
from .rules.red.reporting_shadow import ReportingShadow
from .rules.red.single_points import NoSinglePointOfFailure
from .rules.red.standard_disk_single_vm import NoSingleVmOnStandardDisks
from .rules.red.survive_domain import SurviveFailureDomain
from .rules.thr.database_capacity import DatabaseCapacity
from .rules.thr.growth_runway import GrowthRunway
from .rules.thr.headroom_runway import HeadroomRunway
from .rules.thr.link_load import LinkCarriesLoad
from .rules.thr.odb_iops import OdbIopsPerTb
from .rules.thr.odb_latency import OdbFlashLatency
from .rules.thr.platform_ceiling import PlatformCeiling
from .rules.thr.presentation_capacity import PresentationCapacity
from .rules.thr.served_throughput import ServedThroughput
from .rules.thr.single_host_without_ecp import SingleHostWithoutEcp

RULE_CLASSES: tuple[type[Rule], ...] = (
    RequiredRoles, UnconnectedComponent, LinkKindFitsEnds, SkuOfferedForRole, WaiverComplete,
    GuideServers,
    DatabaseCapacity, GrowthRunway, SingleHostWithoutEcp, PlatformCeiling, OdbIopsPerTb,
    OdbFlashLatency, PresentationCapacity, LinkCarriesLoad, ServedThroughput, HeadroomRunway,
    DedicatedSkuOffered, SharedTenancyCeiling, EcpNextToDataServer, FastPathGateway,
    StorageTierLimits, OdbFileSystemLayout, VmStorageCaps,
    FailoverPair, FailoverInSeparateDomains, ArbiterPlacement, DrInAnotherRegion,
    ReportingShadow, NoWorkloadOnBackupMember, AvailabilityTarget, NoSinglePointOfFailure,
    SurviveFailureDomain, RecoveryTargets, BusinessContinuityAccess, NoSingleVmOnStandardDisks,
    Backup321,
    EncryptionAtRest, EncryptionInTransit, AuditLogging, AdminIdentityAndMfa, NoPublicExposure,
    BusinessAssociateAgreement, PhiJurisdiction, BackupProtection, DrTestAndCriticality,
    DesignDocumentation, EmergencyAccess, IntegrityControls, ExpiredWaiver,
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
