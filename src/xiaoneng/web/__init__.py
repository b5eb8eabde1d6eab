"""The web edge: pages and the JSON API over the same services."""
