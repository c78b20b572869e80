"""Failure-scenario analysis time for synthetic designs of N components.

    .venv/bin/python -m benchmarks.bench_scenarios [N ...]

The design is built in memory, the normal analysis (capacity and served flow) done first;
what is timed is the scenario analysis alone: every component (identical ones once), every
zone and every region, each with failover, served throughput, RPO and RTO. Best of three.
Beside it, what a user waits for: `ehrwb scenarios FILE --format json` as a whole process in
a fresh interpreter, imports, load and the normal analysis included (median of 5, 3 at
10,000, with the spread min-max; benchmarks/whole_process.py).
Budget (issue 17), whole process on a 2-core machine: 1,000 components <= 0.4 s. Exit 1 when
it is OVER.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import synthetic_design
from benchmarks.whole_process import ehrwb, run_whole, synthetic_file, verdict
from catalogs import load_catalog
from workbench.analysis.run import analyse

BUDGET_S = {1000: 0.4}


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
    print("| components | scenarios | breaking | whole process s (median) | spread s | "
          "in-process scenarios s | budget |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            comps, count, seconds, breaking = measure(n)
            path = synthetic_file(n, Path(tmp))
            t = run_whole(ehrwb("scenarios", str(path), "--format", "json"),
                          3 if n >= 10000 else 5)
            judged = verdict(t.median, BUDGET_S.get(n))
            failed |= judged.endswith("OVER")
            print(f"| {comps:,} | {count} | {breaking} | {t.median:.3f} | {t.spread} | "
                  f"{seconds:.3f} | {judged} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000]))
