"""A large load leaves what it built out of the collector's sight (gc.freeze), with the
collector running again afterwards; a small one changes nothing (issue 17)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from benchmarks.synthetic import synthetic_design
from workbench.model.canonical import dump_design
from workbench.model.io import FREEZE_FROM_BYTES, loads_design
from workbench.samples import flagship_path


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_large_load_is_frozen_and_the_collector_runs_again(unfrozen: None) -> None:
    text = dump_design(synthetic_design(1000))
    assert len(text) >= FREEZE_FROM_BYTES
    loaded = loads_design(text)
    assert gc.get_freeze_count() > len(loaded.design.components)
    assert gc.isenabled()


def test_a_small_load_is_not_frozen(unfrozen: None) -> None:
    text = flagship_path().read_text(encoding="utf-8")
    assert len(text) < FREEZE_FROM_BYTES
    loads_design(text)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
