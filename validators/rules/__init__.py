"""The rule catalogue, one module per rule, grouped by family (see validators.registry)."""
