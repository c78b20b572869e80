"""Business associate agreements: which provider services a design's components run on
that the provider's BAA covers but the design records no signed agreement for (CMP-006), and
the policy that records them (no Qt).

Recording an agreement states that the organisation has signed it: the workbench never
records one on its own (a pattern or a drop does not); the user confirms it, from the
finding, naming the services and the provider.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalogs import Catalog

from .design import Design, Policy

OWN_PREMISES = "customer-premises"  # the organisation's own hardware: no BAA to sign


def unsigned(design: Design, catalog: Catalog, component_ids: Iterable[str]) -> list[str]:
    """The services of these components that the provider's BAA covers and that have no
    signed agreement recorded, in the order first met (unknown SKUs are left out)."""
    signed = set(design.policy.compliance.business_associate_agreements)
    out: list[str] = []
    for cid in component_ids:
        comp = next((c for c in design.components if c.id == cid), None)
        sku = catalog.skus.get(comp.sku) if comp is not None else None
        service = catalog.services.get(sku.service) if sku is not None else None
        if service is None or service.baa_covered is not True or service.id == OWN_PREMISES:
            continue
        if service.id not in signed and service.id not in out:
            out.append(service.id)
    return out


PROVIDER_NAMES = {"azure": "Microsoft (Azure)", "aws": "Amazon Web Services",
                  "google": "Google Cloud"}


def providers(catalog: Catalog, services: Iterable[str]) -> list[str]:
    """The providers of these services, each once, by the name the agreement is with."""
    out: list[str] = []
    for sid in services:
        provider = catalog.services[sid].provider
        name = PROVIDER_NAMES.get(provider, provider)
        if name not in out:
            out.append(name)
    return out


def recorded(policy: Policy, services: Iterable[str]) -> Policy:
    """The policy with these services' agreements recorded as signed (after those already
    recorded, none twice)."""
    signed = list(policy.compliance.business_associate_agreements)
    signed += [s for s in dict.fromkeys(services) if s not in signed]
    compliance = policy.compliance.model_copy(update={"business_associate_agreements": signed})
    return policy.model_copy(update={"compliance": compliance})
