"""Rules of the RED family."""
