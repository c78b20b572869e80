"""Failure-scenario analysis time for synthetic designs of N components.

    .venv/bin/python -m benchmarks.bench_scenarios [N ...]

The design is built in memory, the normal analysis (capacity and served flow) done first;
what is timed is the scenario analysis alone: every component (identical ones once), every
zone and every region, each with failover, served throughput, RPO and RTO. Best of three.
Budget on a 2-core machine: 1,000 components under 2 s.
"""

from __future__ import annotations

import sys
import time

from benchmarks.synthetic import synthetic_design
from catalogs import load_catalog
from workbench.analysis.run import analyse

BUDGET_S = {1000: 2.0}


def measure(n: int) -> tuple[int, int, float, int]:
    catalog = load_catalog(use_setting=False)
    design = synthetic_design(n)
    best = float("inf")
    count = breaking = 0
    for _ in range(3):
        analysis = analyse(design, catalog)
        _ = analysis.capacity  # the normal flow is not part of what is timed
        t0 = time.perf_counter()
        scenarios = analysis.scenarios.scenarios
        best = min(best, time.perf_counter() - t0)
        count = len(scenarios)
        breaking = sum(1 for s in scenarios if s.breaks)
    return len(design.components), count, best, breaking


def main(sizes: list[int]) -> int:
    print("| components | scenarios | seconds | breaking | budget |")
    print("|---:|---:|---:|---:|---|")
    failed = False
    for n in sizes:
        comps, count, seconds, breaking = measure(n)
        budget = BUDGET_S.get(n)
        verdict = "-" if budget is None else (f"< {budget:g} s: " +
                                              ("ok" if seconds < budget else "OVER"))
        failed |= budget is not None and seconds >= budget
        print(f"| {comps:,} | {count} | {seconds:.3f} | {breaking} | {verdict} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000]))
