"""Rules of the DSN family."""
