"""xiaoneng (效能): supervision platform for government service centers."""

__version__ = "0.1.0"
