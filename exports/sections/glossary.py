"""The terms a board member meets in this document, in plain words."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from .base import StoryContext, table

TERMS: tuple[tuple[str, str], ...] = (
    ("ALI", "Azure Large Instances: dedicated bare-metal servers Microsoft runs for Epic's "
            "largest databases, as opposed to shared virtual machines."),
    ("Arbiter", "A small server that lets the two synchronous database mirror members agree "
                "which one is primary, so that failover is automatic."),
    ("Availability", "The share of time the clinical path can carry peak load; 99.95 % "
                     "allows about 22 minutes of downtime a month."),
    ("BAA", "Business associate agreement: the HIPAA contract under which a provider may "
            "handle protected health information."),
    ("BCA", "Business continuity access: read-only PCs and web access in each hospital that "
            "keep patient information at hand when the EHR is down."),
    ("Clarity / Caboodle", "Epic's reporting and analytics databases, loaded by extract from "
                           "the reporting copy of the ODB."),
    ("Dedicated / shared", "Dedicated compute serves this organisation alone (bare metal, "
                           "dedicated hosts); shared compute is a virtual machine on hosts "
                           "the provider shares between customers."),
    ("DR", "Disaster recovery: a copy of the system in another region, promoted when the "
           "production region is lost."),
    ("ECP", "Enterprise Cache Protocol: application servers that keep a cache of the database "
            "and serve most reads, so that one database server carries many users."),
    ("Failure domain", "What can fail at once: one component, one availability zone or one "
                       "region. The design must survive the loss of one element of its "
                       "survivable failure domain."),
    ("Fingerprint", "A SHA-256 checksum of the design without layout, reviews and status: an "
                    "approval names the fingerprint it approved."),
    ("GRefs/s", "Global references per second: database accesses a second, the measure of "
                "Epic database load."),
    ("HCG", "Epic's Hardware Configuration Guide: the customer's sizing figures (peak "
            "GRefs/s, IOPS, servers)."),
    ("Headroom", "How far a tier runs below the headroom limit at peak, in points of "
                 "utilization; the policy limit is the highest utilization allowed."),
    ("HIPAA / HITRUST", "The US health privacy and security law, and the control framework "
                        "the compliance matrix maps rules to."),
    ("Hyperspace / Citrix", "Epic's clinical desktop client, delivered to users through "
                            "Citrix presentation servers."),
    ("Mirror (sync / async)", "A copy of the database kept by journal shipping: synchronous "
                              "members fail over to each other; asynchronous members (DR, "
                              "reporting) lag by seconds."),
    ("ODB", "The operational database: Epic's production database (InterSystems Caché / "
            "IRIS), the heart of the EHR."),
    ("PHI", "Protected health information: patient data HIPAA protects."),
    ("RPO", "Recovery point objective: how much recent data may be lost in a failure, in "
            "minutes."),
    ("RTO", "Recovery time objective: how long the service may be down before it is back."),
    ("Runway", "The first year demand, grown at the stated rate, exceeds a tier's capacity "
               "(or its headroom limit)."),
    ("SPOF", "Single point of failure: one instance whose loss stops the clinical path."),
    ("Waiver", "A recorded, time-limited acceptance of a finding, with a justification, an "
               "approver and an expiry date."),
    ("Zone", "An availability zone: a data-centre building of a cloud region with its own "
             "power and cooling."),
)


def glossary(ctx: StoryContext) -> list[Flowable]:
    """Every term, alphabetically."""
    rows = [["Term", "Meaning"], *([t, d] for t, d in sorted(TERMS, key=lambda x: x[0].lower()))]
    return [table(rows, [38 * mm, ctx.width - 38 * mm])]
