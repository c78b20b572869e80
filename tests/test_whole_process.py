"""The arithmetic of benchmarks/whole_process.py and the cfn-lint template's size (no timing
is asserted: a shared machine makes wall times noisy)."""

from __future__ import annotations

import sys

import pytest

from benchmarks.bench_cfn_lint import template
from benchmarks.whole_process import Timing, run_whole, verdict


def test_median_and_spread_of_runs() -> None:
    timing = Timing((0.9, 0.5, 0.7, 0.6, 2.0), peak_mb=80.0)
    assert timing.median == 0.7
    assert (timing.low, timing.high) == (0.5, 2.0)
    assert timing.spread == "0.50-2.00"


def test_median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two() -> None:
    assert Timing((0.4, 0.1, 0.3, 0.2)).median == 0.25


def test_budgets_read_ok_at_or_under_and_over_above() -> None:
    assert verdict(0.5, 0.5) == "≤ 0.5 s: ok"
    assert verdict(0.51, 0.5) == "≤ 0.5 s: OVER"
    assert verdict(432.0, 400.0, "MB") == "≤ 400 MB: OVER"
    assert verdict(3.0, None) == "-"


def test_each_run_is_a_fresh_process_and_a_failing_command_raises() -> None:
    timing = run_whole([sys.executable, "-c", "pass"], runs=3)
    assert len(timing.seconds) == 3 and timing.peak_mb > 0
    with pytest.raises(RuntimeError, match="exit 5"):
        run_whole([sys.executable, "-c", "import sys; sys.exit(5)"], runs=1)


def test_the_template_has_exactly_the_resources_asked_for() -> None:
    resources = template(1000)["Resources"]
    assert len(resources) == 1000
    kinds = {r["Type"] for r in resources.values()}
    assert {"AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::EC2::SecurityGroupIngress"} <= kinds


def test_a_warm_up_run_writes_bytecode_caches_even_where_the_shell_says_not_to(tmp_path) -> None:
    (tmp_path / "probe_module.py").write_text("VALUE = 1\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"}
    timing = run_whole([sys.executable, "-c", "import probe_module"], runs=2, env=env)
    assert len(timing.seconds) == 2  # the warm-up is not one of the timed runs
    assert list((tmp_path / "__pycache__").glob("probe_module.*.pyc"))


def test_the_peak_is_the_commands_own_not_that_of_the_process_measuring_it() -> None:
    held = b"x" * (120 * 2**20)  # the benchmark may hold a large design while it measures
    timing = run_whole([sys.executable, "-c", "pass"], runs=1)
    assert len(held) and 0 < timing.peak_mb < 80
