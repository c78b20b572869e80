"""The result of validating a design: findings plus metrics, one object for every view.

The CLI prints it as text or JSON (PRODUCT.md section 5); the desktop app and the PDF read
the same object.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from workbench.model import units
from workbench.model.severity import SEVERITIES, Severity
from workbench.model.signing import ApprovalCheck

__all__ = ["SEVERITIES", "Finding", "Report", "Severity"]


def _num(value: float) -> str:
    """As the PDF writes it: "14 M", "3.78 M", "850 k" (workbench.model.units)."""
    return units.quantity(value)


def cost_line(cost: dict[str, Any]) -> str:
    """'Cost: $X/month, $Y over N years (list prices, payg; excludes licences, ...)'."""
    gaps = len(cost["unpriced"])
    years = cost["horizon_years"]
    return (f"Cost: {units.money(Decimal(str(cost['monthly_cost'])))}/month, "
            f"{units.money(Decimal(str(cost['horizon_cost'])))} over {years} "
            f"year{'s' if years != 1 else ''} (list prices, {cost['commitment']}; excludes "
            "licences, support, staff, egress"
            + (f"; {gaps} item{'s' if gaps != 1 else ''} unpriced" if gaps else "") + ")")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    targets: tuple[str, ...]
    message: str
    hint: str = ""
    references: tuple[str, ...] = ()
    waived: bool = False
    waiver_justification: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity, "targets": list(self.targets),
                "message": self.message, "hint": self.hint,
                "references": list(self.references), "waived": self.waived}


@dataclass
class Report:
    design_name: str
    fingerprint: str
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    analysis: Any = field(default=None, repr=False, compare=False)  # the Analysis behind it
    as_of: dt.date | None = None  # the date waiver expiry and DR-test age were judged at
    variant: str | None = None  # the variant of the design file judged (None: the base)
    # every recorded approval, matched and verified (workbench.model.signing.check_approvals)
    approvals: list[ApprovalCheck] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        out["waived"] = 0
        for f in self.findings:
            if f.waived:
                out["waived"] += 1
            else:
                out[f.severity] += 1
        return out

    def fails(self, threshold: Literal["error", "warning", "info", "never"]) -> bool:
        if threshold == "never":
            return False
        summary = self.summary()
        levels = SEVERITIES[: SEVERITIES.index(threshold) + 1]
        return any(summary[s] for s in levels)

    def to_json(self) -> dict[str, Any]:
        return {
            "design": {"name": self.design_name, "fingerprint": self.fingerprint},
            "variant": self.variant,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "summary": self.summary(),
            "findings": [f.to_json() for f in self.findings],
            "metrics": self.metrics,
            "approvals": [a.to_json() for a in self.approvals],
        }

    def render_json(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"

    def render_text(self, where: Sequence[str] | None = None) -> str:
        """The report for a terminal; ``where`` gives each finding's ``file:line:column``
        (one per finding, in order), printed before its rule so that editors and terminals
        can jump to it."""
        places = dict(zip(map(id, self.findings), where, strict=True)) if where else {}
        lines = [f"{self.design_name}" + (f", variant {self.variant}" if self.variant else "")
                 + (f"  ({self.source})" if self.source else ""),
                 f"fingerprint {self.fingerprint}"
                 + (f", judged as of {self.as_of}" if self.as_of else "")]
        m = self.metrics
        if m:
            lines.append(
                f"{m.get('components', 0)} components ({m.get('instances', 0)} instances: "
                f"{m.get('dedicated_instances', 0)} dedicated, {m.get('shared_instances', 0)} "
                f"shared), {m.get('links', 0)} links, {m.get('regions', 0)} regions, "
                f"{m.get('zones', 0)} zones, {m.get('sites', 0)} sites")
        cap = m.get("capacity")
        if cap:
            lines += ["", "CAPACITY AT PEAK"]
            for t in cap["tiers"]:
                util = "n/a" if t["utilization_pct"] is None else \
                    units.percent(t["utilization_pct"])
                unit = "users" if t["unit"] == "concurrent users" else "GRefs/s"
                fmt = units.count if unit == "users" else _num  # users are counted exactly
                b = t.get("capacity_band") or {"low": t["capacity"], "expected": t["capacity"],
                                               "high": t["capacity"], "reason": ""}
                if t["demand"] > b["low"]:
                    runway = "over capacity now"
                else:
                    runway = f"runs out {t['runway_year'] or 'never at this growth'}"
                of = fmt(b["low"]) if b["low"] == b["expected"] == b["high"] else \
                    f"{fmt(b['low'])} (low end; expected {fmt(b['expected'])}, high " \
                    f"{fmt(b['high'])})"
                lines.append(f"  {t['tier']:<13} {fmt(t['demand'])} of {of} "
                             f"{unit}: {util} (limit {t['headroom_limit_pct']:g} %), {runway}")
                if t["tier"] == "database":
                    lines += [f"      {how}" for how in t.get("basis", [])]
                if b["reason"] and b["low"] != b["high"]:
                    lines.append(f"      band: {b['reason']}")
            sizing = m.get("sizing") or {}
            guide = sizing.get("guide")
            if guide:
                lines.append(f"  sizing from {guide['source']} "
                             f"({guide['date']}): " + ", ".join(sizing.get("from_guide", {})))
            for name, basis in sizing.get("estimated_or_stated", {}).items():
                lines.append(f"  {name}: {basis}")
            served = f"  served through the topology: {_num(cap['served_throughput'])} of " \
                     f"{_num(cap['demand'])} GRefs/s"
            if cap["bottleneck"]:
                served += f"; bottleneck: {', '.join(cap['bottleneck'])}"
            lines.append(served)
        if m.get("cost"):
            lines += ["", cost_line(m["cost"])]
        for severity in SEVERITIES:
            group = [f for f in self.findings if f.severity == severity]
            if not group:
                continue
            lines.append("")
            lines.append(f"{severity.upper()}S ({len(group)})")
            for f in group:
                mark = " [waived]" if f.waived else ""
                place = f"{places[id(f)]}: " if places else ""
                lines.append(f"  {place}{f.rule}{mark}  {', '.join(f.targets) or 'design'}: "
                             f"{f.message}")
                if f.hint:
                    lines.append(f"      fix: {f.hint}")
                if f.references:
                    lines.append(f"      see: {'; '.join(f.references)}")
        if self.approvals:
            lines += ["", f"APPROVALS ({len(self.approvals)})"]
            lines += [f"  {a.line()}" for a in self.approvals]
        s = self.summary()
        lines.append("")
        lines.append(f"{s['error']} errors, {s['warning']} warnings, {s['info']} info, "
                     f"{s['waived']} waived")
        return "\n".join(lines) + "\n"
