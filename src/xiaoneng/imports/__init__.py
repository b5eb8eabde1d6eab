"""Bulk import of organisation, items and staff from XLSX and CSV (SPEC A4)."""
