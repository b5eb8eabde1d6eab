"""Demo district generator (SPEC K6)."""
