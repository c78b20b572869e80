"""What a user waits for: a command run in a fresh interpreter, imports and start-up included.

    from benchmarks.whole_process import ehrwb, run_whole
    timing = run_whole(ehrwb("validate", "design.yaml", "--fail-on", "never"), runs=5)
    print(timing.median, timing.spread, timing.peak_mb)

Each run is timed from outside the child (``time.perf_counter`` around start to exit); the
figure reported is the median of the runs with their spread (min-max), because a shared
machine makes single runs noisy. Peak memory is the child's resident high-water mark
(``ru_maxrss`` from ``wait4``), the largest of the runs. Linux counts in a child's high-water
mark that of the process it was started from (the memory it had before ``exec``), so each
child is started, timed and measured by a small launcher interpreter, as ``/usr/bin/time``
does, never by the benchmark itself, which may hold a large design (a 10,000-component design
built in the benchmark's process read 275 MB in the peak column for a command that peaks at
216 MB).

One untimed run comes first, with Python's default of writing bytecode caches (even where
PYTHONDONTWRITEBYTECODE is set, as in some shells and CI jobs): a user's second run, like any
run of a pip-installed ehrwb or cfn-lint (pip compiles at install), loads compiled modules,
whereas without caches every run compiles the project's ~100 modules again (~0.07 s, 15 % of
validating 1,000 components). It also brings the files into the page cache.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    """Wall times of several runs of one command, in seconds."""

    seconds: tuple[float, ...]
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    @property
    def spread(self) -> str:
        """'min-max', the way the README tables show it."""
        return f"{self.low:.2f}-{self.high:.2f}"


def verdict(value: float, budget: float | None, unit: str = "s") -> str:
    """'≤ 0.5 s: ok' or '≤ 0.5 s: OVER' ('-' without a budget); at the budget is within it."""
    if budget is None:
        return "-"
    return f"≤ {budget:g} {unit}: " + ("ok" if value <= budget else "OVER")


def ehrwb(*args: str) -> list[str]:
    """The ``ehrwb`` command line with this interpreter (the venv's), as a user runs it."""
    return [sys.executable, "-m", "workbench", *args]


def run_whole(command: Sequence[str], runs: int = 5, *, ok: Sequence[int] = (0, 1),
              cwd: str | None = None, env: dict[str, str] | None = None) -> Timing:
    """Run ``command`` ``runs`` times after one untimed warm-up run (see the module's text),
    each a fresh process with its output discarded; an exit status outside ``ok`` raises (a
    benchmark of a failing command measures nothing)."""
    warm_env = {k: v for k, v in (os.environ if env is None else env).items()
                if k != "PYTHONDONTWRITEBYTECODE"}
    _run_once(command, ok, cwd, warm_env)
    seconds, peak_kb = [], 0
    for _ in range(runs):
        elapsed, peak = _run_once(command, ok, cwd, env)
        seconds.append(elapsed)
        peak_kb = max(peak_kb, peak)
    return Timing(tuple(seconds), peak_kb / 1024)


# Starts the command given as its arguments with its output discarded, and prints its wall
# time, its peak resident memory (KiB) and its exit status; its standard error is passed on.
_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
elapsed = time.perf_counter() - t0
sys.stderr.buffer.write(err[-4000:])
print(elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _run_once(command: Sequence[str], ok: Sequence[int], cwd: str | None,
              env: dict[str, str] | None) -> tuple[float, int]:
    """The wall time of one run of ``command`` and its peak resident memory in KiB, as the
    launcher (see the module's text) measures them."""
    done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *command], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    elapsed, peak_kb, status = done.stdout.split()
    if int(status) not in ok:
        raise RuntimeError(f"{' '.join(command)}: exit {status}: {done.stderr.strip()[-500:]}")
    return float(elapsed), int(peak_kb)


def synthetic_file(n: int, folder: Path) -> Path:
    """The synthetic design of ``n`` components (benchmarks/synthetic.py) written to a file."""
    from benchmarks.synthetic import synthetic_design
    from workbench.model.canonical import dump_design

    path = folder / f"synthetic-{n}.yaml"
    if not path.exists():
        path.write_text(dump_design(synthetic_design(n)), encoding="utf-8")
    return path


def start_up(runs: int = 7) -> Timing:
    """``ehrwb --help``: one interpreter start and the command line's own imports."""
    return run_whole(ehrwb("--help"), runs, ok=(0,))
