"""`ehrwb propose` as a user waits for it, and whether the same requirements give the same bytes.

    .venv/bin/python -m benchmarks.bench_propose [--runs N] [CASE ...]

Each case is `ehrwb propose ... --as-of 2026-11-28 -o OUT --force` (the date fixed, so the
figures do not depend on the day) in a fresh interpreter, imports and start-up included, timed
from outside: the median of N runs (default 5) with their spread (min-max) and the peak
resident memory of the command itself (benchmarks/whole_process.py). The cases:

- `flagship`: the academic medical center's requirements (assets/samples/academic-medical-
  center-ali.yaml: 25,000 users, 14 M GRefs/s growing 6 % a year over 5 years, 99.95 %,
  nine sites) with `--fail-on warning`: no catalog configuration keeps 14 M growing 6 % a
  year within the 75 % headroom limit (THR-010, information, which the hand-built sample
  carries too), so only with information findings accepted is there a design to search for.
  `--baa-confirmed azure-large-instances` records what the sample's RISK-01 waits for (the
  provider's written confirmation that Azure Large Instances are within the BAA); without it
  every Azure Large Instances design carries CMP-006's warning.
- `flagship-unconfirmed`: the same without `--baa-confirmed`: the widest search of the
  flagship, which may find nothing that passes (exit 1 after the whole search).
- `flagship-default`: the flagship's requirements at the default `--fail-on info`: refused in
  one line before any design is built (exit 1); timed apart, it is no measure of the search.
- `community`: the community hospital's requirements (community-hospital-shared.yaml).
- `widest`: 10,000 users, no regions, `--tenancy cheapest`, every provider's BAA signed:
  every production region of every provider, both tenancies; the organisation's records
  (DR test, criticality analysis, break-glass procedure, owner, revision) are given so that
  the compliance rules do not reject every design.

Determinism: besides the timed runs, each case runs three more times with PYTHONHASHSEED 1, 2
and 3 (set and dict orders differ between them), each writing its own file; the design files
(or, for a refusal, the one-line statement) of those runs and of the last timed run must be
byte-identical. Budget (issue 19), whole process on a 2-core machine: a flagship-size
proposal <= 5 s, judged on every case. Exit 1 when a case is OVER, exits otherwise than
expected, or is not deterministic.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.whole_process import ehrwb, run_whole, verdict

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-28"
BUDGET_S = 5.0
RUNS = 5
HASH_SEEDS = ("1", "2", "3")
FLAGSHIP = ("--from", "assets/samples/academic-medical-center-ali.yaml", "--baa-signed", "azure")
RECORDS = ("--last-dr-test", "2026-06-01", "--criticality-analysis", "2026-06-01",
           "--emergency-access", "Break-glass accounts in the vault, reviewed monthly",
           "--owner", "Architecture board", "--revision", "1", "--effective-date", AS_OF)


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    exit: int  # the exit status expected: 0 a proposal, 1 a refusal
    note: str


CASES = (
    Case("flagship", (*FLAGSHIP, "--baa-confirmed", "azure-large-instances",
                      "--fail-on", "warning"), 0,
         "flagship requirements, information findings accepted (THR-010), ALI BAA confirmed"),
    Case("flagship-unconfirmed", (*FLAGSHIP, "--fail-on", "warning"), 1,
         "the same, ALI BAA unconfirmed (RISK-01): the whole search, nothing passes"),
    Case("flagship-default", FLAGSHIP, 1,
         "flagship requirements at --fail-on info: refused before any design is built"),
    Case("community", ("--from", "assets/samples/community-hospital-shared.yaml",
                       "--baa-signed", "azure"), 0,
         "community hospital requirements, default --fail-on info"),
    Case("widest", ("--users", "10000", "--tenancy", "cheapest",
                    "--baa-signed", "azure,aws,google", *RECORDS), 0,
         "10,000 users, no regions, --tenancy cheapest, every provider"),
)


def command(case: Case, out: Path) -> list[str]:
    return ehrwb("propose", *case.args, "--as-of", AS_OF, "-o", str(out), "--force")


def shown(case: Case) -> str:
    """The command line as a user types it (for the README)."""
    quoted = [f'"{a}"' if " " in a else a for a in case.args]
    return " ".join(["ehrwb propose", *quoted, "--as-of", AS_OF, "-o", "OUT.yaml"])


@dataclass(frozen=True)
class Outcome:
    data: bytes  # the design file, or the one-line statement of a refusal
    first_line: str
    considered: int | None


def once(case: Case, out: Path, seed: str | None = None, fmt: str = "text") -> Outcome:
    """One untimed run (with PYTHONHASHSEED ``seed``): what it wrote and said."""
    env = dict(os.environ)
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    done = subprocess.run([*command(case, out), "--format", fmt], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != case.exit:
        raise RuntimeError(f"{shown(case)}: exit {done.returncode}, expected {case.exit}: "
                           f"{done.stderr.strip()[-500:]}")
    if fmt == "json":
        return Outcome(b"", "", len(json.loads(done.stdout)["considered"]))
    if case.exit == 0:
        first = done.stdout.splitlines()[0]
        data = out.read_bytes()
    else:
        first = done.stderr.strip().splitlines()[0]
        data = first.encode()
    found = re.search(r"(\d+) designs considered", first)
    return Outcome(data, first, int(found.group(1)) if found else None)


def differences(runs: list[bytes]) -> str:
    """The first lines where a run's bytes differ from the first run's (a unified diff)."""
    for other in runs[1:]:
        if other != runs[0]:
            diff = difflib.unified_diff(runs[0].decode().splitlines(),
                                        other.decode().splitlines(), lineterm="", n=1)
            return "\n".join(list(diff)[:20])
    return ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_propose")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"timed runs a case ({RUNS})")
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=", ".join(c.name for c in CASES) + " (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.cases) - {c.name for c in CASES}
    if unknown:
        parser.error(f"no case {', '.join(sorted(unknown))}")
    chosen = [c for c in CASES if not args.cases or c.name in args.cases]
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"({os.cpu_count()} CPUs); --as-of {AS_OF}; median of {args.runs}\n")
    print(f"| case | exit | designs considered | whole process s (median of {args.runs}) | "
          "spread s | peak MB | same bytes | budget |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    failed = False
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in chosen:
            out = Path(tmp) / f"{case.name}.yaml"
            t = run_whole(command(case, out), args.runs, ok=(case.exit,), cwd=str(ROOT))
            outcomes = [once(case, Path(tmp) / f"{case.name}-{seed}.yaml", seed)
                        for seed in HASH_SEEDS]
            runs = [o.data for o in outcomes] + ([out.read_bytes()] if case.exit == 0 else [])
            same = len(set(runs)) == 1 and len({o.first_line for o in outcomes}) == 1
            considered = outcomes[0].considered
            if considered is None:  # a refusal says no count: the JSON lists the designs
                considered = once(case, Path(tmp) / f"{case.name}-json.yaml",
                                  fmt="json").considered
            judged = verdict(t.median, BUDGET_S)
            failed |= judged.endswith("OVER") or not same
            print(f"| {case.name} | {case.exit} | {considered} | {t.median:.2f} | {t.spread} | "
                  f"{t.peak_mb:.0f} | {'yes' if same else 'NO'} ({len(runs)} "
                  f"{'files' if case.exit == 0 else 'statements'}) | {judged} |", flush=True)
            notes.append(f"- {case.name}: {case.note}\n  `{shown(case)}`\n  "
                         f"{outcomes[0].first_line[:200]}")
            if not same:
                notes.append(differences(runs) or "  (the summaries differ)")
    load = os.getloadavg()
    print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print("\n".join(notes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
