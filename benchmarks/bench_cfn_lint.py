"""`ehrwb validate` beside cfn-lint on an equal-size input, measured in the same run.

    .venv/bin/python -m benchmarks.bench_cfn_lint [N]

cfn-lint, the rule engine the validators are modelled on, checks a CloudFormation template; the
goal (issue 17) is that ehrwb validates a design of N = 1,000 components at least 15x faster
than cfn-lint checks a template of N resources. The template is built here: a VPC, subnets and
security groups across six zones, then instances (each with its volume, subnet, security group
and tags, like a component with its SKU, zone and controls) and security-group ingress rules
between them (like links) until there are N resources. cfn-lint finds one error in it, E3010:
CloudFormation itself takes at most 500 resources a template, which any template of 1,000
breaks; every resource is still checked.

cfn-lint is installed once with pip into its own virtual environment under
$EHRWB_BENCH_CACHE (default ~/.cache/ehrwb-bench)/cfn-lint, never into the project's; when
that install fails the comparison is skipped with a message (exit 0). Both commands run as
whole processes, a fresh interpreter each time (benchmarks/whole_process.py): cfn-lint median
of 3, ehrwb median of 5, each with its spread. Exit 1 when the ratio is under the goal or
ehrwb is over its 0.5 s budget.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.whole_process import ehrwb, run_whole, synthetic_file, verdict

GOAL_RATIO = 15.0
BUDGET_S = {1000: 0.5}
ZONES = 6
# cfn-lint's exit status is a bit mask of what it found (2 error, 4 warning, 8 informational);
# a crash is 1 or 32 and fails the run.
CFN_LINT_OK = tuple(code for code in range(16) if code != 1)


def cache_dir() -> Path:
    base = os.environ.get("EHRWB_BENCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "ehrwb-bench")
    return Path(base)


def cfn_lint() -> Path | None:
    """The cfn-lint command of the benchmark's own virtual environment, installed on first
    use; None (with a message on standard error) when it cannot be installed."""
    venv = cache_dir() / "cfn-lint"
    command = venv / "bin" / "cfn-lint"
    if command.exists():
        return command
    print(f"installing cfn-lint into {venv} (once)...", file=sys.stderr, flush=True)
    steps = ([sys.executable, "-m", "venv", "--clear", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "cfn-lint"])
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            print(f"cfn-lint comparison skipped: cannot install cfn-lint ({' '.join(step[-3:])}"
                  f" failed: {reason[0][:300]})", file=sys.stderr)
            return None
    return command if command.exists() else None


def template(n: int) -> dict[str, Any]:
    """A CloudFormation template of exactly ``n`` resources (n >= 2 * ZONES + 3)."""
    resources: dict[str, Any] = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {
        "CidrBlock": "10.0.0.0/16", "EnableDnsSupport": True, "EnableDnsHostnames": True}}}
    for z in range(ZONES):
        resources[f"Subnet{z}"] = {"Type": "AWS::EC2::Subnet", "Properties": {
            "VpcId": {"Ref": "Vpc"}, "CidrBlock": f"10.0.{z}.0/24",
            "AvailabilityZone": {"Fn::Select": [z % 3, {"Fn::GetAZs": ""}]}}}
        resources[f"Group{z}"] = {"Type": "AWS::EC2::SecurityGroup", "Properties": {
            "GroupDescription": f"zone {z} tier", "VpcId": {"Ref": "Vpc"}}}
    instances = (n - len(resources)) * 2 // 3 // 2  # an instance and its volume, two resources
    for i in range(instances):
        z = i % ZONES
        resources[f"Server{i}"] = {"Type": "AWS::EC2::Instance", "Properties": {
            "ImageId": "ami-0abcdef1234567890", "InstanceType": "m5.2xlarge",
            "SubnetId": {"Ref": f"Subnet{z}"}, "SecurityGroupIds": [{"Ref": f"Group{z}"}],
            "Tags": [{"Key": "Name", "Value": f"server-{i}"},
                     {"Key": "Role", "Value": ("presentation", "ecp", "interconnect")[i % 3]}]}}
        resources[f"Volume{i}"] = {"Type": "AWS::EC2::Volume", "Properties": {
            "AvailabilityZone": {"Fn::GetAtt": [f"Server{i}", "AvailabilityZone"]},
            "Size": 512, "VolumeType": "gp3", "Encrypted": True}}
    link = 0
    while len(resources) < n:
        source, target = link % ZONES, (link + 1) % ZONES
        resources[f"Link{link}"] = {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Ref": f"Group{target}"}, "SourceSecurityGroupId": {"Ref":
                                                                            f"Group{source}"},
            "IpProtocol": "tcp", "FromPort": 1024 + link, "ToPort": 1024 + link}}
        link += 1
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"ehrwb benchmark: {n} resources", "Resources": resources}


def main(n: int) -> int:
    import yaml

    command = cfn_lint()
    if command is None:
        return 0
    version = subprocess.run([str(command), "--version"], capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        cfn = Path(tmp) / "template.yaml"
        cfn.write_text(yaml.safe_dump(template(n), sort_keys=False), encoding="utf-8")
        design = synthetic_file(n, Path(tmp))
        theirs = run_whole([str(command), str(cfn)], 3, ok=CFN_LINT_OK)
        ours = run_whole(ehrwb("validate", str(design), "--fail-on", "never"), 5)
        sizes = {p: p.stat().st_size / 1024 for p in (cfn, design)}
    ratio = theirs.median / ours.median
    goal = "ok" if ratio >= GOAL_RATIO else "OVER"
    budget = verdict(ours.median, BUDGET_S.get(n))
    print("| command | input | whole process s (median) | spread s | peak MB |")
    print("|---|---|---:|---:|---:|")
    print(f"| {version} | CloudFormation template, {n:,} resources, {sizes[cfn]:,.0f} KB | "
          f"{theirs.median:.2f} | {theirs.spread} | {theirs.peak_mb:.0f} |")
    print(f"| ehrwb validate | design, {n:,} components, {sizes[design]:,.0f} KB | "
          f"{ours.median:.3f} | {ours.spread} | {ours.peak_mb:.0f} |")
    print(f"\nehrwb is {ratio:.1f}x faster than cfn-lint (goal >= {GOAL_RATIO:g}x: {goal}); "
          f"ehrwb {budget}", flush=True)
    return 1 if goal == "OVER" or budget.endswith("OVER") else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
