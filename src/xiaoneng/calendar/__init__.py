"""Working-day calendar: official holidays and make-up days, local overrides, provisional years (SPEC B1, B2, B5)."""
