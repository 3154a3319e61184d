"""report-lint: checks a BTS SN E61 activity report against the regulation (Annexe VII)."""

__version__ = "0.1.0"
