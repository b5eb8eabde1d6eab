"""Append-only audit records chained by SHA-256 digests (SPEC J1)."""
