"""Service items (事项) with their guides and required materials (SPEC A2)."""
