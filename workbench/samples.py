"""The bundled sample designs (installed as workbench.assets)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FLAGSHIP = "academic-medical-center-ali.yaml"


def samples_dir() -> Path:
    return Path(str(resources.files("workbench.assets") / "samples"))


def sample_paths() -> list[Path]:
    return sorted(samples_dir().glob("*.yaml"))


def flagship_path() -> Path:
    return samples_dir() / FLAGSHIP
