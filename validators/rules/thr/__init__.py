"""Rules of the THR family."""
