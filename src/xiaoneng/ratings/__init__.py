"""好差评: five-level ratings from every channel (SPEC C1-C7)."""
