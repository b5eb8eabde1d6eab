"""Organisation: centers, departments, windows, service points and staff (SPEC A1, A3)."""
