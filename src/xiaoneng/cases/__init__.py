"""Cases (办件) and their deadline clocks (SPEC B3, S1 限时办结)."""
