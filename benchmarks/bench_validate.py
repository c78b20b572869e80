"""Validation time and peak memory for synthetic designs of N components.

    .venv/bin/python -m benchmarks.bench_validate [N ...]

Each size runs in a fresh process (so peak memory is that size's own): the design file is
read and cross-checked (load), then validated (analysis + every rule). Times are the best of
three runs; peak memory is the process's resident high-water mark (VmHWM).
Budgets on a 2-core machine: 1,000 components under 1 s, 10,000 under 10 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
from catalogs import load_catalog
from validators.engine import validate
from workbench.model.io import load_design
path = sys.argv[1]
catalog = load_catalog(use_setting=False)
loads, checks = [], []
for _ in range(3):
    t0 = time.perf_counter()
    loaded = load_design(path, catalog)
    t1 = time.perf_counter()
    report = validate(loaded.design, catalog)
    t2 = time.perf_counter()
    loads.append(t1 - t0)
    checks.append(t2 - t1)
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(json.dumps({"components": len(loaded.design.components), "links": len(loaded.design.links),
                  "load_s": min(loads), "validate_s": min(checks), "peak_mb": peak / 1024,
                  "findings": len(report.findings)}))
"""

BUDGET_S = {1000: 1.0, 10000: 10.0}


def measure(n: int, folder: Path) -> dict[str, float]:
    from benchmarks.synthetic import synthetic_design
    from workbench.model.canonical import dump_design

    path = folder / f"synthetic-{n}.yaml"
    path.write_text(dump_design(synthetic_design(n)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out)
    result["file_mb"] = path.stat().st_size / 2**20
    return result


def main(sizes: list[int]) -> int:
    print("| components | links | file MB | load s | validate s | total s | peak MB | budget |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            r = measure(n, Path(tmp))
            total = r["load_s"] + r["validate_s"]
            budget = BUDGET_S.get(n)
            verdict = "-" if budget is None else (f"< {budget:g} s: " +
                                                  ("ok" if total < budget else "OVER"))
            failed |= budget is not None and total >= budget
            print(f"| {r['components']:,.0f} | {r['links']:,.0f} | {r['file_mb']:.2f} | "
                  f"{r['load_s']:.3f} | {r['validate_s']:.3f} | {total:.3f} | "
                  f"{r['peak_mb']:.0f} | {verdict} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000]))
