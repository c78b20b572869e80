"""Validation time and peak memory for synthetic designs of N components.

    .venv/bin/python -m benchmarks.bench_validate [N ...]

Two figures per size. Whole process, what a user or a CI job waits for: `ehrwb validate FILE`
in a fresh interpreter, imports and start-up included, timed from outside (median of 5 runs, 3
at 10,000, with their spread min-max; benchmarks/whole_process.py); peak memory is that
process's resident high-water mark. In process: the design read and cross-checked (load),
then validated (analysis + every rule), best of three in one process. Start-up alone is
`ehrwb --help` (median of 7).
Budgets (issue 17), whole process on a 2-core machine: 1,000 components <= 0.5 s, 10,000
<= 4 s and <= 400 MB peak, --help <= 0.1 s. Exit 1 when one is OVER.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.whole_process import Timing, ehrwb, run_whole, start_up, synthetic_file, verdict

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

BUDGET_S = {1000: 0.5, 10000: 4.0}
BUDGET_MB = {10000: 400.0}
HELP_BUDGET_S = 0.1


def in_process(path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out)
    result["file_mb"] = path.stat().st_size / 2**20
    return result


def whole(path: Path, n: int) -> Timing:
    return run_whole(ehrwb("validate", str(path), "--fail-on", "never"), 3 if n >= 10000 else 5)


def main(sizes: list[int]) -> int:
    help_time = start_up()
    help_verdict = verdict(help_time.median, HELP_BUDGET_S)
    print(f"start-up, `ehrwb --help` whole process: {help_time.median:.3f} s median of 7 "
          f"(spread {help_time.low:.3f}-{help_time.high:.3f}) | {help_verdict}\n")
    failed = help_verdict.endswith("OVER")
    print("| components | links | file MB | whole process s (median) | spread s | peak MB | "
          "in-process load s | in-process validate s | in-process total s | budget |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = synthetic_file(n, Path(tmp))
            r = in_process(path)
            t = whole(path, n)
            verdicts = [v for v in (verdict(t.median, BUDGET_S.get(n)),
                                    verdict(t.peak_mb, BUDGET_MB.get(n), "MB")) if v != "-"]
            failed |= any(v.endswith("OVER") for v in verdicts)
            print(f"| {r['components']:,.0f} | {r['links']:,.0f} | {r['file_mb']:.2f} | "
                  f"{t.median:.3f} | {t.spread} | {t.peak_mb:.0f} | {r['load_s']:.3f} | "
                  f"{r['validate_s']:.3f} | {r['load_s'] + r['validate_s']:.3f} | "
                  f"{'; '.join(verdicts) or '-'} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000]))
