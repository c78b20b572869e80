"""Analysis of a design against the catalogs: pure functions, no Qt."""
