"""Secure defaults: what a new component's security and a new link's encryption start as (no
Qt).

One place for what the compliance rules (CMP-001 to CMP-005, CMP-008, CMP-012) ask of every
element, so that a component dropped from the palette, one a pattern inserts and one pasted
start alike: encrypted at rest (customer-managed keys where PHI rests), audited and shipped to
the region's log store, administrators with their own identity and MFA, integrity controls,
no public endpoint, management ports closed. Every link starts encrypted in transit, whatever
its kind: an admin or mirror link left in clear text is how credentials and journals leak.
"""

from __future__ import annotations

from catalogs import Catalog

from .design import BackupPolicy, ComponentPlacement, Design, Security

LOG_STORE = "log-store"
BACKUP_TARGET = "backup-target"
# backups of a PHI store: every six hours, five weeks kept, encrypted (CMP-008)
BACKUP_POLICY = BackupPolicy(frequency_hours=6, retention_days=35, encrypted=True)


def stores_phi(catalog: Catalog, role: str) -> bool:
    """Whether a component of ``role`` keeps PHI (an unknown role is treated as if it did)."""
    info = catalog.roles.get(role)
    return True if info is None else info.stores_phi


def secure_security(catalog: Catalog, role: str, log_store: str | None = None,
                    backed_up: bool = False) -> Security:
    """The security a new component of ``role`` starts with.

    PHI stores and backup targets keep their keys (customer-managed), the rest use the
    platform's; a log store keeps its own logs, every other component ships them to
    ``log_store``; ``backed_up`` adds an encrypted backup policy."""
    phi = stores_phi(catalog, role) or role == BACKUP_TARGET
    return Security(
        encryption_at_rest="customer-managed-key" if phi else "platform-managed-key",
        audit_logging=True,
        log_store=None if role == LOG_STORE else log_store,
        public_endpoint=False,
        management_ports="closed",
        admin_mfa=True,
        unique_admin_identity=True,
        integrity_controls=True,
        backup_policy=BACKUP_POLICY if backed_up else None)


# every new link starts encrypted in transit (TLS, IPsec or MACsec), whatever its kind: CMP-002
# asks it of PHI links, and admin links carry credentials
NEW_LINK_ENCRYPTED = True


def log_store_for(design: Design, placement: ComponentPlacement) -> str | None:
    """The log store a new component at ``placement`` ships its audit logs to: one in the
    same region, else the design's first, else None (none yet)."""
    stores = [c for c in design.components if c.role == LOG_STORE]
    here = [c for c in stores if placement.region and c.placement.region == placement.region]
    chosen = here or stores
    return chosen[0].id if chosen else None
