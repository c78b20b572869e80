"""EHR Topology Workbench: design, check and document where an Epic-class EHR runs."""

__version__ = "0.1.0"
