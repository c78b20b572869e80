"""Rules of the CMP family."""
