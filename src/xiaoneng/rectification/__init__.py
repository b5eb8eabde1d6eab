"""The closed loop that drives every bad review to rectification and callback (SPEC D1-D7)."""
