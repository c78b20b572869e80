"""Rules of the PLC family."""
