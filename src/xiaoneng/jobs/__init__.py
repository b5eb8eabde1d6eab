"""Timed work (SPEC K3)."""
