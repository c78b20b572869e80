"""Validators: the rule engine and its report (no Qt)."""
