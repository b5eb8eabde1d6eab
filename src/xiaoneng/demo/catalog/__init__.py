"""Fictional but plausible data of the demo district 锦城新区: places, people, departments and service items."""
